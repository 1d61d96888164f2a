import { memberItems, memberUserId } from '../../../../src/core/reconcile';
import { DependencyError } from '../../../../src/core/errors';
import type { DirectoryUser, WickrUser } from '../../../../src/core/types';
import { runReconcileToCompletion } from '../../../../src/handlers/reconcile/runToCompletion';
import { iicEvent } from '../../../helpers/events';
import { ENG, ReconcileWorld, STAFF, company, worldMapping } from '../../../helpers/reconcileWorld';

const IIC = 'identity-center';
const engKey = `${IIC}:group:${ENG.id}`;
const staffKey = `${IIC}:group:${STAFF.id}`;

/** An Identity Center company of `n` users, every one in line with Wickr and none ever seen by the consumer. */
function iicWorld(n: number, mapping = worldMapping({ scope: { idpGroups: [STAFF.name] } })): ReconcileWorld {
  const { users, wickrUsers } = company(n);
  return new ReconcileWorld(users, wickrUsers, mapping, 100, IIC);
}

/** Moves a directory user out of Engineering, as the IdP would, without any event. */
function leaveEngineering(world: ReconcileWorld, idpUserId: string): void {
  const user = world.okta.users.get(idpUserId) as DirectoryUser;
  world.okta.users.set(idpUserId, { ...user, groups: user.groups.filter((g) => g.id !== ENG.id) });
}

/** The world's time as a CloudTrail eventTime (the consumer refuses events from its future). */
const at = (world: ReconcileWorld): string => new Date(world.time).toISOString().replace(/\.\d+Z$/, 'Z');

/** Publishes one IdP event to the consumer and drains until no message is left. */
async function publish(world: ReconcileWorld, event: unknown): Promise<void> {
  world.queue.sent.push({ body: JSON.stringify(event) });
  for (let round = 0; world.queue.sent.length > 0 && round < 5; round += 1) await world.drain();
}

