/**
 * A whole reconcile through the real handler against moto (the state table, the queue, the
 * Identity Store) and the Wickr emulator, applied by the real sync handler draining the queue.
 */
import { randomInt } from 'node:crypto';
import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand, DeleteGroupMembershipCommand, DeleteUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import type { ContinuationPort, InvocationOutcome } from '../../../src/core/reconcile';
import type { Config } from '../../../src/handlers/config';
import { createIdentityCenterLister } from '../../../src/adapters/identitycenter';
import { buildInProcessRunDeps, createReconcileHandler, runReconcileToCompletion } from '../../../src/handlers/reconcile/index';
import { createSyncHandler } from '../../../src/handlers/sync/createSyncHandler';
import { iicEvent } from '../../helpers/events';
import type { Harness } from '../handler/harness';
import { NETWORK, lambdaContext, startHarness } from '../handler/harness';

const ids = new IdentitystoreClient({});
const MAPPING = {
  networkId: NETWORK,
  securityGroups: [{ idpGroup: 'engineering', securityGroupId: 'SGENG001' }],
  defaultSecurityGroupId: 'SGDEFLT1',
  // A small network: one move or suspension is already a large share of it.
  guard: { maxSuspensions: 5, maxSuspensionPercent: 50, maxGroupChangePercent: 50 },
};
const user = (userId: string, username: string, patch: Record<string, unknown> = {}) => ({
  userId,
  username,
  firstName: 'First',
  lastName: 'Last',
  securityGroupIds: ['SGDEFLT1'],
  suspended: false,
  ...patch,
});

