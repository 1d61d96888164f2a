/**
 * An expired invitation through the whole local stack: the reconcile (provisioning.reinviteExpired)
 * asks the consumer, which re-invites with BatchReinviteUser. Lean on purpose: it is also the
 * local call that exercises the sync role's wickr:BatchReinviteUser grant (docs/operations.md § IAM).
 */
import { companySeed, companyUsers, MAPPING, type ReconcileStack, startReconcileStack } from './reconcileWorld';

describe('e2e: re-inviting an expired invitation', () => {
  let world: ReconcileStack | undefined;
  afterAll(async () => world?.stop());

  it('re-invites the in-scope user whose invitation expired, once', async () => {
    // Prepare: two users; the first never accepted, and the invitation expired.
    const users = companyUsers(2);
    const seed = companySeed(users, new Map(), { ...MAPPING, provisioning: { reinviteExpired: true } });
    const pending = seed.wickr.users.find((u) => u.userId === users[0]!.wickrUserId) as Record<string, unknown>;
    Object.assign(pending, { status: 1, isInviteExpired: true });
    world = await startReconcileStack(seed);

    // Act
    const run = await world.reconcile();

    // Assess
    expect(run.report).toMatchObject({ status: 'succeeded', toReinvite: 1 });
    expect(world.stack.wickr.state().requests.BatchReinviteUser).toEqual({ 200: 1 });
  });
});
