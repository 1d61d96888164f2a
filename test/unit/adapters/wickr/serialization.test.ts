import { WickrClient } from '../../../../src/adapters/wickr';
import { captureServer, CREDENTIALS, NETWORK_ID, type Captured } from './helpers';

describe('WickrClient rest-json serialisation', () => {
  let server: Awaited<ReturnType<typeof captureServer>>;
  let client: WickrClient;

  beforeEach(async () => {
    server = await captureServer();
    client = new WickrClient({ region: 'us-east-1', endpoint: server.url, credentials: CREDENTIALS });
  });

  afterEach(async () => {
    client.destroy();
    await server.close();
  });

  const only = (): Captured => {
    expect(server.requests).toHaveLength(1);
    return server.requests[0];
  };

  it('sends UpdateUser as PATCH with networkId in the path and userId, userDetails in a JSON body', async () => {
    // Act
    await client.updateUser({ networkId: NETWORK_ID, userId: '42', userDetails: { firstName: 'Ada', securityGroupIds: ['BCTY8Qhe'] } });

    // Assess
    const request = only();
    expect(request.method).toBe('PATCH');
    expect(request.url).toBe('/networks/12345678/users');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ userId: '42', userDetails: { firstName: 'Ada', securityGroupIds: ['BCTY8Qhe'] } });
  });

  it('percent-encodes path labels', async () => {
    // Act
    await client.getUser({ networkId: NETWORK_ID, userId: "a b/c?d#e'(x)" });

    // Assess
    expect(only().url).toBe('/networks/12345678/users/a%20b%2Fc%3Fd%23e%27%28x%29');
  });

  it('sends GetUser timestamps as epoch seconds and no body or content-type on a GET', async () => {
    // Act
    await client.getUser({ networkId: NETWORK_ID, userId: '42', startTime: new Date('2000-01-01T00:00:00Z'), endTime: 946_684_900 });

    // Assess
    const request = only();
    expect(request.method).toBe('GET');
    expect(request.url).toBe('/networks/12345678/users/42?startTime=946684800&endTime=946684900');
    expect(request.body).toBe('');
    expect(request.headers['content-type']).toBeUndefined();
  });

  it('puts every ListUsers member but networkId in the query by its locationName, encoded, and omits unset ones', async () => {
    // Act
    await client.listUsers({ networkId: NETWORK_ID, username: 'Ada+Lovelace@example.com', maxResults: 5, status: 2, sortFields: 'username+status', nextToken: 'v1:pagination:x/y' });

    // Assess
    const url = new URL(only().url, 'http://x');
    expect(url.pathname).toBe('/networks/12345678/users');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      username: 'Ada+Lovelace@example.com',
      maxResults: '5',
      status: '2',
      sortFields: 'username+status',
      nextToken: 'v1:pagination:x/y',
    });
    expect(url.search).toContain('username=Ada%2BLovelace%40example.com');
  });

  it.each([true, false])('sends BatchToggleUserSuspendStatus suspend=%s in the query, userIds in the body and X-Client-Token', async (suspend) => {
    // Act
    await client.batchToggleUserSuspendStatus({ networkId: NETWORK_ID, suspend, userIds: ['1', '2'], clientToken: 'token-1' });

    // Assess
    const request = only();
    expect(request.method).toBe('PATCH');
    expect(request.url).toBe(`/networks/12345678/users/toggleSuspend?suspend=${suspend}`);
    expect(request.headers['x-client-token']).toBe('token-1');
    expect(JSON.parse(request.body)).toEqual({ userIds: ['1', '2'] });
  });

  it('generates a UUID client token when none is given', async () => {
    // Act
    await client.batchToggleUserSuspendStatus({ networkId: NETWORK_ID, suspend: true, userIds: ['1'] });

    // Assess
    expect(only().headers['x-client-token']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sends GetNetwork and ListSecurityGroups as GETs on their paths', async () => {
    // Act
    await client.getNetwork({ networkId: NETWORK_ID });
    await client.listSecurityGroups({ networkId: NETWORK_ID, sortDirection: 'ASC' });

    // Assess
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /networks/12345678', 'GET /networks/12345678/security-groups?maxResults=100&sortDirection=ASC']);
  });

  it('parses the JSON response into the model output', async () => {
    // Prepare
    await server.close();
    server = await captureServer((_, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ userId: '42', securityGroupIds: ['G1'], suspended: false, status: 2 }));
    });
    client = new WickrClient({ region: 'us-east-1', endpoint: server.url, credentials: CREDENTIALS });

    // Act
    const user = await client.getUser({ networkId: NETWORK_ID, userId: '42' });

    // Assess
    expect(user).toEqual({ userId: '42', securityGroupIds: ['G1'], suspended: false, status: 2 });
  });

  it('rejects an empty path label as INVALID before sending anything', async () => {
    // Act
    const call = client.getUser({ networkId: NETWORK_ID, userId: '' });

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'WickrApiError', kind: 'INVALID', code: 'InvalidInput' });
    expect(server.requests).toHaveLength(0);
  });

  it('reuses one keep-alive connection for consecutive calls', async () => {
    // Act
    await client.getNetwork({ networkId: NETWORK_ID });
    await client.getNetwork({ networkId: NETWORK_ID });
    await client.getNetwork({ networkId: NETWORK_ID });

    // Assess
    expect(new Set(server.requests.map((r) => r.remotePort)).size).toBe(1);
    expect(server.requests[0].headers.connection).toBe('keep-alive');
  });

  it('sends BatchCreateUser as POST on /users with X-Client-Token and the users in the body, leaving unset members out', async () => {
    // Act
    await client.batchCreateUser({
      networkId: NETWORK_ID,
      clientToken: 'create:1',
      users: [
        { username: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', securityGroupIds: ['BCTY8Qhe'] },
        { username: 'bob@example.com', securityGroupIds: ['SG2'] },
      ],
    });

    // Assess
    const request = only();
    expect(`${request.method} ${request.url}`).toBe('POST /networks/12345678/users');
    expect(request.headers['x-client-token']).toBe('create:1');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      users: [
        { username: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', securityGroupIds: ['BCTY8Qhe'] },
        { username: 'bob@example.com', securityGroupIds: ['SG2'] },
      ],
    });
  });

  it('sends BatchReinviteUser as PATCH on /users/re-invite with X-Client-Token and userIds in the body', async () => {
    // Act
    await client.batchReinviteUser({ networkId: NETWORK_ID, userIds: ['7', '8'], clientToken: 'reinvite-1' });

    // Assess
    const request = only();
    expect(`${request.method} ${request.url}`).toBe('PATCH /networks/12345678/users/re-invite');
    expect(request.headers['x-client-token']).toBe('reinvite-1');
    expect(JSON.parse(request.body)).toEqual({ userIds: ['7', '8'] });
  });

  it('generates a UUID client token for BatchCreateUser and BatchReinviteUser when none is given', async () => {
    // Act
    await client.batchCreateUser({ networkId: NETWORK_ID, users: [{ username: 'a@example.com', securityGroupIds: ['G'] }] });
    await client.batchReinviteUser({ networkId: NETWORK_ID, userIds: ['1'] });

    // Assess
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(server.requests.map((r) => r.headers['x-client-token'])).toEqual([expect.stringMatching(uuid), expect.stringMatching(uuid)]);
  });

  it('sends GetUsersCount as a GET on /users/count without a body', async () => {
    // Prepare
    await server.close();
    server = await captureServer((_, res) => res.end(JSON.stringify({ pending: 1, active: 2, rejected: 0, remaining: 7, total: 3 })));
    client = new WickrClient({ region: 'us-east-1', endpoint: server.url, credentials: CREDENTIALS });

    // Act
    const counts = await client.getUsersCount({ networkId: NETWORK_ID });

    // Assess
    const request = only();
    expect(`${request.method} ${request.url}`).toBe('GET /networks/12345678/users/count');
    expect(request.body).toBe('');
    expect(counts).toEqual({ pending: 1, active: 2, rejected: 0, remaining: 7, total: 3 });
  });
});
