import { ADMIN, BREAK_GLASS, changeInConsole, companySeed, companyUsers, expectedWickr, UNMANAGED, type Drift, type ReconcileStack, startReconcileStack } from './reconcileWorld';

describe('e2e: a reconcile through the local stack (Okta emulator, Wickr emulator, moto, the real consumer)', () => {
  // 24 users, the last 2 out of scope (they left the "Wickr Users" group: suspended by the run).
  const users = companyUsers(24, 2);
  const drift = new Map<string, Drift>([
    ['3001', { securityGroupIds: ['SGENG001'] }], // wrong group
    ['3004', { securityGroupIds: ['SGDEFLT1'] }], // an engineer in the default group
    ['3005', { firstName: 'Old', lastName: 'Name' }], // wrong names
    ['3006', { suspended: true }], // suspended but in scope
    ['3007', { lastName: 'Wrong', suspended: true }],
  ]);
  const leavers = users.filter((u) => !u.inScope).map((u) => u.wickrUserId);
  const drifted = new Set([...drift.keys(), ...leavers]);
  const seed = companySeed(users, drift);
  let world: ReconcileStack;

  beforeAll(async () => {
    world = await startReconcileStack(seed);
  });
  afterAll(async () => world?.stop());

  const expectTruth = (): void => {
    const wrong = users.filter((u) => {
      const actual = world.user(u.wickrUserId);
      const want = expectedWickr(u);
      return (
        !actual ||
        actual.firstName !== want.firstName ||
        actual.lastName !== want.lastName ||
        actual.suspended !== want.suspended ||
        (u.inScope && JSON.stringify(actual.securityGroupIds) !== JSON.stringify(want.securityGroupIds))
      );
    });
    expect(wrong.map((u) => u.wickrUserId)).toEqual([]);
  };
  const untouched = (): void => {
    expect(world.user(UNMANAGED.userId)).toMatchObject({ suspended: false, securityGroupIds: UNMANAGED.securityGroupIds, firstName: UNMANAGED.firstName });
    expect(world.user(ADMIN.userId)).toMatchObject({ suspended: false, securityGroupIds: ADMIN.securityGroupIds });
    expect(world.user(BREAK_GLASS.userId)).toMatchObject({ suspended: false, securityGroupIds: BREAK_GLASS.securityGroupIds });
  };

  it('brings a drifted network back to the IdP truth, one write per drifted user, suspends who left scope and leaves unmanaged, admin and protected users alone', async () => {
    const from = world.log.length;
    const run = await world.reconcile();

    expect(run.report).toMatchObject({
      runs: 1,
      dryRun: false,
      guardTripped: false,
      status: 'succeeded',
      inScope: 22,
      wickrUsers: 27,
      linked: 25,
      drifted: drifted.size,
      messagesSent: drifted.size,
      toSuspend: leavers.length,
      toUnsuspend: 2,
      unmanaged: 2,
      skippedGeneric: 0,
    });
    expectTruth();
    untouched();
    const writes = world.writesSince(from);
    expect([...writes.keys()].sort()).toEqual([...drifted].sort());
    expect([...writes.values()].every((n) => n === 1)).toBe(true);
  });

  it('makes no write and sends no message on a second run right after', async () => {
    const writesBefore = world.wickrWrites();
    const from = world.log.length;
    const run = await world.reconcile();

    expect(run.report).toMatchObject({ status: 'succeeded', drifted: 0, messagesSent: 0, toUpdate: 0, toSuspend: 0, linked: 25 });
    expect(world.wickrWrites()).toBe(writesBefore);
    expect(world.writesSince(from).size).toBe(0);
    expect(run.outcomes.applied + run.outcomes.unchanged).toBe(0);
  });

  it('repairs users changed in the Wickr console, writing only those', async () => {
    const changes = new Map<string, Drift>([
      ['3010', { firstName: 'Console' }],
      ['3011', { securityGroupIds: ['SGENG001'] }],
      ['3013', { suspended: true }],
    ]);
    await changeInConsole(world.stack, { accessKeyId: 'test', secretAccessKey: 'test' }, changes);
    const from = world.log.length;
    const run = await world.reconcile();

    expect(run.report).toMatchObject({ status: 'succeeded', drifted: 3, messagesSent: 3 });
    expectTruth();
    untouched();
    const writes = world.writesSince(from);
    expect(Object.fromEntries(writes)).toEqual({ 3010: 1, 3011: 1, 3013: 1 });
  });

  it('trips the guard when a run would suspend more than the threshold, and writes nothing', async () => {
    // Six users leave scope at once: more than maxSuspensions (5).
    const leaving = users.slice(0, 6);
    for (const u of leaving) {
      world.stack.okta.setUser({ id: u.idpId, status: 'ACTIVE', profile: { login: u.email, email: u.email, firstName: u.firstName, lastName: u.lastName }, groupIds: u.eng ? ['00geng'] : [] });
    }
    const writesBefore = world.wickrWrites();
    const run = await world.reconcile();

    expect(run.report).toMatchObject({ status: 'guardTripped', guardTripped: true, reason: 'TooManySuspensions', toSuspend: 6, messagesSent: 0 });
    expect(world.wickrWrites()).toBe(writesBefore);
    expectTruth();
    for (const u of leaving) {
      world.stack.okta.setUser({
        id: u.idpId,
        status: 'ACTIVE',
        profile: { login: u.email, email: u.email, firstName: u.firstName, lastName: u.lastName },
        groupIds: ['00gusers', ...(u.eng ? ['00geng'] : [])],
      });
    }
  });

  it('trips the guard on an empty directory while Wickr has managed users, and writes nothing', async () => {
    world.stack.okta.reset({ users: [], groups: seed.okta?.groups as never });
    const writesBefore = world.wickrWrites();
    const run = await world.reconcile();

    // The plan would suspend everyone (toSuspend counts it); the guard stops it before any message.
    expect(run.report).toMatchObject({ guardTripped: true, reason: 'EmptyIdpListing', messagesSent: 0, toSuspend: 22 });
    expect(world.wickrWrites()).toBe(writesBefore);
    expectTruth();
  });

  it('fails the run on a failed IdP listing (the token is refused), and writes nothing', async () => {
    world.stack.okta.reset({ ...(seed.okta as object), token: 'another-token' } as never);
    const writesBefore = world.wickrWrites();
    const run = await world.reconcile();

    expect(run.report).toMatchObject({ status: 'failed', guardTripped: false, reason: 'IdpListingFailed', messagesSent: 0 });
    expect(world.wickrWrites()).toBe(writesBefore);
    expectTruth();
    untouched();
  });
});
