import { DependencyError } from '../../../../src/core/errors';
import type { QueuePort } from '../../../../src/core/ports';
import { runReconcileInvocation } from '../../../../src/core/reconcile';
import { runReconcileToCompletion } from '../../../../src/handlers/reconcile/runToCompletion';
import { FakeContinuation } from '../../../helpers/fakes';
import { ENG, ReconcileWorld, STAFF, company, worldMapping } from '../../../helpers/reconcileWorld';

/** A network of 600 users where 0…59 drift in group, names, suspension or username case. */
function driftedWorld(mapping = worldMapping()): ReconcileWorld {
  const { users, wickrUsers } = company(600);
  for (let i = 0; i < 60; i += 1) {
    const w = wickrUsers[i] as (typeof wickrUsers)[number];
    if (i % 4 === 0) wickrUsers[i] = { ...w, securityGroupIds: ['SGOTHER'] };
    if (i % 4 === 1) wickrUsers[i] = { ...w, firstName: 'Changed in the console' };
    if (i % 4 === 2) wickrUsers[i] = { ...w, suspended: true };
    if (i % 4 === 3) users[i] = { ...(users[i] as (typeof users)[number]), lastName: 'Renamed' };
  }
  return new ReconcileWorld(users, wickrUsers, mapping);
}

