import { InvocationStats } from '../../../../src/handlers/sync/invocationStats';

const attempt = (throttled: boolean, extra: Partial<Parameters<InvocationStats['record']>[0]> = {}) => ({
  operation: 'UpdateUser',
  attempt: 1,
  throttled,
  durationMs: 5,
  willRetry: throttled,
  statusCode: throttled ? 429 : 200,
  ...extra,
});

/** A clock the test moves by hand. */
const manualClock = () => {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
};

describe(InvocationStats.name, () => {
  it('does not pause before it has seen enough attempts', () => {
    const clock = manualClock();
    const stats = new InvocationStats({ minAttempts: 4, sustainMs: 0 }, clock.now);
    for (let i = 0; i < 3; i++) stats.record(attempt(true));
    expect(stats.shouldPause()).toBe(false);
  });

  it('pauses while most recent attempts are throttled and resumes when they succeed', () => {
    const clock = manualClock();
    const stats = new InvocationStats({ window: 4, minAttempts: 4, threshold: 0.5, sustainMs: 0 }, clock.now);
    for (let i = 0; i < 4; i++) stats.record(attempt(true));
    expect(stats.shouldPause()).toBe(true);
    for (let i = 0; i < 3; i++) stats.record(attempt(false));
    expect(stats.shouldPause()).toBe(false);
  });

  it('does not pause for a burst of throttles shorter than sustainMs', () => {
    const clock = manualClock();
    const stats = new InvocationStats({ window: 4, minAttempts: 4, threshold: 0.5, sustainMs: 5000 }, clock.now);
    for (let i = 0; i < 4; i++) stats.record(attempt(true));
    clock.advance(4999);
    expect(stats.shouldPause()).toBe(false);
    // The limiter caught up: the burst is over before it lasted sustainMs.
    for (let i = 0; i < 3; i++) stats.record(attempt(false));
    clock.advance(10_000);
    expect(stats.shouldPause()).toBe(false);
  });

  it('pauses once throttling has lasted sustainMs, counted from when it crossed the threshold', () => {
    const clock = manualClock();
    const stats = new InvocationStats({ window: 4, minAttempts: 4, threshold: 0.5, sustainMs: 5000 }, clock.now);
    for (let i = 0; i < 4; i++) {
      stats.record(attempt(true));
      clock.advance(1000);
    }
    // Over the threshold since the 4th attempt (t = 3 s); now t = 4 s.
    expect(stats.shouldPause()).toBe(false);
    clock.advance(3999);
    stats.record(attempt(true));
    expect(stats.shouldPause()).toBe(false);
    clock.advance(1);
    expect(stats.shouldPause()).toBe(true);
  });

  it('starts each invocation with the breaker closed', () => {
    const clock = manualClock();
    const stats = new InvocationStats({ window: 4, minAttempts: 4, sustainMs: 1000 }, clock.now);
    for (let i = 0; i < 4; i++) stats.record(attempt(true));
    clock.advance(2000);
    expect(stats.shouldPause()).toBe(true);
    stats.reset();
    expect(stats.shouldPause()).toBe(false);
  });

  it('counts retries, throttles and successful writes, and resets per invocation', () => {
    const stats = new InvocationStats();
    stats.record(attempt(true));
    stats.record(attempt(false));
    stats.record(attempt(false, { operation: 'GetUser' }));
    expect([stats.retries, stats.throttles, stats.writes, stats.latencies.length]).toEqual([1, 1, 1, 3]);
    stats.reset();
    expect([stats.retries, stats.throttles, stats.writes, stats.latencies.length]).toEqual([0, 0, 0, 0]);
  });
});
