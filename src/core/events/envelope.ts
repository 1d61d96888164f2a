/** The EventBridge event shape the queue receives (the SQS body, without an input transformer). */
import * as z from 'zod/mini';
import { PoisonError } from '../errors';

/** The parts of an EventBridge event the parsers read; the other envelope fields are kept but unused. */
export type EventBridgeEnvelope = {
  readonly source: string;
  readonly 'detail-type': string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly id?: string;
  readonly time?: string;
};

const EnvelopeSchema = z.looseObject({
  source: z.string().check(z.minLength(1)),
  'detail-type': z.string().check(z.minLength(1)),
  detail: z.record(z.string(), z.unknown()),
});

/**
 * Checks the EventBridge envelope. A rule with an input transformer or `InputPath: $.detail`
 * delivers only the detail; we reject that rather than guess the source.
 * https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html
 */
export function toEnvelope(value: unknown): EventBridgeEnvelope {
  const result = EnvelopeSchema.safeParse(value);
  if (result.success) return result.data;
  const hint =
    isObject(value) && !('source' in value) && !('detail-type' in value)
      ? ' The body looks like an event detail only: the rule target must deliver the whole event (no input transformer or InputPath).'
      : '';
  throw new PoisonError('NotAnEnvelope', `Not an EventBridge event: expected an object with string "source" and "detail-type" and an object "detail".${hint}`, { field: firstMissing(value) });
}

function firstMissing(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.source !== 'string' || value.source === '') return 'source';
  if (typeof value['detail-type'] !== 'string' || value['detail-type'] === '') return 'detail-type';
  return 'detail';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