describe('Function: runReconcileToCompletion()', () => {
  it('brings a drifted network back with one message per drifted user, and a second run sends nothing', async () => {
    // Prepare
    const world = driftedWorld();
    // Act
    const first = await runReconcileToCompletion({}, world.runDeps());
    const outcomes = await world.drain();
    const second = await runReconcileToCompletion({}, world.runDeps());
    // Assess
    expect(first).toMatchObject({ status: 'succeeded', counts: { drifted: 60, messagesSent: 60, linked: 600, linksWritten: 600, toUpdate: 45, toUnsuspend: 15, inScope: 600, wickrUsers: 600 } });
    expect(first.counts.driftedByField).toEqual({ securityGroupIds: 15, firstName: 15, lastName: 15, unsuspended: 15 });
    expect(outcomes.map((o) => o.outcome)).toEqual(Array(60).fill('applied'));
    expect(new Set(world.wickr.writes.map((w) => w.userId)).size).toBe(60);
    expect(world.wickr.writes).toHaveLength(60);
    expect(second).toMatchObject({ status: 'succeeded', counts: { drifted: 0, messagesSent: 0, linksWritten: 0, linked: 600 } });
    expect(world.queue.sent).toEqual([]);
  });

  it('finishes with the same result when every invocation has time for only a few pages', async () => {
    const whole = driftedWorld();
    const sliced = driftedWorld();
    sliced.tick = 7;
    const one = await runReconcileToCompletion({}, whole.runDeps());
    const many = await runReconcileToCompletion({}, sliced.runDeps({ invocationBudgetMs: 10 }));
    expect(many.invocations).toBeGreaterThanOrEqual(5);
    expect(many.counts).toEqual(one.counts);
    expect(sliced.queue.sent.map((m) => m.body.replace(/"requestedAt":"[^"]+"|"time":"[^"]+"/g, ''))).toEqual(whole.queue.sent.map((m) => m.body.replace(/"requestedAt":"[^"]+"|"time":"[^"]+"/g, '')));
  });

  it('resumes a run whose invocation crashed mid-send and ends with each drifted user written once', async () => {
    const world = driftedWorld(worldMapping({ onUnmanaged: 'suspend' }));
    for (let i = 600; i < 900; i += 1) world.wickr.users.set(`x${i}`, { userId: `x${i}`, username: `stray${i}@example.com`, securityGroupIds: [], suspended: false });
    let calls = 0;
    const flaky: QueuePort = {
      ...world.queue,
      sendToDeadLetter: (l) => world.queue.sendToDeadLetter(l),
      delayRetry: (e) => world.queue.delayRetry(e),
      sendMessages: async (messages) => {
        calls += 1;
        if (calls === 2) throw new DependencyError('SQS down', { dependency: 'queue', kind: 'TRANSIENT' });
        await world.queue.sendMessages(messages);
      },
    };
    await expect(runReconcileToCompletion({}, world.runDeps({ queue: flaky }))).rejects.toThrow('SQS down');
    // The failed invocation freed the run: the next start resumes it at once.
    const result = await runReconcileToCompletion({}, world.runDeps());
    await world.drain();
    expect(result.runId).toBe('run-1');
    expect(result.counts).toMatchObject({ drifted: 360, messagesSent: 360, toSuspend: 300 });
    const written = world.wickr.writes.map((w) => w.userId);
    expect(written).toHaveLength(360);
    expect(new Set(written).size).toBe(360);
  });

  it("keeps a crashed invocation's lock until its lease runs out, then resumes the run", async () => {
    const world = driftedWorld();
    const store = world.runs;
    const putRun = store.putRun.bind(store);
    // The process dies after sending the second slice: nothing after that (not even freeing the run) reaches the table.
    let dead = false;
    store.putRun = async (run, expected) => {
      dead ||= run.checkpoint.sent > 250;
      if (dead) throw new Error('process killed');
      return putRun(run, expected);
    };
    await expect(runReconcileToCompletion({}, world.runDeps({ invocationBudgetMs: 60_000 }))).rejects.toThrow('process killed');
    store.putRun = putRun;
    await expect(runReconcileToCompletion({}, world.runDeps())).rejects.toThrow(/a run is in progress/);
    world.time += 20 * 60_000;
    const resumed = await runReconcileToCompletion({}, world.runDeps());
    await world.drain();
    expect(resumed).toMatchObject({ runId: 'run-1', status: 'succeeded', counts: { drifted: 60, messagesSent: 60 } });
    expect(world.wickr.writes).toHaveLength(60);
  });

  it('stops on the guard before sending anything, and sends when mass change is allowed', async () => {
    const { users, wickrUsers } = company(100);
    const world = new ReconcileWorld(users.slice(0, 80), wickrUsers, worldMapping({ guard: { maxSuspensions: 5 } }));
    for (let i = 0; i < 100; i += 1) await world.state.putLink(`okta:u${i}`, { wickrUserId: `w${i}` });
    const tripped = await runReconcileToCompletion({}, world.runDeps());
    expect(tripped).toMatchObject({ status: 'guardTripped', reason: 'TooManySuspensions', counts: { guardTripped: true, toSuspend: 20, messagesSent: 0 } });
    expect(world.queue.sent).toEqual([]);
    const allowed = await runReconcileToCompletion({ allowMassChange: true }, world.runDeps());
    expect(allowed).toMatchObject({ status: 'succeeded', counts: { toSuspend: 20, messagesSent: 20 } });
  });

  it('trips on an empty directory listing and fails on a failed one (not the guard), sending nothing', async () => {
    const { wickrUsers } = company(10);
    const empty = new ReconcileWorld([], wickrUsers, worldMapping({ guard: { maxSuspensions: 1000, maxSuspensionPercent: 100 }, onUnmanaged: 'suspend' }));
    expect(await runReconcileToCompletion({ allowMassChange: true }, empty.runDeps())).toMatchObject({ status: 'guardTripped', reason: 'EmptyIdpListing', counts: { guardTripped: true } });
    const { users } = company(10);
    const failing = new ReconcileWorld(users, wickrUsers);
    failing.lister.failNext = [undefined, undefined, new DependencyError('Okta 503', { dependency: 'directory', kind: 'TRANSIENT' })];
    expect(await runReconcileToCompletion({}, failing.runDeps())).toMatchObject({ status: 'failed', reason: 'IdpListingFailed', counts: { guardTripped: false } });
    expect([...empty.queue.sent, ...failing.queue.sent]).toEqual([]);
  });

  it('ends a whole run in one process with the reconcile summary line, as the deployed function does', async () => {
    const world = driftedWorld();
    const result = await runReconcileToCompletion({}, world.runDeps({ invocationBudgetMs: 10 }));
    const summaries = world.logger.lines.filter((l) => l.message === 'reconcile summary');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.extra).toMatchObject({ runId: result.runId, status: 'succeeded', drifted: 60, messagesSent: 60, invocations: result.invocations });
    expect(summaries[0]?.extra).not.toHaveProperty('plan');
  });

  it('reports the plan of a dry run without sending or linking', async () => {
    const world = driftedWorld();
    const result = await runReconcileToCompletion({ dryRun: true }, world.runDeps());
    expect(result).toMatchObject({ status: 'succeeded', counts: { dryRun: true, drifted: 60, messagesSent: 0, linksWritten: 0 } });
    expect(result.plan).toHaveLength(60);
    expect(result.plan[0]).toEqual({ wickrUserId: 'w0', source: 'okta', idpUserId: 'u0', reason: 'drift', fields: ['securityGroupIds'] });
    expect(world.queue.sent).toEqual([]);
    expect(world.state.links.size).toBe(0);
  });

  it('suspends users who left scope and unmanaged users through the consumer, leaving admins and protected usernames', async () => {
    const { users, wickrUsers } = company(6);
    users[1] = { ...(users[1] as (typeof users)[number]), groups: [ENG] };
    users[2] = { ...(users[2] as (typeof users)[number]), groups: [ENG] };
    wickrUsers.push(
      { userId: 'admin', username: 'admin@example.com', securityGroupIds: [], suspended: false, isAdmin: true },
      { userId: 'stray', username: 'stray@example.com', securityGroupIds: [], suspended: false },
      { userId: 'glass', username: 'glass@example.com', securityGroupIds: [], suspended: false },
    );
    const mapping = worldMapping({ scope: { idpGroups: [STAFF.name] }, onUnmanaged: 'suspend', protectedUsernames: ['GLASS@example.com', 'user2@example.com'] });
    const world = new ReconcileWorld(users, wickrUsers, mapping);
    const result = await runReconcileToCompletion({}, world.runDeps());
    await world.drain();
    expect(result.counts).toMatchObject({ inScope: 4, toSuspend: 2, unmanaged: 3, protected: 3 });
    expect(world.wickr.writes.map((w) => [w.userId, w.op, w.suspend])).toEqual(
      expect.arrayContaining([
        ['w1', 'suspend', true],
        ['stray', 'suspend', true],
      ]),
    );
    expect(world.wickr.writes).toHaveLength(2);
  });
});

