import { DependencyError } from '../../../../src/core/errors';
import type { ReconcilePayload } from '../../../../src/core/reconcile';
import { runReconcileInvocation } from '../../../../src/core/reconcile';
import { runReconcileToCompletion } from '../../../../src/handlers/reconcile/runToCompletion';
import { FakeContinuation } from '../../../helpers/fakes';
import { ENG, ReconcileWorld, STAFF, company, worldMapping } from '../../../helpers/reconcileWorld';

/** 300 users in line but 30 whose first name drifted. */
function world(mapping = worldMapping()): ReconcileWorld {
  const { users, wickrUsers } = company(300);
  for (let i = 0; i < 30; i += 1) wickrUsers[i] = { ...(wickrUsers[i] as (typeof wickrUsers)[number]), firstName: 'Changed' };
  return new ReconcileWorld(users, wickrUsers, mapping);
}

/**
 * One invocation whose time is up at once: it reads a page, saves, hands over, and its
 * continuation is never delivered. After 10 minutes the run is free to be resumed.
 */
async function strandRun(w: ReconcileWorld, request: ReconcilePayload): Promise<string> {
  const outcome = await runReconcileInvocation(request, { ...w.runDeps(), continuation: new FakeContinuation(), invocationId: 'lost', deadline: w.time });
  expect(outcome.status).toBe('continuing');
  w.time += 10 * 60_000;
  return (outcome as { runId: string }).runId;
}

describe('Function: runReconcileInvocation(), a stored run that stopped', () => {
  it('answers a request that differs with inProgress and the stored request, and leaves the run as it was', async () => {
    // Prepare
    const w = world();
    await strandRun(w, { user: 'user1@example.com' });
    const before = structuredClone(w.runs.run);
    // Act
    const outcome = await runReconcileInvocation({}, { ...w.runDeps(), continuation: new FakeContinuation(), invocationId: 'i2', deadline: w.time + 600_000 });
    // Assess
    expect(outcome).toMatchObject({ status: 'inProgress', runId: 'run-1', request: { user: 'user1@example.com' } });
    expect((outcome as { message: string }).message).toContain('request {"user":"user1@example.com"}');
    expect((outcome as { message: string }).message).toContain('send {"user":"user1@example.com"} to finish it');
    expect(w.runs.run).toEqual(before);
    expect(w.queue.sent).toEqual([]);
  });

  it('never lets a dry run resume a live run', async () => {
    const w = world();
    await strandRun(w, {});
    await expect(runReconcileToCompletion({ dryRun: true }, w.runDeps())).rejects.toThrow(/request \{\}.*this request was not started/);
    expect(w.runs.run?.request).toEqual({});
    expect(w.queue.sent).toEqual([]);
  });

  it('resumes it for the same request, which then finishes the stored run', async () => {
    const w = world();
    await strandRun(w, { user: 'user1@example.com' });
    const result = await runReconcileToCompletion({ user: 'user1@example.com' }, w.runDeps());
    expect(result).toMatchObject({ runId: 'run-1', status: 'succeeded', counts: { messagesSent: 1 } });
  });

  it('never carries allowMassChange into a resumption that did not ask for it', async () => {
    // Prepare: a run allowed to suspend 40 of 100 managed users stops while listing.
    const { users, wickrUsers } = company(100);
    const w = new ReconcileWorld(users.slice(0, 60), wickrUsers, worldMapping({ guard: {} }));
    for (let i = 0; i < 100; i += 1) await w.state.putLink(`okta:u${i}`, { wickrUserId: `w${i}` });
    await strandRun(w, { allowMassChange: true });
    // Act + Assess: the scheduled run's empty request does not take it over...
    await expect(runReconcileToCompletion({}, w.runDeps())).rejects.toThrow(/request \{"allowMassChange":true\}/);
    expect(w.queue.sent).toEqual([]);
    // ...and only the operator's repeated override finishes it.
    const resumed = await runReconcileToCompletion({ allowMassChange: true }, w.runDeps());
    expect(resumed).toMatchObject({ runId: 'run-1', status: 'succeeded', counts: { toSuspend: 40, messagesSent: 40 } });
  });

  it('replaces a dry run that stopped: it sent nothing, so the new request starts at once', async () => {
    const w = world();
    await strandRun(w, { dryRun: true });
    const result = await runReconcileToCompletion({}, w.runDeps());
    expect(result).toMatchObject({ runId: 'run-2', status: 'succeeded', counts: { dryRun: false, messagesSent: 30 } });
  });

  it('resumes a run stored by an earlier release, whose mapping lacks the guard fields and privileged groups added since', async () => {
    const w = world();
    await strandRun(w, {});
    const stored = w.runs.run as NonNullable<typeof w.runs.run>;
    const { privilegedSecurityGroupIds: _p, ...older } = stored.mapping;
    const { maxSuspensions, maxSuspensionPercent, maxCreations } = older.guard;
    w.runs.run = { ...stored, mapping: { ...older, guard: { maxSuspensions, maxSuspensionPercent, maxCreations } } as typeof stored.mapping };
    expect(await runReconcileToCompletion({}, w.runDeps())).toMatchObject({ runId: 'run-1', status: 'succeeded', counts: { messagesSent: 30, toPromote: 0 } });
  });

  it('still answers inProgress while the stopped run is held, whatever the request', async () => {
    const w = world();
    await runReconcileInvocation({ dryRun: true }, { ...w.runDeps(), continuation: new FakeContinuation(), invocationId: 'held', deadline: w.time });
    await expect(runReconcileToCompletion({}, w.runDeps())).rejects.toThrow(/a run is in progress \(run-1.*request \{"dryRun":true\}\)/);
  });
});

