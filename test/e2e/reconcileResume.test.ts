import { waitUntilSettled } from '../../local/stack/run';
import { LocalReconcileError } from '../../local/stack/reconcile/runReconcile';
import type { ReconcileReport } from '../../local/stack/reconcile/summary';
import { changeInConsole, companySeed, companyUsers, MAPPING, type Drift, type ReconcileStack, startReconcileStack } from './reconcileWorld';

/** The counts that say what a run found and planned (not how it went). */
const planned = (r: ReconcileReport) => ({
  inScope: r.inScope,
  wickrUsers: r.wickrUsers,
  linked: r.linked,
  drifted: r.drifted,
  toUpdate: r.toUpdate,
  toSuspend: r.toSuspend,
  toUnsuspend: r.toUnsuspend,
  unmanaged: r.unmanaged,
  skippedGeneric: r.skippedGeneric,
  driftedByField: r.driftedByField,
});

describe('e2e: a reconcile stopped midway resumes and finishes with the same result', () => {
  const users = companyUsers(30);
  const drift = new Map<string, Drift>(['3001', '3003', '3005', '3008', '3013', '3021', '3022', '3029'].map((id, i) => [id, i % 2 ? { lastName: `Drift${i}` } : { suspended: true }]));
  // No scope here: every matched user is managed.
  const mapping = { ...MAPPING, scope: undefined, protectedUsernames: [] };
  let world: ReconcileStack;

  beforeAll(async () => {
    world = await startReconcileStack(companySeed(users, drift, mapping));
  });
  afterAll(async () => world?.stop());

  const redrift = () => changeInConsole(world.stack, { accessKeyId: 'test', secretAccessKey: 'test' }, drift);
  const expectOneWriteEach = (from: number): void => {
    const writes = world.writesSince(from);
    expect([...writes.keys()].sort()).toEqual([...drift.keys()].sort());
    expect([...writes.values()].every((n) => n === 1)).toBe(true);
  };

  it('continues over many short invocations to the plan a single pass computes', async () => {
    const plan = await world.reconcile({ request: { dryRun: true } });
    const from = world.log.length;
    // A 1 ms budget: every invocation reads one page or sends one slice, then hands over.
    const run = await world.reconcile({ invocationBudgetMs: 1 });

    expect(run.report.invocations).toBeGreaterThan(3);
    expect(run.report).toMatchObject({ status: 'succeeded', messagesSent: drift.size, ...planned(plan.report) });
    expectOneWriteEach(from);
  });

  it('resumes a run aborted mid-send on the next start; no message is applied twice', async () => {
    await redrift();
    const plan = await world.reconcile({ request: { dryRun: true } });
    const from = world.log.length;

    await expect(world.reconcile({ stopMidSend: 'abort' })).rejects.toThrow(LocalReconcileError);
    await waitUntilSettled(world.stack, 60_000);
    // Half the slice went out before the abort, and the consumer applied it.
    expect(world.writesSince(from).size).toBe(drift.size / 2);
    const run = await world.reconcile();

    expect(run.report).toMatchObject({ status: 'succeeded', messagesSent: drift.size, ...planned(plan.report) });
    expect(run.report.invocations).toBe(2);
    expectOneWriteEach(from);
  });

  it('resumes a run whose process was killed mid-send once its lock expires; no message is applied twice', async () => {
    await redrift();
    const plan = await world.reconcile({ request: { dryRun: true } });
    const from = world.log.length;

    // A crash frees nothing: the lock is held until the killed invocation's lease (its budget + 60 s) runs out.
    await expect(world.reconcile({ stopMidSend: 'kill', invocationBudgetMs: 2_000 })).rejects.toThrow(/exited without a result \(SIGKILL\)/);
    await waitUntilSettled(world.stack, 60_000);
    expect(world.writesSince(from).size).toBe(drift.size / 2);
    const run = await world.reconcile({ waitForLockMs: 120_000 });

    expect(run.report).toMatchObject({ status: 'succeeded', messagesSent: drift.size, ...planned(plan.report) });
    expect(run.report.invocations).toBe(2);
    expectOneWriteEach(from);
  }, 240_000);
});
