import { PoisonError } from '../../../../src/core/errors';
import { NETWORK_ID, scriptedClient } from './helpers';

const user = (userId: string, username: string) => ({ userId, username, securityGroups: ['G1'], suspended: false, status: 2 });

describe('WickrClient paging', () => {
  it('listAllUsers follows nextToken until it is absent, keeping the filters on every page', async () => {
    // Prepare
    const { client, transport } = scriptedClient([
      { status: 200, body: { users: [user('1', 'a'), user('2', 'b')], nextToken: 't1' } },
      { status: 200, body: { users: [user('3', 'c')], nextToken: 't2' } },
      { status: 200, body: { users: [user('4', 'd')], nextToken: '' } },
    ]);

    // Act
    const users = await client.listAllUsers({ networkId: NETWORK_ID, status: 2, maxResults: 2 });

    // Assess
    expect(users.map((u) => u.userId)).toEqual(['1', '2', '3', '4']);
    expect(transport.requests.map((r) => r.path)).toEqual([
      '/networks/12345678/users?maxResults=2&status=2',
      '/networks/12345678/users?maxResults=2&status=2&nextToken=t1',
      '/networks/12345678/users?maxResults=2&status=2&nextToken=t2',
    ]);
  });

  it('fails with a classified error instead of looping when a token comes back twice', async () => {
    const { client } = scriptedClient([{ status: 200, body: { users: [], nextToken: 'same' } }]);
    await expect(client.listAllUsers({ networkId: NETWORK_ID })).rejects.toMatchObject({ name: 'WickrApiError', code: 'PaginationError' });
  });

  it('listSecurityGroups returns the groups of every page', async () => {
    // Prepare
    const group = (id: string) => ({ id, name: id, isDefault: false, activeMembers: 0, botMembers: 0, modified: 0, securityGroupSettings: {} });
    const { client, transport } = scriptedClient([
      { status: 200, body: { securityGroups: [group('A')], nextToken: 'n' } },
      { status: 200, body: { securityGroups: [group('B')] } },
    ]);

    // Act
    const groups = await client.listSecurityGroups({ networkId: NETWORK_ID });

    // Assess
    expect(groups.map((g) => g.id)).toEqual(['A', 'B']);
    expect(transport.requests[1].path).toBe('/networks/12345678/security-groups?maxResults=100&nextToken=n');
  });
});

describe('WickrClient.findUserByUsername', () => {
  it('filters server-side by username, walks all pages and matches exactly, case-insensitively', async () => {
    // Prepare: a substring filter returns near-misses; the real match is on page 2 in another case.
    const { client, transport } = scriptedClient([
      { status: 200, body: { users: [user('1', 'ann@example.com.au'), user('2', 'joann@example.com')], nextToken: 'p2' } },
      { status: 200, body: { users: [user('3', 'Ann@Example.com')] } },
    ]);

    // Act
    const found = await client.findUserByUsername(NETWORK_ID, 'ann@example.com');

    // Assess
    expect(found?.userId).toBe('3');
    expect(transport.requests[0].path).toBe('/networks/12345678/users?maxResults=100&username=ann%40example.com');
  });

  it('returns null when only near-misses come back', async () => {
    const { client } = scriptedClient([{ status: 200, body: { users: [user('1', 'xann@example.com')] } }]);
    await expect(client.findUserByUsername(NETWORK_ID, 'ann@example.com')).resolves.toBeNull();
  });

  it('counts a user seen on two pages once', async () => {
    const { client } = scriptedClient([
      { status: 200, body: { users: [user('5', 'ann@example.com')], nextToken: 'p2' } },
      { status: 200, body: { users: [user('5', 'ann@example.com')] } },
    ]);
    await expect(client.findUserByUsername(NETWORK_ID, 'ann@example.com')).resolves.toMatchObject({ userId: '5' });
  });

  it('throws PoisonError AmbiguousUser, without the username, when two users match', async () => {
    // Prepare
    const { client } = scriptedClient([{ status: 200, body: { users: [user('1', 'ann@example.com'), user('2', 'ANN@example.com')] } }]);

    // Act
    const error = await client.findUserByUsername(NETWORK_ID, 'ann@example.com').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(PoisonError);
    expect(error).toMatchObject({ errorClass: 'AmbiguousUser' });
    expect((error as Error).message).not.toMatch(/ann/i);
  });
});
