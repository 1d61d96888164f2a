/**
 * Okta-style rate limiting: a request budget per fixed window, reported on every API response
 * through `X-Rate-Limit-Limit`, `X-Rate-Limit-Remaining` and `X-Rate-Limit-Reset` (epoch seconds).
 * https://developer.okta.com/docs/reference/rl-best-practices/
 * Real Okta keeps one budget per endpoint family; the emulator keeps one for the whole org.
 */

/** What one API call is allowed, and the headers to send with the answer. */
export type RateLimitDecision = {
  readonly limited: boolean;
  /** True when the 429 was injected with `failNext`, not earned by spending the budget. */
  readonly injected: boolean;
  readonly headers: Readonly<Record<string, string>>;
};

/** A snapshot for the state endpoint. */
export type RateLimitState = {
  readonly limit: number;
  readonly windowSeconds: number;
  readonly remaining: number;
  /** Epoch seconds when the current window ends. */
  readonly resetAt: number;
  /** 429s still to be injected. */
  readonly pendingFaults: number;
};

/** The rate limiter behind the emulator's API routes. */
export type RateLimiter = {
  take(): RateLimitDecision;
  failNext(n: number): void;
  reset(config: { limit: number; windowSeconds: number }): void;
  state(): RateLimitState;
};

/** Creates a fixed-window limiter; `now` is epoch milliseconds. */
export function createRateLimiter(config: { limit: number; windowSeconds: number }, now: () => number): RateLimiter {
  let limit = config.limit;
  let windowSeconds = config.windowSeconds;
  let windowStart = Number.NaN;
  let used = 0;
  let pendingFaults = 0;

  const roll = (): number => {
    const nowSeconds = Math.floor(now() / 1000);
    // Windows are aligned to the epoch so an injected clock gives predictable resets.
    const start = nowSeconds - (nowSeconds % windowSeconds);
    if (start !== windowStart) {
      windowStart = start;
      used = 0;
    }
    return nowSeconds;
  };
  const headers = (remaining: number, reset: number): Record<string, string> => ({
    'X-Rate-Limit-Limit': String(limit),
    'X-Rate-Limit-Remaining': String(Math.max(0, remaining)),
    'X-Rate-Limit-Reset': String(reset),
  });

  return {
    take() {
      const nowSeconds = roll();
      if (pendingFaults > 0) {
        pendingFaults -= 1;
        // Reset "now": the Okta SDK then waits reset - Date + 1 s, so a retry comes after about one second.
        return { limited: true, injected: true, headers: headers(0, nowSeconds) };
      }
      const reset = windowStart + windowSeconds;
      if (used >= limit) return { limited: true, injected: false, headers: headers(0, reset) };
      used += 1;
      return { limited: false, injected: false, headers: headers(limit - used, reset) };
    },
    failNext(n) {
      if (!Number.isInteger(n) || n < 0) throw new Error(`failNext expects a non-negative integer, got ${n}`);
      pendingFaults = n;
    },
    reset(next) {
      limit = next.limit;
      windowSeconds = next.windowSeconds;
      windowStart = Number.NaN;
      used = 0;
      pendingFaults = 0;
    },
    state() {
      roll();
      return { limit, windowSeconds, remaining: limit - used, resetAt: windowStart + windowSeconds, pendingFaults };
    },
  };
}
