import { TokenBucket } from '../../../../local/wickr-emulator/rateLimiter';

describe('Class: TokenBucket', () => {
  let clock: number;
  const now = (): number => clock;

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('allows a burst, then refuses with Retry-After rounded up to whole seconds', () => {
    // Prepare
    const bucket = new TokenBucket({ requestsPerSecond: 0.5, burst: 2 }, now);

    // Act
    const results = [bucket.take(), bucket.take(), bucket.take()];

    // Assess
    expect(results).toEqual([{ allowed: true }, { allowed: true }, { allowed: false, retryAfterSeconds: 2 }]);
  });

  it('does not take a token for a refused request', () => {
    const bucket = new TokenBucket({ requestsPerSecond: 1, burst: 1 }, now);
    bucket.take();

    for (let i = 0; i < 5; i++) bucket.take();
    clock += 1_000;

    expect(bucket.take()).toEqual({ allowed: true });
  });

  it('says at least 1 second even when a token is nearly back', () => {
    const bucket = new TokenBucket({ requestsPerSecond: 100, burst: 1 }, now);
    bucket.take();

    clock += 5;

    expect(bucket.take()).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills continuously but never above the burst', () => {
    const bucket = new TokenBucket({ requestsPerSecond: 10, burst: 3 }, now);
    for (let i = 0; i < 3; i++) bucket.take();

    clock += 60_000;
    const results = Array.from({ length: 4 }, () => bucket.take().allowed);

    expect(results).toEqual([true, true, true, false]);
  });

  it('adds nothing when the clock goes backwards', () => {
    const bucket = new TokenBucket({ requestsPerSecond: 1, burst: 1 }, now);
    bucket.take();

    clock -= 10_000;
    const backwards = bucket.take();
    clock += 10_000 + 999;
    const almost = bucket.take();
    clock += 1;

    expect([backwards.allowed, almost.allowed, bucket.take().allowed]).toEqual([false, false, true]);
  });
});
