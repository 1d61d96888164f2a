import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { MaterialisedStack } from './cfn/materialise';
import { PARTNER_BUS_PREFIX } from './cfn/localNames';
import type { ScenarioEvent } from './scenario';

/**
 * The bus an event is published to, by its source, as in AWS: a SaaS partner's events arrive on
 * the partner bus named after the partner event source (created, with the partner rules, on
 * first use), AWS services' events (Identity Center through CloudTrail) on `default`, and
 * everything else (the generic event) on the stack's own bus.
 */
export function busRouter(stack: Pick<MaterialisedStack, 'ensurePartnerBus' | 'ownBusName'>): (source: string) => Promise<string> {
  return async (source) => {
    if (source.startsWith(PARTNER_BUS_PREFIX)) return stack.ensurePartnerBus(source);
    if (source.startsWith('aws.')) return 'default';
    if (!stack.ownBusName) throw new Error(`event source ${source}: the template defines no bus of its own for generic events`);
    return stack.ownBusName;
  };
}

function toEntry(event: ScenarioEvent, busName: string): PutEventsRequestEntry {
  const time = event.time ? new Date(event.time) : undefined;
  return {
    EventBusName: busName,
    Source: event.source,
    DetailType: event['detail-type'],
    Detail: JSON.stringify(event.detail),
    Resources: Array.isArray(event.resources) ? event.resources : undefined,
    Time: time && !Number.isNaN(time.getTime()) ? time : undefined,
  };
}

/**
 * Publishes the events with PutEvents, in order, up to 10 per call (the API's limit), and fails
 * on any entry EventBridge rejects. Calls `onPublished` with the running count.
 */
export async function publishEvents(
  client: EventBridgeClient,
  events: readonly ScenarioEvent[],
  busFor: (source: string) => Promise<string>,
  onPublished: (count: number) => void = () => {},
): Promise<number> {
  let published = 0;
  for (let i = 0; i < events.length; i += 10) {
    const chunk = events.slice(i, i + 10);
    const entries: PutEventsRequestEntry[] = [];
    for (const event of chunk) entries.push(toEntry(event, await busFor(event.source)));
    const out = await client.send(new PutEventsCommand({ Entries: entries }));
    if (out.FailedEntryCount) {
      const failed = (out.Entries ?? []).map((e, n) => ({ e, n })).filter(({ e }) => e.ErrorCode);
      throw new Error(`EventBridge rejected ${out.FailedEntryCount} event(s): ${failed.map(({ e, n }) => `#${i + n + 1} ${e.ErrorCode} ${e.ErrorMessage}`).join('; ')}`);
    }
    published += chunk.length;
    onPublished(published);
  }
  return published;
}
