/**
 * Okta's rate-limit headers, read on every response: `X-Rate-Limit-Limit`, `X-Rate-Limit-Remaining`
 * and `X-Rate-Limit-Reset` (epoch seconds). Okta keeps one budget per endpoint family, so the
 * client keeps one snapshot per family.
 * https://developer.okta.com/docs/reference/rl-best-practices/
 */

/** One family's budget as last reported. `resetAt` is on our clock (epoch ms). */
export type RateLimitSnapshot = { readonly limit: number; readonly remaining: number; readonly resetAt: number };

/**
 * Milliseconds from now until the window resets, or undefined when Okta sent no reset. Measured
 * against Okta's own `Date` header, as Okta recommends, so a skewed local clock does not matter;
 * `Date` has whole seconds and is truncated, which can only lengthen the wait.
 */
export function resetDelayMs(headers: Headers, now: number): number | undefined {
  const reset = Number(headers.get('x-rate-limit-reset'));
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  const date = Date.parse(headers.get('date') ?? '');
  return Math.max(0, reset * 1000 - (Number.isNaN(date) ? now : date));
}

/** The family's budget from one response, or undefined when the headers are missing. */
export function readRateLimit(headers: Headers, now: number): RateLimitSnapshot | undefined {
  const limit = Number(headers.get('x-rate-limit-limit'));
  const remaining = Number(headers.get('x-rate-limit-remaining'));
  const delay = resetDelayMs(headers, now);
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || headers.get('x-rate-limit-remaining') === null || delay === undefined) return undefined;
  return { limit, remaining, resetAt: now + delay };
}

/**
 * How long a listing should wait before its next call to a family, 0 when it may go ahead. It
 * waits once `remaining` falls to `reserve` of the limit: the consumer shares the same org
 * budget, and a paced listing leaves it room instead of spending it down to a 429.
 */
export function paceDelayMs(snapshot: RateLimitSnapshot | undefined, reserve: number, now: number): number {
  if (!snapshot || now >= snapshot.resetAt) return 0;
  const keep = Math.max(1, Math.ceil(snapshot.limit * reserve));
  return snapshot.remaining <= keep ? snapshot.resetAt - now : 0;
}
