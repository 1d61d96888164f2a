import type { Clock, QueuePort, Random } from '../ports';
import type { RetryDelayPolicy } from './backoff';
import type { SyncDeps } from './syncUser';

/** Everything one batch needs besides the records. */
export type BatchDeps = SyncDeps & {
  readonly queue: QueuePort;
  /** Users processed at once in this invocation. */
  readonly concurrency: number;
  /** Identifies this invocation as the holder of per-user leases. */
  readonly owner: string;
  /** How long a per-user lease lasts if never released (a crashed invocation). */
  readonly leaseMs: number;
  /** Epoch ms after which no new user is started (the invocation's time budget). */
  readonly startDeadline: number;
  /** True while most Wickr calls are throttled: stop starting new users and hand them back. */
  readonly shouldPause: () => boolean;
  /**
   * The queue's redrive `maxReceiveCount`. On that receive a record that still fails is
   * dead-lettered by the consumer with its reason (`RetriesExhausted`), before SQS would move it
   * without one; a deferral is re-sent as a new message instead.
   */
  readonly maxReceiveCount: number;
  readonly clock: Clock;
  readonly random: Random;
  readonly retryDelay?: RetryDelayPolicy;
};
