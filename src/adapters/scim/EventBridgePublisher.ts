/**
 * Publishes SCIM events (core/scim/events.ts) to the stack's bus with PutEvents. An entry the bus
 * refuses (`FailedEntryCount`, per-entry `ErrorCode`) is answered as failed, so its outbox entry
 * stays for the drain; a failed call throws a classified `DependencyError`.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 */
import { type EventBridgeClient, PutEventsCommand, type PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import { fromAwsError } from '../aws/sdkErrors';
import { Dependency } from '../../core/errors';
import { SCIM_SOURCE } from '../../core/scim/events';
import type { ScimPublisher } from '../../core/scim/ports';
import type { OutboxEntry } from '../../core/scim/types';

/** {@link ScimPublisher} on one event bus. */
export class EventBridgePublisher implements ScimPublisher {
  readonly #client: EventBridgeClient;
  readonly #busName: string;

  public constructor(options: { client: EventBridgeClient; busName: string }) {
    this.#client = options.client;
    this.#busName = options.busName;
  }

  public async publish(entries: readonly OutboxEntry[]): Promise<{ readonly failed: readonly string[] }> {
    if (entries.length === 0) return { failed: [] };
    let out: PutEventsCommandOutput;
    try {
      out = await this.#client.send(
        new PutEventsCommand({
          Entries: entries.map((e) => ({ EventBusName: this.#busName, Source: SCIM_SOURCE, DetailType: e.detailType, Detail: JSON.stringify(e.detail), Time: new Date(e.createdAt) })),
        }),
      );
    } catch (error) {
      throw fromAwsError(error, Dependency.Queue, 'PutEvents');
    }
    if (!out.FailedEntryCount) return { failed: [] };
    return { failed: entries.filter((_e, i) => out.Entries?.[i]?.ErrorCode !== undefined || out.Entries?.[i] === undefined).map((e) => e.eventId) };
  }
}
