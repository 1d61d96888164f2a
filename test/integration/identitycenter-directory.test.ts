/**
 * The Identity Center directory adapter against moto's Identity Store. Each test uses its own
 * identity store id (moto accepts any and keeps them apart), so tests share moto safely.
 * moto gaps: no UserStatus (so `active` is always true here), no UpdateUser, no ExternalIds.
 */
import { randomInt } from 'node:crypto';
import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand, DeleteGroupMembershipCommand, DeleteUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { createIdentityCenterDirectory, createIdentityCenterLister } from '../../src/adapters/identitycenter';
import type { Page } from '../../src/core/ports';

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
  const out = await client.send(new CreateUserCommand({ IdentityStoreId, UserName: userName, DisplayName: `${given} ${family}`, Name: { GivenName: given, FamilyName: family }, Emails: emails }));
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

/** Every page of a listing, by following cursors; also how many pages it took. */
async function drain<T>(read: (cursor?: string) => Promise<Page<T>>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    pages += 1;
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return { items, pages };
}

/** Runs `fn` over `items`, `limit` at a time (moto answers one request at a time anyway). */
async function inBatches<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += limit) results.push(...(await Promise.all(items.slice(i, i + limit).map(fn))));
  return results;
}

describe('Identity Center lister against moto', () => {
  const USERS = 120;
  let store: string;
  let userIds: string[];
  let admins: string;
  let membershipIds: string[];

  beforeAll(async () => {
    store = newStoreId();
    userIds = await inBatches(
      Array.from({ length: USERS }, (_, i) => i),
      10,
      (i) => createUser(store, `user${i}`, `First${i}`, `Last${i}`),
    );
    admins = await createGroup(store, 'Wickr Admins');
    await createGroup(store, 'Wickr Admins Backup');
    membershipIds = await inBatches(
      userIds.filter((_, i) => i % 4 === 0),
      10,
      (id) => addMember(store, admins, id),
    );
  });

  it('lists every user once across pages, as active with no groups', async () => {
    // Prepare
    const reader = countingClient();
    const lister = createIdentityCenterLister({ identityStoreId: store, client: reader.client, pageSize: 25 });
    // Act
    const { items, pages } = await drain((cursor) => lister.listUsersPage(cursor));
    // Assess
    expect(lister.source).toBe('identity-center');
    expect(items.map((u) => u.idpUserId).sort()).toEqual([...userIds].sort());
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(USERS / 25));
    expect(reader.calls).toEqual({ ListUsersCommand: pages });
    const first = items.find((u) => u.login === 'user0');
    expect(first).toEqual({ idpUserId: userIds[0], login: 'user0', email: 'user0@example.com', firstName: 'First0', lastName: 'Last0', active: true, groups: [] });
  });

  it('lists the member ids of a group page by page', async () => {
    // Act
    const { items, pages } = await drain((cursor) => createIdentityCenterLister({ identityStoreId: store, client, pageSize: 7 }).listGroupMembersPage(admins, cursor));
    // Assess
    const expected = userIds.filter((_, i) => i % 4 === 0);
    expect([...items].sort()).toEqual([...expected].sort());
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(expected.length / 7));
  });

  it('gives each member page the membership ids, parallel to the user ids', async () => {
    const lister = createIdentityCenterLister({ identityStoreId: store, client, pageSize: 7 });
    const pairs: [string, string | undefined][] = [];
    let cursor: string | undefined;
    do {
      const page = await lister.listGroupMembersPage(admins, cursor);
      for (const [i, id] of page.items.entries()) pairs.push([id, page.membershipIds?.[i]]);
      cursor = page.cursor;
    } while (cursor !== undefined);
    const created = userIds.filter((_, i) => i % 4 === 0).map((id, i) => [id, membershipIds[i]]);
    expect(pairs.sort()).toEqual(created.sort());
  });

  it('lists no members for a group the store does not have', async () => {
    const lister = createIdentityCenterLister({ identityStoreId: store, client });
    await expect(lister.listGroupMembersPage('00000000-0000-0000-0000-000000000000')).resolves.toEqual({ items: [] });
  });

  it('resolves groups by id and by exact display name ignoring case, leaving out prefixes and unknown refs', async () => {
    // Prepare
    const other = await createGroup(store, 'Everyone');
    const lister = createIdentityCenterLister({ identityStoreId: store, client, pageSize: 1 });
    // Act
    const groups = await lister.resolveGroups(['wickr ADMINS', other, 'Nobody']);
    // Assess
    expect([...groups].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: admins, name: 'Wickr Admins' },
        { id: other, name: 'Everyone' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('raises a directory DependencyError when a page cannot be read', async () => {
    const lister = createIdentityCenterLister({ identityStoreId: store, client });
    await expect(lister.listUsersPage('not-a-token-moto-gave')).rejects.toMatchObject({ dependency: 'directory' });
  });
});
