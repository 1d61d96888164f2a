import { DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_DELAY_BASE, MAXIMUM_RETRY_DELAY, THROTTLING_RETRY_DELAY_BASE } from '@smithy/util-retry';
import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from '@smithy/types';

/** Options of {@link DeadlineRetryStrategy}; every one has a default. */
export type DeadlineRetryStrategyOptions = {
  /** Attempts in total when errors are TRANSIENT (5xx, network, timeouts). Default smithy's DEFAULT_MAX_ATTEMPTS (3). */
  maxAttempts?: number;
  /** Attempts in total when every retry was THROTTLING. Default unlimited: the caller's deadline ends them. */
  maxThrottledAttempts?: number;
  /** Backoff base for transient errors (ms). Default smithy's DEFAULT_RETRY_DELAY_BASE (100). */
  baseDelayMs?: number;
  /** Backoff base for throttling (ms). Default smithy's THROTTLING_RETRY_DELAY_BASE (500). */
  throttlingBaseDelayMs?: number;
  /** Cap of one computed backoff (ms). Default smithy's MAXIMUM_RETRY_DELAY (20 s). */
  maxDelayMs?: number;
  /** Cap of a server's Retry-After (ms). Default 20 s. */
  maxRetryAfterMs?: number;
  /** Uniform [0, 1); Math.random by default. */
  random?: () => number;
  /** Epoch ms; Date.now by default (used to turn a Retry-After date back into a delay). */
  now?: () => number;
};

/** The retry token: the count of retries so far, of which how many were for transient errors, and the next delay. */
export class DeadlineRetryToken implements StandardRetryToken {
  public constructor(
    private readonly retryCount: number,
    public readonly transientRetries: number,
    private readonly delayMs: number,
  ) {}
  public getRetryCount(): number {
    return this.retryCount;
  }
  public getRetryDelay(): number {
    return this.delayMs;
  }
  public getRetryCost(): number | undefined {
    return undefined;
  }
}

/**
 * The Wickr client's default retry policy, a smithy `RetryStrategyV2`.
 *
 * Why not smithy's StandardRetryStrategy: its retry quota (500 tokens, a few per retry, shared
 * by every call of the client) drains under a 429 storm with many concurrent callers, and then
 * it refuses every retry. Throttled work would go back to SQS and, after maxReceiveCount, to
 * the DLQ although nothing is wrong with it. So throttling has no quota and no attempt limit here:
 * it backs off (full jitter, larger base, at least a Retry-After honoured up to a cap) until the caller's
 * deadline, which the client enforces for every strategy. Transient errors keep a small attempt
 * limit; every other error type is refused. The delay is returned in the token (the client
 * sleeps, abortably and never past the deadline) rather than slept here.
 */
export class DeadlineRetryStrategy implements RetryStrategyV2 {
  public readonly mode = 'deadline';
  private readonly maxAttempts: number;
  private readonly maxThrottledAttempts: number;
  private readonly baseDelayMs: number;
  private readonly throttlingBaseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly random: () => number;
  private readonly now: () => number;

  public constructor(options: DeadlineRetryStrategyOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.maxThrottledAttempts = options.maxThrottledAttempts ?? Number.POSITIVE_INFINITY;
    this.baseDelayMs = options.baseDelayMs ?? DEFAULT_RETRY_DELAY_BASE;
    this.throttlingBaseDelayMs = options.throttlingBaseDelayMs ?? THROTTLING_RETRY_DELAY_BASE;
    this.maxDelayMs = options.maxDelayMs ?? MAXIMUM_RETRY_DELAY;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? MAXIMUM_RETRY_DELAY;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  public async acquireInitialRetryToken(): Promise<DeadlineRetryToken> {
    return new DeadlineRetryToken(0, 0, 0);
  }

  public async refreshRetryTokenForRetry(token: StandardRetryToken, errorInfo: RetryErrorInfo): Promise<DeadlineRetryToken> {
    const retries = token.getRetryCount();
    const transientBefore = token instanceof DeadlineRetryToken ? token.transientRetries : retries;
    const throttled = errorInfo.errorType === 'THROTTLING';
    if (!throttled && errorInfo.errorType !== 'TRANSIENT') throw new Error('Not retryable');
    const transientRetries = throttled ? transientBefore : transientBefore + 1;
    // Attempts made so far = retries + 1; one more is allowed while below the limit.
    if (!throttled && transientRetries >= this.maxAttempts) throw new Error('Transient attempts exhausted');
    if (throttled && retries + 1 >= this.maxThrottledAttempts) throw new Error('Throttled attempts exhausted');
    return new DeadlineRetryToken(retries + 1, transientRetries, this.delayFor(retries, throttled, errorInfo.retryAfterHint));
  }

  public recordSuccess(): void {
    // No quota to refill: nothing to record.
  }

  /**
   * Full jitter as in smithy's DefaultRetryBackoffStrategy (`random * min(base * 2^i, max)`), with injected
   * randomness. A Retry-After (capped) is the least delay, as in smithy's StandardRetryStrategy
   * (`max(backoff, Retry-After)`): callers throttled together are told the same whole second, and
   * the rate limiter in front of every attempt spreads them when they come back. Adding the jitter on
   * top instead kept throttled callers idle for half a second more on average, which the goodput
   * benchmark measured as ours falling behind the SDK's adaptive strategy (docs/performance.md §1).
   */
  private delayFor(retries: number, throttled: boolean, retryAfterHint: Date | undefined): number {
    const base = throttled ? this.throttlingBaseDelayMs : this.baseDelayMs;
    const backoff = Math.floor(this.random() * Math.min(base * 2 ** Math.min(retries, 30), this.maxDelayMs));
    if (!retryAfterHint) return backoff;
    const retryAfter = Math.min(Math.max(0, retryAfterHint.getTime() - this.now()), this.maxRetryAfterMs);
    return Math.max(retryAfter, backoff);
  }
}
