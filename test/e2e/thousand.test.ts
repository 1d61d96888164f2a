import { eventsFor, planUsers, prng, seedFor, shuffle } from './company';
import { expectNoExtraWrites, expectWickrMatchesTruth, runE2E, settledCount } from './harness';

describe('e2e: a thousand events for two hundred users', () => {
  it('converges every user to the mapped truth with at most one write each', async () => {
    // Prepare: five events per user (membership, profile, lifecycle, state), all shuffled, arriving
    // at 40 a second (moto's SQS slows down with the queue's length; an IdP does not emit 1,000 at once either).
    const random = prng(6005);
    const users = planUsers({ okta: 80, iic: 60, generic: 60 }, random);
    const events = shuffle(
      users.flatMap((u) => eventsFor(u, 5, 'k', random)),
      random,
    );

    // Act
    const run = await runE2E({ seed: seedFor(users), events, timeoutMs: 280_000, eventsPerSecond: 40 });

    // Assess
    expect(events).toHaveLength(1000);
    expectWickrMatchesTruth(run, users);
    expectNoExtraWrites(run, users);
    expect(run.report.deadLetters).toEqual([]);
    expect(settledCount(run.report)).toBe(1000);
  }, 300_000);
});
