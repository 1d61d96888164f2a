import { reconcile } from '../../../../src/core/reconcile';
import type { DirectoryUser, WickrUser } from '../../../../src/core/types';
import { runReconcileToCompletion } from '../../../../src/handlers/reconcile/runToCompletion';
import { ENG, ReconcileWorld, STAFF, company, worldMapping } from '../../../helpers/reconcileWorld';

const SALES = { id: '00gSales', name: 'Sales' };
const provisioning = (patch: Record<string, unknown> = {}, guard: Record<string, unknown> = {}) =>
  worldMapping({ scope: { idpGroups: ['Wickr Users'] }, provisioning: { createUsers: true, ...patch }, guard: { maxSuspensions: 1000, maxSuspensionPercent: 100, ...guard } });

/** 20 users in line, plus `hires` in-scope users with no Wickr account, one inactive and one out of scope. */
function hiringWorld(hires: number, mapping = provisioning()): ReconcileWorld {
  const { users, wickrUsers } = company(20);
  for (let i = 0; i < hires; i += 1) users.push({ idpUserId: `h${i}`, email: `hire${i}@example.com`, firstName: 'H', lastName: `${i}`, active: true, groups: i % 2 ? [STAFF] : [STAFF, ENG] });
  users.push({ idpUserId: 'gone', email: 'gone@example.com', active: false, groups: [STAFF] });
  users.push({ idpUserId: 'sales', email: 'sales@example.com', active: true, groups: [SALES] });
  return new ReconcileWorld(users, wickrUsers, mapping);
}

describe('Reconcile with provisioning', () => {
  it('counts the in-scope users missing from Wickr as toCreate and creates them through the consumer', async () => {
    // Prepare
    const world = hiringWorld(5);
    // Act
    const first = await runReconcileToCompletion({}, world.runDeps());
    const outcomes = await world.drain();
    const second = await runReconcileToCompletion({}, world.runDeps());
    // Assess
    expect(first).toMatchObject({ status: 'succeeded', counts: { toCreate: 5, notProvisioned: 7, messagesSent: 5 } });
    expect(outcomes.map((o) => o.outcome)).toEqual(Array(5).fill('created'));
    const created = [...world.wickr.users.values()].filter((u) => u.username.startsWith('hire'));
    expect(created.map((u) => [u.username, u.securityGroupIds]).sort()).toEqual([0, 1, 2, 3, 4].map((i) => [`hire${i}@example.com`, [i % 2 ? 'SGDEF' : 'SGENG']]));
    expect(world.provisioning.calls.length).toBeLessThanOrEqual(2);
    expect([...world.wickr.users.values()].some((u) => u.username === 'gone@example.com' || u.username === 'sales@example.com')).toBe(false);
    expect(second).toMatchObject({ status: 'succeeded', counts: { toCreate: 0, notProvisioned: 2, messagesSent: 0 } });
  });

  it('stops a run that would create more than guard.maxCreations and sends nothing', async () => {
    const world = hiringWorld(4, provisioning({}, { maxCreations: 3 }));
    const result = await runReconcileToCompletion({}, world.runDeps());
    expect(result).toMatchObject({ status: 'guardTripped', reason: 'TooManyCreations', counts: { guardTripped: true, toCreate: 4, messagesSent: 0 } });
    expect(world.queue.sent).toEqual([]);
  });

  it('plans no creation when createUsers is off', () => {
    const users: DirectoryUser[] = [{ idpUserId: 'h', email: 'h@example.com', active: true, groups: [STAFF] }];
    const { actions, counts } = reconcile({ mapping: provisioning({ createUsers: false }), wickrUsers: [], links: [], sources: [{ source: 'okta', groups: [STAFF], users }] });
    expect(actions).toEqual([]);
    expect(counts).toMatchObject({ toCreate: 0, notProvisioned: 1 });
  });

  it('re-invites an in-scope user whose invitation expired, at most once per reinviteAfterHours', async () => {
    // Prepare
    const { users, wickrUsers } = company(3);
    const expired: WickrUser = { ...(wickrUsers[1] as WickrUser), isInviteExpired: true, status: 1 };
    const world = new ReconcileWorld(users, [wickrUsers[0] as WickrUser, expired, wickrUsers[2] as WickrUser], provisioning({ createUsers: false, reinviteExpired: true }));
    // Act
    const first = await runReconcileToCompletion({}, world.runDeps());
    const firstOutcomes = await world.drain();
    const second = await runReconcileToCompletion({}, world.runDeps());
    const secondOutcomes = await world.drain();
    world.state.now += 73 * 3_600_000; // the store keeps the re-invitation window by its own clock (DynamoDB: the item's leaseUntil)
    await runReconcileToCompletion({}, world.runDeps());
    await world.drain();
    // Assess
    expect(first.counts).toMatchObject({ toReinvite: 1, messagesSent: 1 });
    expect(firstOutcomes.map((o) => o.outcome)).toEqual(['applied']);
    expect(second.counts).toMatchObject({ toReinvite: 1 });
    expect(secondOutcomes).toEqual([expect.objectContaining({ outcome: 'unchanged', reason: expect.stringContaining('72 hours') })]);
    expect(world.provisioning.reinvites.map((r) => r.userIds)).toEqual([[expired.userId], [expired.userId]]);
  });
});
