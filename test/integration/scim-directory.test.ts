import { type AttributeValue, BatchWriteItemCommand, CreateTableCommand, DynamoDBClient, type ProjectionType } from '@aws-sdk/client-dynamodb';
import { createScimDirectory, createScimLister } from '../../src/adapters/scim';
import { ScimKey, ScimSort, SCIM_KIND_INDEX } from '../../src/adapters/scim/schema';
import type { DirectoryUser } from '../../src/core/types';
import { uniqueName } from '../helpers/moto';

// The SCIM store as the endpoint writes it (src/adapters/scim/schema.ts), written here item by item.
const client = new DynamoDBClient({});

async function createScimTable(projection: ProjectionType): Promise<string> {
  const TableName = uniqueName('scim');
  await client.send(
    new CreateTableCommand({
      TableName,
      AttributeDefinitions: ['pk', 'sk', 'kind', 'id'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: SCIM_KIND_INDEX,
          KeySchema: [
            { AttributeName: 'kind', KeyType: 'HASH' },
            { AttributeName: 'id', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: projection },
        },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return TableName;
}

type Item = Record<string, AttributeValue>;
const S = (value: string) => ({ S: value });

function userItem(id: string, patch: { userName: string; active?: boolean; givenName?: string; familyName?: string; emails?: { value: string; type?: string; primary?: boolean }[] }): Item {
  const emails = (patch.emails ?? []).map((e) => ({ M: { value: S(e.value), ...(e.type && { type: S(e.type) }), ...(e.primary !== undefined && { primary: { BOOL: e.primary } }) } }));
  return {
    pk: S(ScimKey.user(id)),
    sk: S(ScimSort.user),
    kind: S('user'),
    id: S(id),
    userName: S(patch.userName),
    active: { BOOL: patch.active ?? true },
    ...(patch.givenName && { givenName: S(patch.givenName) }),
    ...(patch.familyName && { familyName: S(patch.familyName) }),
    emails: { L: emails },
    version: { N: '1' },
    created: S('2026-12-01T00:00:00Z'),
    lastModified: S('2026-12-01T00:00:00Z'),
    resource: S('{}'),
  };
}
const groupItem = (id: string, displayName: string): Item => ({ pk: S(ScimKey.group(id)), sk: S(ScimSort.group), kind: S('group'), id: S(id), displayName: S(displayName), version: { N: '1' } });
const membership = (userId: string, groupId: string): Item[] => [
  { pk: S(ScimKey.user(userId)), sk: S(ScimSort.memberOf(groupId)), groupId: S(groupId) },
  { pk: S(ScimKey.group(groupId)), sk: S(ScimSort.member(userId)), userId: S(userId) },
];

async function write(TableName: string, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await client.send(new BatchWriteItemCommand({ RequestItems: { [TableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

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
