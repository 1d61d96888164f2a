import { Outcome } from '../types';
import { retryDelaySeconds } from './backoff';
import type { Disposition } from './classify';
import { classifyFailure } from './classify';
import type { QueueRecord, RecordResult } from './records';
import type { BatchDeps } from './types';

/** A record that did not finish, with what to do about it and what is known of its event. */
export type Failure = { readonly record: QueueRecord; readonly disposition: Disposition; readonly meta: Partial<RecordResult> };

/**
 * The disposition on this receive. A failure on the last receive the queue allows
 * (`receiveCount >= maxReceiveCount`) is dead-lettered here with its last error, because SQS
 * would move it on the next receive without any reason.
 */
function budgeted(disposition: Disposition, receiveCount: number, maxReceiveCount: number): Disposition {
  if (disposition.action !== 'retry' || receiveCount < maxReceiveCount) return disposition;
  return {
    action: 'deadLetter',
    errorClass: 'RetriesExhausted',
    reason: `RetriesExhausted: last error ${disposition.lastError ?? disposition.errorClass} after ${receiveCount} receives (${disposition.reason})`,
  };
}

/**
 * Settles what did not finish: poison (and spent budgets) to the DLQ; failures and deferrals
 * back to SQS with backoff; a deferral on the last receive re-sent as a new message (its
 * receive count starts over) and the original settled. A failed DLQ send or re-send turns into
 * a plain retry, so nothing is dropped.
 */
export async function settleFailures(failures: readonly Failure[], results: Map<string, RecordResult>, deps: BatchDeps): Promise<void> {
  const retries: { record: QueueRecord; delaySeconds: number }[] = [];
  const resend: { record: QueueRecord; result: RecordResult; delaySeconds: number }[] = [];
  for (const { record, disposition: first, meta } of failures) {
    const disposition = budgeted(first, record.receiveCount, deps.maxReceiveCount);
    const base = { ...meta, messageId: record.messageId, errorClass: disposition.errorClass, reason: disposition.reason };
    const delaySeconds = retryDelaySeconds(record.receiveCount, deps.random, deps.retryDelay);
    if (disposition.action === 'deadLetter') {
      try {
        await deps.queue.sendToDeadLetter({
          body: record.body,
          messageId: record.messageId,
          errorClass: disposition.errorClass,
          reason: disposition.reason,
          eventId: meta.eventId,
          source: meta.source,
        });
        results.set(record.messageId, { ...base, outcome: Outcome.DeadLettered });
        continue;
      } catch (error) {
        deps.logger.error('dead-letter send failed; the record will be retried', { messageId: record.messageId, error: classifyFailure(error).reason });
      }
    } else if (disposition.action === 'defer' && record.receiveCount >= deps.maxReceiveCount) {
      resend.push({ record, result: { ...base, outcome: Outcome.RetryLater }, delaySeconds });
      continue;
    }
    results.set(record.messageId, { ...base, outcome: Outcome.RetryLater });
    retries.push({ record, delaySeconds });
  }

  if (resend.length > 0) {
    try {
      // SQS allows at most 15 minutes of DelaySeconds; the adapter caps the delay there.
      await deps.queue.sendMessages(resend.map(({ record, delaySeconds }) => ({ body: record.body, delaySeconds })));
      for (const { record, result } of resend) results.set(record.messageId, { ...result, requeued: true });
    } catch (error) {
      deps.logger.warn('could not re-send deferred records; they are handed back instead', { count: resend.length, error: classifyFailure(error).reason });
      for (const { record, result, delaySeconds } of resend) {
        results.set(record.messageId, result);
        retries.push({ record, delaySeconds });
      }
    }
  }

  if (retries.length === 0) return;
  try {
    await deps.queue.delayRetry(retries.map((r) => ({ receiptHandle: r.record.receiptHandle, delaySeconds: r.delaySeconds })));
  } catch (error) {
    // The queue's own visibility timeout still applies; the records are not lost.
    deps.logger.warn('could not extend visibility of retried records', { count: retries.length, error: classifyFailure(error).reason });
  }
}
