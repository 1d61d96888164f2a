/**
 * Okta-style rate limiting: a request budget per endpoint family and fixed window, reported on
 * every API response through `X-Rate-Limit-Limit`, `X-Rate-Limit-Remaining` and
 * `X-Rate-Limit-Reset` (epoch seconds). Like Okta, each family (`/api/v1/users`,
 * `/api/v1/users/{id}`, `/api/v1/groups`, `/api/v1/groups/{id}`) spends its own budget.
 * https://developer.okta.com/docs/reference/rl-best-practices/
 */

/** The seed's rate limit: `limit` calls per family and window, `families` overriding single families. */
export type RateLimitConfig = {
  readonly limit: number;
  readonly windowSeconds: number;
  readonly families?: Readonly<Record<string, number>>;
};

/** What one API call is allowed, and the headers to send with the answer. */
export type RateLimitDecision = {
  readonly limited: boolean;
  /** True when the 429 was injected with `failNext`, not earned by spending the budget. */
  readonly injected: boolean;
  readonly headers: Readonly<Record<string, string>>;
};

/** One family's budget in the current window. */
export type FamilyBudget = { readonly limit: number; readonly remaining: number };

/** A snapshot for the state endpoint. */
export type RateLimitState = {
  /** The default limit per family. */
  readonly limit: number;
  readonly windowSeconds: number;
  /** Calls left in the current window, in the family with the fewest left. */
  readonly remaining: number;
  /** Epoch seconds when the current window ends. */
  readonly resetAt: number;
  /** 429s still to be injected. */
  readonly pendingFaults: number;
  /** Families called in this window. */
  readonly families: Readonly<Record<string, FamilyBudget>>;
};

/** The rate limiter behind the emulator's API routes. */
export type RateLimiter = {
  take(family: string): RateLimitDecision;
  failNext(n: number): void;
  reset(config: RateLimitConfig): void;
  state(): RateLimitState;
};

/** Creates a fixed-window limiter; `now` is epoch milliseconds. */
export function createRateLimiter(initial: RateLimitConfig, now: () => number): RateLimiter {
  let config = initial;
  let windowStart = Number.NaN;
  let used = new Map<string, number>();
  let pendingFaults = 0;

  const limitOf = (family: string): number => config.families?.[family] ?? config.limit;
  const roll = (): number => {
    const nowSeconds = Math.floor(now() / 1000);
    // Windows are aligned to the epoch so an injected clock gives predictable resets.
    const start = nowSeconds - (nowSeconds % config.windowSeconds);
    if (start !== windowStart) {
      windowStart = start;
      used = new Map();
    }
    return nowSeconds;
  };
  const headers = (limit: number, remaining: number, reset: number): Record<string, string> => ({
    'X-Rate-Limit-Limit': String(limit),
    'X-Rate-Limit-Remaining': String(Math.max(0, remaining)),
    'X-Rate-Limit-Reset': String(reset),
  });

  return {
    take(family) {
      const nowSeconds = roll();
      const limit = limitOf(family);
      const spent = used.get(family) ?? 0;
      if (pendingFaults > 0) {
        pendingFaults -= 1;
        // Reset "now": a client waiting reset − Date (+ jitter) retries within about a second.
        return { limited: true, injected: true, headers: headers(limit, 0, nowSeconds) };
      }
      const reset = windowStart + config.windowSeconds;
      if (spent >= limit) return { limited: true, injected: false, headers: headers(limit, 0, reset) };
      used.set(family, spent + 1);
      return { limited: false, injected: false, headers: headers(limit, limit - spent - 1, reset) };
    },
    failNext(n) {
      if (!Number.isInteger(n) || n < 0) throw new Error(`failNext expects a non-negative integer, got ${n}`);
      pendingFaults = n;
    },
    reset(next) {
      config = next;
      windowStart = Number.NaN;
      used = new Map();
      pendingFaults = 0;
    },
    state() {
      roll();
      const families = Object.fromEntries([...used].map(([family, n]) => [family, { limit: limitOf(family), remaining: limitOf(family) - n }]));
      const remaining = Math.min(config.limit, ...Object.values(families).map((f) => f.remaining));
      return { limit: config.limit, windowSeconds: config.windowSeconds, remaining, resetAt: windowStart + config.windowSeconds, pendingFaults, families };
    },
  };
}
