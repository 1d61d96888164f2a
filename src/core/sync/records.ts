import type { Outcome } from '../types';

/** The part of an SQS record core needs. */
export type QueueRecord = {
  readonly messageId: string;
  readonly body: string;
  readonly receiptHandle: string;
  /** SQS ApproximateReceiveCount: 1 on first delivery. */
  readonly receiveCount: number;
};

/** The end of one record, for the partial batch response, logs and metrics. */
export type RecordResult = {
  readonly messageId: string;
  readonly outcome: Outcome;
  readonly eventId?: string;
  readonly source?: string;
  readonly eventType?: string;
  readonly wickrUserId?: string;
  readonly changed?: readonly string[];
  readonly errorClass?: string;
  readonly reason?: string;
  /**
   * A `retryLater` record re-sent as a new message (a deferral on its last receive): the
   * original is settled, so it is not listed in `batchItemFailures`.
   */
  readonly requeued?: boolean;
};

/** The message ids SQS must keep (the partial batch response): every `retryLater` not re-sent. */
export function retryIds(results: readonly RecordResult[]): string[] {
  return results.filter((r) => r.outcome === 'retryLater' && !r.requeued).map((r) => r.messageId);
}
