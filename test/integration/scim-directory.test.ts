import { createScimDirectory, createScimLister } from '../../src/adapters/scim';
import type { DirectoryUser } from '../../src/core/types';
import { client, createScimTable, groupItem, membership, userItem, write } from '../helpers/scimStore';

/** Ana (work and home addresses, none primary) in two groups; Bo (a primary address) deactivated; 150 more users. */
async function seed(TableName: string): Promise<void> {
  const extra = Array.from({ length: 150 }, (_, i) => userItem(`u-${String(i).padStart(3, '0')}`, { userName: `user${i}@example.com`, emails: [{ value: `user${i}@example.com` }] }));
  await write(TableName, [
    userItem('ana', {
      userName: 'ana.lima',
      givenName: 'Ana',
      familyName: 'Lima',
      emails: [
        { value: 'ana@home.example', type: 'home' },
        { value: 'ana@example.com', type: 'work' },
      ],
    }),
    userItem('bo', {
      userName: 'bo.chen@example.com',
      active: false,
      emails: [
        { value: 'bo@work.example', type: 'work' },
        { value: 'bo@example.com', primary: true },
      ],
    }),
    ...extra,
    groupItem('g-eng', 'Engineering'),
    groupItem('g-staff', 'Wickr Users'),
    ...membership('ana', 'g-eng'),
    ...membership('ana', 'g-staff'),
    ...membership('bo', 'g-staff'),
  ]);
}

describe.each(['ALL', 'KEYS_ONLY'] as const)('The SCIM directory and lister over a store whose byKind index projects %s', (projection) => {
  let tableName: string;

  beforeAll(async () => {
    tableName = await createScimTable(projection);
    await seed(tableName);
  });

  it('re-reads a user with their groups by name, the work email and userName as login', async () => {
    // Act
    const user = await createScimDirectory({ tableName, client }).getUser('ana');

    // Assess
    expect({ ...user, groups: [...(user?.groups ?? [])].sort((a, b) => a.id.localeCompare(b.id)) }).toEqual({
      idpUserId: 'ana',
      login: 'ana.lima',
      email: 'ana@example.com',
      firstName: 'Ana',
      lastName: 'Lima',
      active: true,
      groups: [
        { id: 'g-eng', name: 'Engineering' },
        { id: 'g-staff', name: 'Wickr Users' },
      ],
    } satisfies DirectoryUser);
  });

  it('prefers the primary email, and reads active: false', async () => {
    expect(await createScimDirectory({ tableName, client }).getUser('bo')).toMatchObject({ email: 'bo@example.com', login: 'bo.chen@example.com', active: false });
  });

  it('answers null for a user that is gone', async () => {
    expect(await createScimDirectory({ tableName, client }).getUser('nobody')).toBeNull();
  });

  it('lists a group member ids', async () => {
    expect((await createScimDirectory({ tableName, client }).listGroupMemberIds('g-staff')).sort()).toEqual(['ana', 'bo']);
  });

  it('lists every user page by page, active or not, with no groups', async () => {
    const lister = createScimLister({ tableName, client, pageSize: 40 });
    const users: DirectoryUser[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await lister.listUsersPage(cursor);
      users.push(...page.items);
      cursor = page.cursor;
      pages += 1;
    } while (cursor);

    expect(users).toHaveLength(152);
    expect(new Set(users.map((u) => u.idpUserId)).size).toBe(152);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(users.find((u) => u.idpUserId === 'bo')).toEqual({ idpUserId: 'bo', login: 'bo.chen@example.com', email: 'bo@example.com', active: false, groups: [] });
  });

  it('resolves groups by id or displayName ignoring case, and lists their members', async () => {
    const lister = createScimLister({ tableName, client });

    const groups = await lister.resolveGroups(['g-eng', 'wickr users', 'Nope']);
    const members = await lister.listGroupMembersPage('g-staff');

    expect(groups.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'g-eng', name: 'Engineering' },
      { id: 'g-staff', name: 'Wickr Users' },
    ]);
    expect([...members.items].sort()).toEqual(['ana', 'bo']);
    expect(members.cursor).toBeUndefined();
  });
});
