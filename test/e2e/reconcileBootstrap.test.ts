import { DeleteGroupMembershipCommand, DeleteUserCommand, IdentitystoreClient, ListGroupMembershipsCommand } from '@aws-sdk/client-identitystore';
import type { ScenarioEvent, ScenarioSeed } from '../../local/stack/scenario';
import { runScenario } from '../../local/stack/run';
import { iicEvent } from '../helpers/events';
import { type ReconcileStack, startReconcileStack } from './reconcileWorld';

const STORE = 'd-1234567890';
const person = (id: string, groupIds: string[]) => ({
  id: `iic-user-${id}`,
  userName: `${id}@example.com`,
  email: `${id}@example.com`,
  givenName: id.toUpperCase(),
  familyName: 'Person',
  active: true,
  groupIds,
});
const wickrUser = (userId: string, id: string, group: string, patch: object = {}) => ({
  userId,
  username: `${id}@example.com`,
  firstName: id.toUpperCase(),
  lastName: 'Person',
  securityGroupIds: [group],
  suspended: false,
  ...patch,
});

/** Identity Center users, all in Wickr already, none of whom has had an event since "deployment". */
const SEED: ScenarioSeed = {
  mapping: {
    networkId: '12345678',
    usernameAttribute: 'email',
    securityGroups: [{ idpGroup: 'Engineering', securityGroupId: 'SGENG001' }],
    defaultSecurityGroupId: 'SGDEFLT1',
    onNoMappedGroup: 'default',
    onDelete: 'suspend',
  },
  wickr: {
    networkId: '12345678',
    securityGroups: [
      { id: 'SGDEFLT1', name: 'Everyone', isDefault: true },
      { id: 'SGENG001', name: 'Engineering' },
    ],
    users: [
      wickrUser('4001', 'ava', 'SGENG001'),
      wickrUser('4002', 'ben', 'SGENG001', { firstName: 'Benjamin' }),
      wickrUser('4003', 'cat', 'SGDEFLT1', { lastName: 'Stale' }),
      wickrUser('4004', 'dan', 'SGDEFLT1'),
      wickrUser('4005', 'eve', 'SGENG001'),
      wickrUser('4006', 'fay', 'SGENG001'),
    ],
  },
  identityCenter: {
    identityStoreId: STORE,
    groups: [{ id: 'iic-group-eng', displayName: 'Engineering' }],
    users: [person('ava', ['iic-group-eng']), person('ben', ['iic-group-eng']), person('cat', []), person('dan', []), person('eve', ['iic-group-eng']), person('fay', ['iic-group-eng'])],
  },
};

describe('e2e: after a bootstrap reconcile, the event path resolves what it could not before', () => {
  let world: ReconcileStack;
  let ids: IdentitystoreClient;

  beforeAll(async () => {
    world = await startReconcileStack(SEED);
    ids = new IdentitystoreClient({ endpoint: world.stack.motoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  });
  afterAll(async () => world?.stop());

  const real = (symbolic: string): string => world.stack.symbolicIds.get(symbolic) as string;
  const membershipOf = async (who: string): Promise<string | undefined> => {
    const { GroupMemberships } = await ids.send(new ListGroupMembershipsCommand({ IdentityStoreId: STORE, GroupId: real('iic-group-eng') }));
    return GroupMemberships?.find((m) => m.MemberId && 'UserId' in m.MemberId && m.MemberId.UserId === real(`iic-user-${who}`))?.MembershipId;
  };
  const publish = (events: ScenarioEvent[]) => runScenario(world.stack, events, { timeoutMs: 60_000 });

  it('bootstraps: links every Identity Center user who has a Wickr account, repairing only the drifted ones', async () => {
    const from = world.log.length;
    const run = await world.reconcile();

    expect(run.report).toMatchObject({ status: 'succeeded', inScope: 6, linked: 6, linksWritten: 6, drifted: 2, messagesSent: 2, unmanaged: 0 });
    expect(Object.fromEntries(world.writesSince(from))).toEqual({ 4002: 1, 4003: 1 });
  });

  it('applies an Identity Center DeleteUser for a user who never had an event (found through the bootstrap link)', async () => {
    await ids.send(new DeleteUserCommand({ IdentityStoreId: STORE, UserId: real('iic-user-dan') }));
    const from = world.log.length;
    const { report } = await publish([iicEvent({ eventName: 'DeleteUser', userId: 'iic-user-dan', identityStoreId: STORE }) as unknown as ScenarioEvent]);

    expect(report.deadLetters).toEqual([]);
    expect(world.user('4004')?.suspended).toBe(true);
    expect(Object.fromEntries(world.writesSince(from))).toEqual({ 4004: 1 });
  });

  // eve and fay were in line at the bootstrap and never had an event: the bootstrap recorded their
  // group membership and membership ids, which is all the event path has to go on. (These run
  // before any PatchGroup fan-out, whose resyncs would record the members' groups themselves.)
  it('applies a SCIM PatchGroup removal (members masked) for a user who was in line at the bootstrap', async () => {
    await ids.send(new DeleteGroupMembershipCommand({ IdentityStoreId: STORE, MembershipId: await membershipOf('eve') }));
    const from = world.log.length;
    const { report } = await publish([iicEvent({ eventName: 'PatchGroup', groupId: 'iic-group-eng', identityStoreId: STORE }) as unknown as ScenarioEvent]);

    expect(report.deadLetters).toEqual([]);
    expect(world.user('4005')?.securityGroupIds).toEqual(['SGDEFLT1']);
    expect(world.user('4006')?.securityGroupIds).toEqual(['SGENG001']);
    expect(Object.fromEntries(world.writesSince(from))).toEqual({ 4005: 1 });
  });

  it('applies a DeleteGroupMembership whose membership was created before deployment', async () => {
    const MembershipId = (await membershipOf('fay')) as string;
    await ids.send(new DeleteGroupMembershipCommand({ IdentityStoreId: STORE, MembershipId }));
    const from = world.log.length;
    const { report } = await publish([iicEvent({ eventName: 'DeleteGroupMembership', membershipId: MembershipId, identityStoreId: STORE }) as unknown as ScenarioEvent]);

    expect(report.deadLetters).toEqual([]);
    expect(world.user('4006')?.securityGroupIds).toEqual(['SGDEFLT1']);
    expect(Object.fromEntries(world.writesSince(from))).toEqual({ 4006: 1 });
  });

  // ben had no IdP event and drifted: the bootstrap's ResyncUser synced him, which recorded his groups.
  it('applies a SCIM PatchGroup removal (members masked) for a user who never had an event', async () => {
    const MembershipId = await membershipOf('ben');
    await ids.send(new DeleteGroupMembershipCommand({ IdentityStoreId: STORE, MembershipId }));
    const from = world.log.length;
    const { report } = await publish([iicEvent({ eventName: 'PatchGroup', groupId: 'iic-group-eng', identityStoreId: STORE }) as unknown as ScenarioEvent]);

    expect(report.deadLetters).toEqual([]);
    expect(world.user('4002')?.securityGroupIds).toEqual(['SGDEFLT1']);
    expect(world.user('4001')?.securityGroupIds).toEqual(['SGENG001']);
    expect(Object.fromEntries(world.writesSince(from))).toEqual({ 4002: 1 });
  });
});