describe('reconcile against moto and the Wickr emulator', () => {
  let harness: Harness;
  let storeId: string;
  let config: Config;
  const idpIds: Record<string, string> = {};
  const membershipIds: Record<string, string> = {};
  let engId: string;

  beforeAll(async () => {
    harness = await startHarness({
      mapping: MAPPING,
      wickrSeed: {
        networkId: NETWORK,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        securityGroups: [
          { id: 'SGDEFLT1', name: 'Everyone', isDefault: true },
          { id: 'SGENG001', name: 'Engineering', isDefault: false },
        ],
        users: [
          user('1001', 'ana@example.com'), // drift: should be in Engineering
          user('1002', 'bo@example.com'), // in line
          user('1003', 'cy@example.com', { firstName: 'Changed in the console' }),
          user('1004', 'dee@example.com'), // in line, deleted in the IdP later
          user('1005', 'stray@example.com'), // maps to no IdP user
          user('1006', 'eve@example.com', { securityGroupIds: ['SGENG001'] }), // in line, in Engineering
          user('1007', 'fay@example.com', { securityGroupIds: ['SGENG001'] }), // in line, in Engineering
        ],
      },
    });
    storeId = `d-${String(randomInt(1e9, 1e10))}`;
    const eng = (await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Engineering' }))).GroupId as string;
    for (const name of ['ana', 'bo', 'cy', 'dee', 'eve', 'fay']) {
      const out = await ids.send(
        new CreateUserCommand({
          IdentityStoreId: storeId,
          UserName: name,
          DisplayName: name,
          Name: { GivenName: 'First', FamilyName: 'Last' },
          Emails: [{ Value: `${name}@example.com`, Primary: true }],
        }),
      );
      idpIds[name] = out.UserId as string;
    }
    await ids.send(new CreateGroupMembershipCommand({ IdentityStoreId: storeId, GroupId: eng, MemberId: { UserId: idpIds.ana } }));
    for (const name of ['eve', 'fay']) {
      const out = await ids.send(new CreateGroupMembershipCommand({ IdentityStoreId: storeId, GroupId: eng, MemberId: { UserId: idpIds[name] } }));
      membershipIds[name] = out.MembershipId as string;
    }
    engId = eng;
    config = { ...harness.config, identityCenter: { identityStoreId: storeId } };
  });
  afterAll(async () => harness?.stop());

  const continuations: { continueRunId: string; token: string }[] = [];
  const recorder: ContinuationPort = { continueRun: async (p) => void continuations.push(p) };
  const reconcileHandler = () => createReconcileHandler({ config, continuationFor: () => recorder, loadListers: async () => [createIdentityCenterLister({ identityStoreId: storeId, client: ids })] });
  const syncHandler = () => createSyncHandler({ config });
  const updates = (): number => Object.values(harness.writes()).reduce((a, b) => a + b, 0);

  it('bootstraps: links everyone, sends one message per drifted user, and the consumer repairs exactly those', async () => {
    // Act
    const outcome = (await reconcileHandler()({}, lambdaContext(120_000))) as InvocationOutcome;
    const drained = await harness.drain(30_000, syncHandler());
    // Assess
    expect(outcome).toMatchObject({ status: 'finished', result: { status: 'succeeded', counts: { linked: 6, drifted: 2, messagesSent: 2, linksWritten: 6, unmanaged: 1, wickrUsers: 7 } } });
    expect(drained.failures).toBe(0);
    expect(harness.wickrUser('1001')?.securityGroupIds).toEqual(['SGENG001']);
    expect(harness.wickrUser('1003')?.firstName).toBe('First');
    expect(harness.wickrUser('1005')?.suspended).toBe(false);
    expect(updates()).toBe(2);
  });

  it('sends nothing and writes nothing on a second run', async () => {
    const outcome = (await reconcileHandler()({ dryRun: false }, lambdaContext(120_000))) as InvocationOutcome;
    expect(outcome).toMatchObject({ status: 'finished', result: { counts: { drifted: 0, messagesSent: 0, linksWritten: 0, linked: 6 } } });
    expect((await harness.receive(10, 0)).Records).toEqual([]);
    expect(updates()).toBe(2);
  });

  it('lets the event path apply a DeleteUser for a user who never had an event, through the bootstrap link', async () => {
    await ids.send(new DeleteUserCommand({ IdentityStoreId: storeId, UserId: idpIds.dee }));
    await harness.publish([iicEvent({ eventName: 'DeleteUser', userId: idpIds.dee, identityStoreId: storeId })]);
    await harness.drain(30_000, syncHandler());
    expect(harness.wickrUser('1004')?.suspended).toBe(true);
  });

  it('lets the event path apply a DeleteGroupMembership created before deployment, through the membership ids the bootstrap recorded', async () => {
    // eve was in line at the bootstrap and never had an event: only the bootstrap knows her membership id.
    await ids.send(new DeleteGroupMembershipCommand({ IdentityStoreId: storeId, MembershipId: membershipIds.eve }));
    const before = updates();
    await harness.publish([iicEvent({ eventName: 'DeleteGroupMembership', membershipId: membershipIds.eve, identityStoreId: storeId })]);
    const drained = await harness.drain(30_000, syncHandler());
    expect(drained.failures).toBe(0);
    expect(harness.wickrUser('1006')?.securityGroupIds).toEqual(['SGDEFLT1']);
    expect(updates()).toBe(before + 1);
  });

  it('lets a masked PatchGroup reach a member who was in line at the bootstrap and has left the group', async () => {
    // fay leaves Engineering; the PatchGroup names the group only, and fay is no longer a current member.
    await ids.send(new DeleteGroupMembershipCommand({ IdentityStoreId: storeId, MembershipId: membershipIds.fay }));
    const before = updates();
    await harness.publish([iicEvent({ eventName: 'PatchGroup', groupId: engId, identityStoreId: storeId })]);
    const drained = await harness.drain(30_000, syncHandler());
    expect(drained.failures).toBe(0);
    expect(harness.wickrUser('1007')?.securityGroupIds).toEqual(['SGDEFLT1']);
    expect(harness.wickrUser('1001')?.securityGroupIds).toEqual(['SGENG001']);
    expect(updates()).toBe(before + 1);
  });

  it('answers a status query with the last run', async () => {
    const answer = await reconcileHandler()({ status: true }, lambdaContext());
    expect(answer).toMatchObject({ status: 'succeeded', phase: 'done', result: { counts: { drifted: 0 } } });
    expect(continuations).toEqual([]);
  });

  it('runs a whole reconcile in process with the real adapters (the local stack and benchmark entry point)', async () => {
    const deps = await buildInProcessRunDeps(config, { loadListers: async () => [createIdentityCenterLister({ identityStoreId: storeId, client: ids })], invocationBudgetMs: 60_000 });
    const result = await runReconcileToCompletion({ dryRun: true }, deps);
    expect(result).toMatchObject({ status: 'succeeded', counts: { dryRun: true, linked: 5, drifted: 0, messagesSent: 0 } });
  });
});
