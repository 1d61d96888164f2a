import { paceDelayMs, readRateLimit, resetDelayMs } from '../../../../src/adapters/okta/rateLimit';

const headers = (values: Record<string, string>) => new Headers(values);

describe('resetDelayMs()', () => {
  it("measures the reset against Okta's Date header, not the local clock", () => {
    // Prepare: the local clock runs 30 s ahead of Okta's.
    const date = Date.parse('2026-01-01T00:00:20Z');
    const h = headers({ 'x-rate-limit-reset': String(date / 1000 + 40), date: new Date(date).toUTCString() });
    // Act / Assess
    expect(resetDelayMs(h, date + 30_000)).toBe(40_000);
  });

  it('falls back to the local clock without a Date header, and never goes negative', () => {
    expect(resetDelayMs(headers({ 'x-rate-limit-reset': '100' }), 101_000)).toBe(0);
    expect(resetDelayMs(headers({}), 0)).toBeUndefined();
  });
});

describe('paceDelayMs()', () => {
  const now = 1_000_000;
  const snapshot = (limit: number, remaining: number) =>
    readRateLimit(headers({ 'x-rate-limit-limit': String(limit), 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-reset': String(now / 1000 + 30) }), now);

  it.each([
    [600, 61, 0],
    [600, 60, 30_000],
    [600, 0, 30_000],
    [5, 2, 0],
    [5, 1, 30_000],
  ])('with limit %i and %i remaining waits %i ms', (limit, remaining, wait) => {
    expect(paceDelayMs(snapshot(limit, remaining), 0.1, now)).toBe(wait);
  });

  it('does not wait once the window has reset, or without a snapshot', () => {
    expect(paceDelayMs(snapshot(600, 0), 0.1, now + 30_000)).toBe(0);
    expect(paceDelayMs(undefined, 0.1, now)).toBe(0);
  });
});
