/**
 * The function's own throttle: a token bucket per execution environment. Each environment serves
 * one request at a time, so this bounds what one environment accepts, answering 429 with
 * `Retry-After`; API Gateway's stage throttling (set by the stack) bounds the total, and its 429s
 * carry no `Retry-After` (docs/scim.md § Limits).
 */
export class TokenBucket {
  #tokens: number;
  #at: number;
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: () => number;

  public constructor(options: { ratePerSecond: number; burst: number; now: () => number }) {
    this.#rate = options.ratePerSecond;
    this.#burst = options.burst;
    this.#now = options.now;
    this.#tokens = options.burst;
    this.#at = options.now();
  }

  /** Takes one token; when none is left, answers how many whole seconds until one is. */
  public take(): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#at) / 1000) * this.#rate);
    this.#at = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.#tokens) / this.#rate)) };
  }
}