describe('The members phase of a reconcile (Identity Center)', () => {
  it('lets a masked PatchGroup reach a user who was in line at the bootstrap and then left the group', async () => {
    // Prepare: a bootstrap that sends nothing (everyone is in line).
    const world = iicWorld(30);
    const bootstrap = await runReconcileToCompletion({}, world.runDeps());
    expect(bootstrap.counts).toMatchObject({ drifted: 0, messagesSent: 0, linksWritten: 30 });
    leaveEngineering(world, 'u3');
    // Act
    await publish(world, iicEvent({ eventName: 'PatchGroup', groupId: ENG.id, identityStoreId: 'd-1', eventTime: at(world) }));
    // Assess: u3 is no longer a member, so only the recorded members reached them.
    expect(world.queue.deadLetters).toEqual([]);
    expect(world.wickr.users.get('w3')?.securityGroupIds).toEqual(['SGDEF']);
    expect(world.wickr.writes.map((w) => w.userId)).toEqual(['w3']);
    // The bootstrap's link carried the groups it recorded, so the consumer's sync dropped u3's record.
    expect(world.state.groups.get(engKey)?.has(`${IIC}:u3`)).toBe(false);
    expect(world.state.groups.get(engKey)?.has(`${IIC}:u6`)).toBe(true);
  });

  it('records each listed membership id, so a DeleteGroupMembership created before deployment resolves', async () => {
    const world = iicWorld(30);
    await runReconcileToCompletion({}, world.runDeps());
    leaveEngineering(world, 'u6');
    await publish(world, iicEvent({ eventName: 'DeleteGroupMembership', membershipId: `m-${ENG.id}-u6`, identityStoreId: 'd-1', eventTime: at(world) }));
    expect(world.queue.deadLetters).toEqual([]);
    expect(world.wickr.users.get('w6')?.securityGroupIds).toEqual(['SGDEF']);
    expect(world.wickr.writes.map((w) => w.userId)).toEqual(['w6']);
  });

  it('records every member of the scope and mapping groups once: a second run writes no record', async () => {
    const world = iicWorld(30);
    await runReconcileToCompletion({}, world.runDeps());
    const written = world.runs.groupRecordWrites;
    await runReconcileToCompletion({}, world.runDeps());
    expect(written).toBe(30 + 30 + 10 + 10);
    expect(world.state.groups.get(staffKey)?.size).toBe(30);
    expect([...(world.state.groups.get(engKey) ?? [])].sort()).toEqual(['u0', 'u12', 'u15', 'u18', 'u21', 'u24', 'u27', 'u3', 'u6', 'u9'].map((u) => `${IIC}:${u}`).sort());
    expect(world.state.memberships.get(`m-${STAFF.id}-u29`)).toBe('u29');
    expect(world.runs.groupRecordWrites).toBe(written);
  });

  it('keeps the record of a member who left, whose removal the consumer may not have applied yet', async () => {
    // Prepare: u9's record exists; u9 leaves Engineering without any event.
    const world = iicWorld(30);
    await runReconcileToCompletion({}, world.runDeps());
    leaveEngineering(world, 'u9');
    // Act
    const second = await runReconcileToCompletion({}, world.runDeps());
    // Assess: the run sends u9's resync and deletes no record.
    expect(second.counts).toMatchObject({ drifted: 1, messagesSent: 1 });
    expect(world.state.groups.get(engKey)?.has(`${IIC}:u9`)).toBe(true);
    expect(world.state.memberships.get(`m-${ENG.id}-u9`)).toBe('u9');
  });

  it('records nothing on a dry run, on a tripped guard, or for a source without group-wide triggers', async () => {
    const dry = iicWorld(30);
    await runReconcileToCompletion({ dryRun: true }, dry.runDeps());
    const guarded = iicWorld(30, worldMapping({ scope: { idpGroups: [STAFF.name] }, guard: { maxSuspensions: 1 } }));
    for (const id of ['u1', 'u2']) guarded.okta.users.set(id, { ...(guarded.okta.users.get(id) as DirectoryUser), groups: [] });
    expect(await runReconcileToCompletion({}, guarded.runDeps())).toMatchObject({ status: 'guardTripped' });
    const { users, wickrUsers } = company(30);
    const okta = new ReconcileWorld(users, wickrUsers, worldMapping({ scope: { idpGroups: [STAFF.name] } }));
    await runReconcileToCompletion({}, okta.runDeps());
    for (const world of [dry, guarded, okta]) {
      expect(world.runs.groupRecordWrites).toBe(0);
      expect(world.state.groups.size).toBe(0);
      expect(world.state.memberships.size).toBe(0);
    }
  });

  it('resumes after a failed write of member records and ends with every member recorded, nothing sent twice', async () => {
    // Prepare: u0 drifted, so the run sends one message before the members phase.
    const { users, wickrUsers } = company(30);
    wickrUsers[0] = { ...(wickrUsers[0] as WickrUser), firstName: 'Changed' };
    const world = new ReconcileWorld(users, wickrUsers, worldMapping({ scope: { idpGroups: [STAFF.name] } }), 100, IIC);
    const put = world.runs.putGroupRecords.bind(world.runs);
    let calls = 0;
    world.runs.putGroupRecords = async (...args) => {
      calls += 1;
      if (calls === 2) throw new DependencyError('DynamoDB down', { dependency: 'store', kind: 'TRANSIENT' });
      return put(...args);
    };
    // Act
    await expect(runReconcileToCompletion({}, world.runDeps())).rejects.toThrow('DynamoDB down');
    const resumed = await runReconcileToCompletion({}, world.runDeps());
    // Assess
    expect(resumed).toMatchObject({ runId: 'run-1', status: 'succeeded', counts: { messagesSent: 1 } });
    expect(world.queue.sent).toHaveLength(1);
    expect(world.state.groups.get(staffKey)?.size).toBe(30);
    expect(world.state.groups.get(engKey)?.size).toBe(10);
    expect(world.state.memberships.size).toBe(40);
  });

  it('records the same members when the phase is spread over many short invocations', async () => {
    // Prepare: 4,500 members of the scope group are three snapshot chunks.
    const whole = iicWorld(4_500);
    const sliced = iicWorld(4_500);
    sliced.tick = 7;
    // Act
    await runReconcileToCompletion({}, whole.runDeps());
    const result = await runReconcileToCompletion({}, sliced.runDeps({ invocationBudgetMs: 10 }));
    // Assess
    const phases = sliced.logger.lines.filter((l) => l.message === 'reconcile: working').map((l) => l.extra?.phase);
    expect(phases.filter((p) => p === 'members').length).toBeGreaterThanOrEqual(2);
    expect(result.status).toBe('succeeded');
    expect(sliced.state.groups).toEqual(whole.state.groups);
    expect(sliced.state.memberships).toEqual(whole.state.memberships);
    expect(sliced.runs.groupRecordWrites).toBe(whole.runs.groupRecordWrites);
  });
});

describe('Function: memberItems()', () => {
  it('pairs each member with its membership id, and keeps bare ids without one', () => {
    const items = memberItems(['u1', 'u2', 'u3'], ['m1', '', 'm3']);
    expect(items).toEqual([['u1', 'm1'], 'u2', ['u3', 'm3']]);
    expect(items.map(memberUserId)).toEqual(['u1', 'u2', 'u3']);
    expect(memberItems(['u1'], undefined)).toEqual(['u1']);
  });
});
