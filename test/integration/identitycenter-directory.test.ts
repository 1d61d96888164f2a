/**
 * The Identity Center directory adapter against moto's Identity Store. Each test uses its own
 * identity store id (moto accepts any and keeps them apart), so tests share moto safely.
 * moto gaps: no UserStatus (so `active` is always true here), no UpdateUser, no ExternalIds.
 */
import { randomInt } from 'node:crypto';
import {
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  CreateUserCommand,
  DeleteGroupMembershipCommand,
  DeleteUserCommand,
  IdentitystoreClient,
} from '@aws-sdk/client-identitystore';
import { createIdentityCenterDirectory } from '../../src/adapters/identitycenter';

const client = new IdentitystoreClient({});
const newStoreId = (): string => `d-${String(randomInt(1e9, 1e10))}`;

/** A client that counts the commands it sends, to show that reads really crossed pages. */
function countingClient(): { client: IdentitystoreClient; calls: Record<string, number> } {
  const counted = new IdentitystoreClient({});
  const calls: Record<string, number> = {};
  counted.middlewareStack.add(
    (next, context) => async (args) => {
      calls[context.commandName ?? '?'] = (calls[context.commandName ?? '?'] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize' },
  );
  return { client: counted, calls };
}

async function createUser(IdentityStoreId: string, userName: string, given: string, family: string, emails = [{ Value: `${userName}@example.com`, Primary: true }]): Promise<string> {
  const out = await client.send(
    new CreateUserCommand({ IdentityStoreId, UserName: userName, DisplayName: `${given} ${family}`, Name: { GivenName: given, FamilyName: family }, Emails: emails }),
  );
  return out.UserId as string;
}

async function createGroup(IdentityStoreId: string, name: string): Promise<string> {
  return (await client.send(new CreateGroupCommand({ IdentityStoreId, DisplayName: name }))).GroupId as string;
}

async function addMember(IdentityStoreId: string, GroupId: string, UserId: string): Promise<string> {
  return (await client.send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId, MemberId: { UserId } }))).MembershipId as string;
}

describe('Identity Center directory against moto', () => {
  it('reads the user, the primary email and every group with its name across pages', async () => {
    // Prepare
    const store = newStoreId();
    const userId = await createUser(store, 'ana', 'Ana', 'Lima', [
      { Value: 'ana.personal@example.com', Primary: false },
      { Value: 'ana@example.com', Primary: true },
    ]);
    const groupIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const groupId = await createGroup(store, `Wickr Group ${i}`);
      await addMember(store, groupId, userId);
      groupIds.push(groupId);
    }
    const reader = countingClient();
    const directory = createIdentityCenterDirectory({ identityStoreId: store, client: reader.client, pageSize: 2 });
    // Act
    const user = await directory.getUser(userId);
    // Assess
    expect(user).toEqual({
      idpUserId: userId,
      email: 'ana@example.com',
      login: 'ana',
      firstName: 'Ana',
      lastName: 'Lima',
      active: true,
      groups: expect.arrayContaining(groupIds.map((id, i) => ({ id, name: `Wickr Group ${i}` }))),
    });
    expect(user?.groups).toHaveLength(5);
    expect(reader.calls).toEqual({ DescribeUserCommand: 1, ListGroupMembershipsForMemberCommand: 3, DescribeGroupCommand: 5 });
  });

  it('reads a user without groups', async () => {
    const store = newStoreId();
    const userId = await createUser(store, 'bo', 'Bo', 'Berg');
    const user = await createIdentityCenterDirectory({ identityStoreId: store, client }).getUser(userId);
    expect(user).toMatchObject({ idpUserId: userId, email: 'bo@example.com', groups: [] });
  });

  it('returns null for a user the identity store does not have', async () => {
    const store = newStoreId();
    await expect(createIdentityCenterDirectory({ identityStoreId: store, client }).getUser('00000000-0000-0000-0000-000000000000')).resolves.toBeNull();
  });

  it('returns null after the user is deleted', async () => {
    // Prepare
    const store = newStoreId();
    const userId = await createUser(store, 'cy', 'Cy', 'Cole');
    const directory = createIdentityCenterDirectory({ identityStoreId: store, client });
    await directory.getUser(userId);
    // Act
    await client.send(new DeleteUserCommand({ IdentityStoreId: store, UserId: userId }));
    // Assess
    await expect(directory.getUser(userId)).resolves.toBeNull();
  });

  it('sees a removed membership on the next read', async () => {
    // Prepare
    const store = newStoreId();
    const userId = await createUser(store, 'di', 'Di', 'Dahl');
    const admins = await createGroup(store, 'Wickr Admins');
    const users = await createGroup(store, 'Wickr Users');
    const membership = await addMember(store, admins, userId);
    await addMember(store, users, userId);
    const directory = createIdentityCenterDirectory({ identityStoreId: store, client });
    await directory.getUser(userId);
    // Act
    await client.send(new DeleteGroupMembershipCommand({ IdentityStoreId: store, MembershipId: membership }));
    const user = await directory.getUser(userId);
    // Assess
    expect(user?.groups).toEqual([{ id: users, name: 'Wickr Users' }]);
  });

  it('does not see users of another identity store', async () => {
    const userId = await createUser(newStoreId(), 'ed', 'Ed', 'Eng');
    await expect(createIdentityCenterDirectory({ identityStoreId: newStoreId(), client }).getUser(userId)).resolves.toBeNull();
  });

  it('lists every member id of a group across pages', async () => {
    // Prepare
    const store = newStoreId();
    const groupId = await createGroup(store, 'Wickr Users');
    const userIds: string[] = [];
    for (const name of ['fa', 'gu', 'ha', 'io', 'ju']) {
      const userId = await createUser(store, name, name, 'Test');
      await addMember(store, groupId, userId);
      userIds.push(userId);
    }
    // Act
    const reader = countingClient();
    const ids = await createIdentityCenterDirectory({ identityStoreId: store, client: reader.client, pageSize: 2 }).listGroupMemberIds(groupId);
    // Assess
    expect([...ids].sort()).toEqual([...userIds].sort());
    expect(reader.calls).toEqual({ ListGroupMembershipsCommand: 3 });
  });

  it('lists no members for a group without any', async () => {
    const store = newStoreId();
    const groupId = await createGroup(store, 'Empty');
    await expect(createIdentityCenterDirectory({ identityStoreId: store, client }).listGroupMemberIds(groupId)).resolves.toEqual([]);
  });
});
