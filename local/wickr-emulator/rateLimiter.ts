import type { WickrRateLimit } from './types';

/** The outcome of one `take`: allowed, or refused with the whole seconds to wait. */
export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A token bucket: starts full with `burst` tokens and refills continuously at `requestsPerSecond`.
 * A refused request takes nothing, so clients that back off as told are served at the configured rate.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: WickrRateLimit,
    private readonly now: () => number,
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }

  /** Takes one token if there is one; otherwise says how long until there is (at least 1 s, rounded up). */
  take(): TakeResult {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true };
    }
    const seconds = Math.ceil((1 - this.tokens) / this.limit.requestsPerSecond);
    // Retry-After is whole seconds (RFC 9110 §10.2.3); 0 would invite an immediate retry that fails again.
    return { allowed: false, retryAfterSeconds: Math.max(1, seconds) };
  }

  private refill(): void {
    const t = this.now();
    // A clock that goes backwards (an injected one in tests) adds nothing rather than removing tokens.
    const elapsedMs = Math.max(0, t - this.last);
    this.last = Math.max(this.last, t);
    this.tokens = Math.min(this.limit.burst, this.tokens + (elapsedMs / 1000) * this.limit.requestsPerSecond);
  }
}
