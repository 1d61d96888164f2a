import { eventsFor, planUsers, prng, seedFor, shuffle } from './company';
import { expectNoExtraWrites, expectWickrMatchesTruth, runE2E, settledCount } from './harness';

describe('e2e: mixed Okta, Identity Center and generic events, each delivered three times, shuffled', () => {
  it('ends with Wickr equal to the mapped IdP truth, one write per changed user and every copy but one a duplicate', async () => {
    // Prepare
    const random = prng(6001);
    const users = planUsers({ okta: 8, iic: 6, generic: 6 }, random);
    const unique = users.flatMap((u) => eventsFor(u, 1, 'mixed', random));
    const events = shuffle([...unique, ...unique, ...unique], random);

    // Act
    const run = await runE2E({ seed: seedFor(users), events });

    // Assess
    expectWickrMatchesTruth(run, users);
    expectNoExtraWrites(run, users);
    expect(run.report.deadLetters).toEqual([]);
    expect(run.report.events.published).toBe(60);
    expect(settledCount(run.report)).toBe(60);
    expect(run.report.events.duplicate).toBe(40);
    expect(run.report.events.applied + run.report.events.unchanged).toBe(20);
  });
});
