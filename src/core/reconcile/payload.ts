/** The reconcile function's payload (also the Lambda console's Test event), validated. */
import * as z from 'zod/mini';
import { PoisonError } from '../errors';
import { describeIssues } from '../events/zodIssues';
import type { ReconcilePayload } from './runTypes';

const text = z.string().check(z.trim(), z.minLength(1, { error: 'expected a non-empty string' }), z.maxLength(256, { error: 'expected at most 256 characters' }));
const flag = z.boolean({ error: 'expected true or false' });

const PayloadSchema = z.strictObject({
  dryRun: z.optional(flag),
  user: z.optional(text),
  group: z.optional(text),
  allowMassChange: z.optional(flag),
  /** Only the run's own hand-over sets these. */
  continueRunId: z.optional(text),
  token: z.optional(text),
  /** `{ "status": true }` answers the current or last run instead of starting one. */
  status: z.optional(flag),
});

/** A parsed payload: a request, a continuation, or a status query. */
export type ParsedPayload = ReconcilePayload & { readonly status?: boolean };

/** Validates the payload; an empty or absent one (an EventBridge schedule's) is a full run. Throws `PoisonError('InvalidPayload')` naming the field. */
export function parseReconcilePayload(value: unknown): ParsedPayload {
  // The schedule's event is an EventBridge event: nothing in it is a request.
  if (value === undefined || value === null || (typeof value === 'object' && 'detail-type' in value)) return {};
  const result = PayloadSchema.safeParse(value);
  if (!result.success) {
    const { field, message } = describeIssues(result.error);
    throw new PoisonError('InvalidPayload', `payload${field ? `.${field}` : ''}: ${message}`, { field });
  }
  return result.data;
}