describe('Function: runReconcileInvocation(), an unreadable snapshot', () => {
  it('abandons the run with a reason, and the next request starts a fresh one', async () => {
    // Prepare: the run stopped after its first chunk, which then expired.
    const w = world();
    await strandRun(w, {});
    expect(w.runs.chunks.size).toBeGreaterThan(0);
    w.runs.chunks.clear();
    // Act
    const abandoned = await runReconcileToCompletion({}, w.runDeps());
    const next = await runReconcileToCompletion({}, w.runDeps());
    // Assess
    expect(abandoned).toMatchObject({ runId: 'run-1', status: 'failed', reason: 'SnapshotUnreadable', counts: { guardTripped: false, messagesSent: 0 } });
    expect(abandoned.message).toMatch(/snapshot cannot be read .*run run-1 is abandoned and the next request starts a fresh run/);
    expect(next).toMatchObject({ runId: 'run-2', status: 'succeeded', counts: { messagesSent: 30 } });
  });

  it('keeps the run for a store outage, which a retry can outlast', async () => {
    const w = world();
    await strandRun(w, {});
    const getChunk = w.runs.getChunk.bind(w.runs);
    w.runs.getChunk = async () => {
      throw new DependencyError('DynamoDB GetItem (chunk) failed', { dependency: 'store', kind: 'TRANSIENT' });
    };
    await expect(runReconcileToCompletion({}, w.runDeps())).rejects.toThrow('DynamoDB GetItem (chunk) failed');
    w.runs.getChunk = getChunk;
    expect(await runReconcileToCompletion({}, w.runDeps())).toMatchObject({ runId: 'run-1', status: 'succeeded' });
  });
});

describe('Function: runReconcileInvocation(), the guard on group moves and promotions', () => {
  it('stops a run in which a mapped group stopped resolving and would move its 100 members', async () => {
    // Prepare: "Engineering" was renamed in the IdP; its rule names it by name.
    const { users, wickrUsers } = company(300);
    const renamed = { ...ENG, name: 'Engineering (old)' };
    const moved = users.map((u) => ({ ...u, groups: u.groups.map((g) => (g.id === ENG.id ? renamed : g)) }));
    const w = new ReconcileWorld(moved, wickrUsers);
    // Act
    const result = await runReconcileToCompletion({}, w.runDeps());
    // Assess
    expect(result).toMatchObject({ status: 'guardTripped', reason: 'TooManyGroupChanges', counts: { guardTripped: true, toChangeGroup: 100, messagesSent: 0 } });
    expect(result.message).toContain('100 security-group changes planned, more than guard.maxGroupChanges (25)');
    expect(w.queue.sent).toEqual([]);
    expect(await runReconcileToCompletion({ allowMassChange: true }, w.runDeps())).toMatchObject({ status: 'succeeded', counts: { messagesSent: 100 } });
  });

  it('promotes nobody through a look-alike group of a privileged rule, and warns that the rule matched no group by id', async () => {
    const { users, wickrUsers } = company(30);
    const lookalike = { id: '00gNew', name: 'Wickr Admins' };
    users[1] = { ...(users[1] as (typeof users)[number]), groups: [STAFF, lookalike] };
    const mapping = worldMapping({ securityGroups: [{ idpGroup: 'Wickr Admins', securityGroupId: 'SGADMIN' }, ...worldMapping().securityGroups], privilegedSecurityGroupIds: ['SGADMIN'] });
    const w = new ReconcileWorld(users, wickrUsers, mapping);
    const result = await runReconcileToCompletion({}, w.runDeps());
    expect(result).toMatchObject({ status: 'succeeded', counts: { toPromote: 0, toChangeGroup: 0, drifted: 0 } });
    expect(result.warnings).toEqual([expect.stringContaining('securityGroups[0] ("Wickr Admins" → SGADMIN) is privileged and matched no IdP group by id')]);
  });

  it('counts moves into a privileged group by id against guard.maxPromotions', async () => {
    const { users, wickrUsers } = company(300);
    const admins = { id: '00gAdmins', name: 'Wickr Admins' };
    for (let i = 1; i <= 6; i += 1) users[i] = { ...(users[i] as (typeof users)[number]), groups: [STAFF, admins] };
    const mapping = worldMapping({ securityGroups: [{ idpGroup: admins.id, securityGroupId: 'SGADMIN' }, ...worldMapping().securityGroups], privilegedSecurityGroupIds: ['SGADMIN'] });
    const w = new ReconcileWorld(users, wickrUsers, mapping);
    const result = await runReconcileToCompletion({}, w.runDeps());
    expect(result).toMatchObject({ status: 'guardTripped', reason: 'TooManyPromotions', counts: { toPromote: 6, toChangeGroup: 6 } });
    expect(result.warnings).toBeUndefined();
  });
});
