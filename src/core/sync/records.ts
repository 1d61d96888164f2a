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
};
