import { eventsFor, planUsers, prng, seedFor, shuffle } from './company';
import { expectNoExtraWrites, expectWickrMatchesTruth, runE2E, settledCount } from './harness';

describe('e2e: a throttling storm with 5 % server errors and added latency', () => {
  it('applies everything and dead-letters nothing', async () => {
    // Prepare: all events at once against 3 requests a second.
    const random = prng(6002);
    const users = planUsers({ okta: 12, iic: 0, generic: 12 }, random);
    const events = shuffle(
      users.flatMap((u) => eventsFor(u, 1, 'storm', random)),
      random,
    );
    const seed = seedFor(users, { rateLimit: { requestsPerSecond: 3, burst: 3 }, faults: { errorRate: { 500: 0.05 }, latencyMs: { min: 20, max: 100 } } });

    // Act
    const run = await runE2E({ seed, events, timeoutMs: 180_000 });

    // Assess
    expect(run.report.wickr.requests.UpdateUser?.['429'] ?? 0).toBeGreaterThan(0);
    expect(run.report.deadLetters).toEqual([]);
    expect(run.report.events.deadLettered).toBe(0);
    expectWickrMatchesTruth(run, users);
    expectNoExtraWrites(run, users);
    expect(settledCount(run.report)).toBe(events.length);
    // Every event ended applied or unchanged (a write can go through while its response is lost: the retry then finds nothing to do).
    expect(run.report.events.applied + run.report.events.unchanged).toBe(events.length);
  }, 240_000);
});
