import type { Random } from '../ports';

/** Settings for handing a record back to SQS. */
export type RetryDelayPolicy = {
  /** Delay for the first redelivery, seconds. @default 2 */
  readonly baseSeconds: number;
  /** Cap, seconds (SQS allows up to 12 h; keep it well below the retention). @default 300 */
  readonly maxSeconds: number;
};

export const DEFAULT_RETRY_DELAY: RetryDelayPolicy = { baseSeconds: 2, maxSeconds: 300 };

/**
 * Visibility timeout for a record that failed `receiveCount` times: exponential in the
 * receive count, capped, with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"), and at least 1 s so the message does not come straight back.
 */
export function retryDelaySeconds(receiveCount: number, random: Random, policy: RetryDelayPolicy = DEFAULT_RETRY_DELAY): number {
  const exponent = Math.min(Math.max(receiveCount - 1, 0), 20);
  const ceiling = Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** exponent);
  return Math.max(1, Math.round(random() * ceiling));
}
