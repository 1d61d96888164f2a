import type { LocalStack } from '../../local/stack/stack';
import { eventsFor, planUsers, prng, seedFor, shuffle } from './company';
import { expectNoExtraWrites, expectWickrMatchesTruth, runE2E, settledCount } from './harness';

/** Kills an execution environment that is mid-batch: it is busy and Wickr has already taken a write. */
async function killMidBatch(stack: LocalStack, killed: number[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const writes = stack.wickr.state().requests.UpdateUser?.['200'] ?? 0;
    const busy = stack.poller.environments().find((e) => e.busy() && e.pid());
    if (writes > 0 && busy) {
      killed.push(busy.pid() as number);
      busy.kill('SIGKILL');
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no execution environment was busy after a Wickr write within 60 s');
}

describe('e2e: an invocation killed mid-batch', () => {
  it('finishes the work on redelivery without writing any user twice', async () => {
    // Prepare: slow Wickr calls keep batches in flight long enough to be killed.
    const random = prng(6003);
    const users = planUsers({ okta: 8, iic: 0, generic: 8 }, random);
    const events = shuffle(
      users.flatMap((u) => eventsFor(u, 1, 'crash', random)),
      random,
    );
    const seed = seedFor(users, { faults: { latencyMs: { min: 200, max: 400 } } });
    const killed: number[] = [];

    // Act
    const run = await runE2E({ seed, events, timeoutMs: 180_000, duringRun: (stack) => killMidBatch(stack, killed) });

    // Assess
    expect(killed).toHaveLength(1);
    expectWickrMatchesTruth(run, users);
    expectNoExtraWrites(run, users);
    expect(run.report.deadLetters).toEqual([]);
    expect(settledCount(run.report)).toBe(events.length);
  }, 240_000);
});
