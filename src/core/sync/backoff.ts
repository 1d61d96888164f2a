import type { Random } from '../ports';

/** Settings for handing a record back to SQS. */
export type RetryDelayPolicy = {
  /** Ceiling of the delay for the first redelivery, seconds. @default 2 */
  readonly baseSeconds: number;
  /** Cap of the ceiling, seconds (SQS allows up to 12 h of visibility; keep it well below the retention). @default 900 */
  readonly maxSeconds: number;
};

/**
 * With the default `maxReceiveCount` of 20, these delays keep a failing record for at least
 * 83 minutes (and at most 2.8 hours) before it is dead-lettered: a one-hour outage of Wickr or
 * the IdP is waited out. docs/consumer.md § Retry schedule has the table.
 */
const DEFAULT_RETRY_DELAY: RetryDelayPolicy = { baseSeconds: 2, maxSeconds: 900 };

/**
 * Visibility timeout for a record that failed `receiveCount` times: a ceiling exponential in
 * the receive count and capped, with "equal jitter" (half the ceiling fixed, half random; AWS
 * Architecture Blog, "Exponential Backoff And Jitter"). The fixed half is what makes the
 * retry budget a guaranteed length of time, which full jitter (0 to the ceiling) is not. At
 * least 1 s, so the message does not come straight back.
 */
export function retryDelaySeconds(receiveCount: number, random: Random, policy: RetryDelayPolicy = DEFAULT_RETRY_DELAY): number {
  const exponent = Math.min(Math.max(receiveCount - 1, 0), 20);
  const ceiling = Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** exponent);
  return Math.max(1, Math.round(ceiling / 2 + random() * (ceiling / 2)));
}