describe('Function: runReconcileInvocation()', () => {
  it('answers "a run is in progress" to a second start while a run holds the lock', async () => {
    const { users, wickrUsers } = company(300);
    const world = new ReconcileWorld(users, wickrUsers);
    world.tick = 5;
    const continuation = new FakeContinuation();
    const deps = { ...world.runDeps(), continuation, invocationId: 'inv-1' };
    const first = await runReconcileInvocation({}, { ...deps, deadline: world.time + 20 });
    expect(first).toMatchObject({ status: 'continuing', runId: 'run-1' });
    const second = await runReconcileInvocation({ dryRun: true }, { ...deps, invocationId: 'inv-2', deadline: world.time + 60_000 });
    expect(second).toMatchObject({ status: 'inProgress', runId: 'run-1' });
    expect(second.status === 'inProgress' && second.message).toMatch(/a run is in progress/);
    // The continuation carries the hand-off token and takes the run; a duplicate delivery of it loses.
    const [payload] = continuation.payloads;
    const third = await runReconcileInvocation(payload as never, { ...deps, invocationId: 'inv-3', deadline: world.time + 20 });
    expect(third.status).toBe('continuing');
    const stale = await runReconcileInvocation(payload as never, { ...deps, invocationId: 'inv-4', deadline: world.time + 60_000 });
    expect(stale.status).toBe('inProgress');
  });
});
