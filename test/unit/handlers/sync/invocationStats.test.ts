import { InvocationStats } from '../../../../src/handlers/sync/invocationStats';

const attempt = (throttled: boolean, extra: Partial<Parameters<InvocationStats['record']>[0]> = {}) => ({
  operation: 'UpdateUser', attempt: 1, throttled, durationMs: 5, willRetry: throttled, statusCode: throttled ? 429 : 200, ...extra,
});

describe(InvocationStats.name, () => {
  it('does not pause before it has seen enough attempts', () => {
    const stats = new InvocationStats({ minAttempts: 4 });
    for (let i = 0; i < 3; i++) stats.record(attempt(true));
    expect(stats.shouldPause()).toBe(false);
  });

  it('pauses while most recent attempts are throttled and resumes when they succeed', () => {
    const stats = new InvocationStats({ window: 4, minAttempts: 4, threshold: 0.5 });
    for (let i = 0; i < 4; i++) stats.record(attempt(true));
    expect(stats.shouldPause()).toBe(true);
    for (let i = 0; i < 3; i++) stats.record(attempt(false));
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
