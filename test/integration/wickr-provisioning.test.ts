import { request as httpRequest } from 'node:http';
import { createWickrPort, createWickrProvisioningPort, WickrClient, type BatchCreateUserRequestItem } from '../../src/adapters/wickr';
import type { WickrUser } from '../../src/core/types';
import { startWickrEmulator, type WickrEmulator, type WickrSeed } from '../../local/wickr-emulator';

// Our client and ports against the Wickr emulator: BatchCreateUser, BatchReinviteUser, GetUsersCount and the
// ListUsers fields the reconcile reads, over real HTTP with SigV4 verified.

const NETWORK = '45678901';
const CREDENTIALS = { accessKeyId: 'AKIDPROVISIONIT', secretAccessKey: 'provision-it-secret' };

const SEED: WickrSeed = {
  networkId: NETWORK,
  credentials: CREDENTIALS,
  securityGroups: [
    { id: 'SGDEFLT1', name: 'Everyone', isDefault: true },
    { id: 'SGENG001', name: 'Engineering' },
  ],
  users: [
    { userId: '3001', username: 'root@example.com', isAdmin: true },
    { userId: '3002', username: 'Existing@Example.com', firstName: 'Ex', lastName: 'Isting', securityGroupIds: ['SGENG001'] },
    { userId: '3003', username: 'invited@example.com', status: 1, isInviteExpired: true },
    { userId: '3004', username: 'gone@example.com', suspended: true },
  ],
  maxUsers: 10,
};

describe('Wickr provisioning against the emulator', () => {
  let emulator: WickrEmulator;
  let client: WickrClient;
  const provisioning = () => createWickrProvisioningPort(client, NETWORK);
  const counts = (operation: string): Record<string, number> => emulator.state().requests[operation] ?? {};
  const stateOf = (username: string) => emulator.state().users.find((u) => u.username.toLowerCase() === username.toLowerCase());

  beforeAll(async () => {
    emulator = await startWickrEmulator({ seed: SEED });
  });

  beforeEach(() => {
    emulator.reset(SEED);
    client = new WickrClient({ region: 'us-east-1', endpoint: emulator.url, credentials: CREDENTIALS, maxAttempts: 1 });
  });

  afterEach(() => client.destroy());

  afterAll(async () => {
    await emulator.stop();
  });

  describe('createUsers', () => {
    it('creates pending users in their one group, visible to GetUser and ListUsers, and returns only their ids', async () => {
      // Act
      const results = await provisioning().createUsers(
        [
          { username: 'new.one@example.com', firstName: 'New', lastName: 'One', securityGroupId: 'SGENG001' },
          { username: 'new.two@example.com', securityGroupId: 'SGDEFLT1' },
        ],
        'create-1',
      );

      // Assess
      expect(results).toEqual([
        { username: 'new.one@example.com', outcome: 'created', userId: expect.stringMatching(/^[0-9]+$/) },
        { username: 'new.two@example.com', outcome: 'created', userId: expect.stringMatching(/^[0-9]+$/) },
      ]);
      const [one, two] = results.map((r) => (r.outcome === 'created' ? r.userId : ''));
      expect(new Set([one, two, '3001', '3002', '3003', '3004']).size).toBe(6);
      await expect(client.getUser({ networkId: NETWORK, userId: one })).resolves.toMatchObject({ username: 'new.one@example.com', firstName: 'New', status: 1, securityGroupIds: ['SGENG001'] });
      const listed = await client.listUsers({ networkId: NETWORK, username: 'new.two', maxResults: 100 });
      expect(listed.users).toEqual([expect.objectContaining({ userId: two, status: 1, isInviteExpired: false, isAdmin: false, type: 'user', securityGroups: ['SGDEFLT1'] })]);
      expect(counts('BatchCreateUser')).toEqual({ '200': 1 });
    });

    it('returns invite codes from the client (a secret the port drops)', async () => {
      // Act
      const output = await client.batchCreateUser({ networkId: NETWORK, clientToken: 'create-2', users: [{ username: 'code@example.com', securityGroupIds: ['SGDEFLT1'] }] });

      // Assess
      expect(output.successful?.[0]).toMatchObject({ username: 'code@example.com', inviteCode: expect.any(String), status: 1 });
      expect(output.failed).toEqual([]);
    });

    it('answers a replay of the same client token with the same result and creates nobody twice', async () => {
      // Prepare
      const users = [{ username: 'replay@example.com', securityGroupId: 'SGDEFLT1' }];
      const first = await provisioning().createUsers(users, 'replay-token');

      // Act
      const again = await provisioning().createUsers(users, 'replay-token');

      // Assess
      expect(again).toEqual(first);
      expect(emulator.state().users.filter((u) => u.username === 'replay@example.com')).toHaveLength(1);
      expect(counts('BatchCreateUser')).toEqual({ '200': 2 });
    });

    it('reports an existing username (ignoring case) as alreadyExists while creating the others', async () => {
      // Act
      const results = await provisioning().createUsers(
        [
          { username: 'EXISTING@example.com', securityGroupId: 'SGDEFLT1' },
          { username: 'fresh@example.com', securityGroupId: 'SGDEFLT1' },
        ],
        'dup-1',
      );

      // Assess
      expect(results[0]).toEqual({
        username: 'EXISTING@example.com',
        outcome: 'failed',
        code: 'UserAlreadyExists',
        reason: 'BatchCreateUser refused the item: a Wickr user with this username already exists (field username)',
        alreadyExists: true,
      });
      expect(results[1]).toMatchObject({ outcome: 'created' });
      expect(emulator.state().users.filter((u) => u.username.toLowerCase() === 'existing@example.com')).toHaveLength(1);
      const found = await createWickrPort(client, NETWORK).findUserByUsername('EXISTING@example.com');
      expect(found?.userId).toBe('3002');
    });

    it('reports an unknown security group as a failed entry, not as alreadyExists', async () => {
      const [result] = await provisioning().createUsers([{ username: 'lost@example.com', securityGroupId: 'SGNOPE99' }], 'group-1');
      expect(result).toMatchObject({ outcome: 'failed', code: 'InvalidSecurityGroup', alreadyExists: false });
      expect(stateOf('lost@example.com')).toBeUndefined();
    });

    it('refuses one username with a failed entry when a test says so, and still creates the rest', async () => {
      // Prepare
      emulator.setCreateUserRefusals([{ username: 'Blocked@example.com', as: 'failedEntry', reason: 'Username is not allowed', userId: null }]);

      // Act
      const results = await provisioning().createUsers(
        [
          { username: 'ok@example.com', securityGroupId: 'SGDEFLT1' },
          { username: 'blocked@example.com', securityGroupId: 'SGDEFLT1' },
        ],
        'refuse-1',
      );

      // Assess
      expect(results).toEqual([
        expect.objectContaining({ username: 'ok@example.com', outcome: 'created' }),
        expect.objectContaining({ username: 'blocked@example.com', outcome: 'failed', code: 'BatchItemFailed', alreadyExists: false }),
      ]);
      expect(stateOf('blocked@example.com')).toBeUndefined();
    });

    it('fails the whole call with a 422 when a test says so: INVALID, nobody created, no username in the message', async () => {
      // Prepare
      emulator.setCreateUserRefusals([{ username: 'blocked@example.com', as: 'validationError', reason: 'blocked@example.com is not allowed' }]);

      // Act
      const error = await provisioning()
        .createUsers(
          [
            { username: 'ok@example.com', securityGroupId: 'SGDEFLT1' },
            { username: 'blocked@example.com', securityGroupId: 'SGDEFLT1' },
          ],
          'refuse-2',
        )
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'WickrApiError', kind: 'INVALID', code: 'ValidationError', statusCode: 422, reasons: [{ field: 'users.1.username' }] });
      expect((error as Error).message).toBe('BatchCreateUser: ValidationError (HTTP 422) on users.1.username');
      expect(stateOf('ok@example.com')).toBeUndefined();
      expect(counts('BatchCreateUser')).toEqual({ '422': 1 });
    });

    it.each<[string, BatchCreateUserRequestItem[] | unknown[], string]>([
      ['two security groups', [{ username: 'two@example.com', securityGroupIds: ['SGDEFLT1', 'SGENG001'] }], 'users.0.securityGroupIds'],
      ['no security group', [{ username: 'none@example.com', securityGroupIds: [] }], 'users.0.securityGroupIds'],
      ['no username', [{ securityGroupIds: ['SGDEFLT1'] }], 'users.0.username'],
      ['a preview-only invite code', [{ username: 'p@example.com', securityGroupIds: ['SGDEFLT1'], inviteCode: 'x' }], 'users.0.inviteCode'],
      ['51 users', Array.from({ length: 51 }, (_, i) => ({ username: `bulk${i}@example.com`, securityGroupIds: ['SGDEFLT1'] })), 'users'],
    ])('refuses %s for the whole call with a 422 ValidationError', async (_, users, field) => {
      // Act
      const call = client.batchCreateUser({ networkId: NETWORK, users: users as BatchCreateUserRequestItem[] });

      // Assess
      await expect(call).rejects.toMatchObject({ kind: 'INVALID', code: 'ValidationError', statusCode: 422, reasons: expect.arrayContaining([{ field }]) });
      expect(emulator.state().users).toHaveLength(SEED.users.length);
    });

    it('serves the refusals on the control endpoint, and a reset clears them', async () => {
      // Act
      const put = await control('PUT', 'create-user-refusals', { refusals: [{ username: 'x@example.com', as: 'failedEntry' }] });
      const read = await control('GET', 'create-user-refusals');
      emulator.reset(SEED);
      const cleared = await control('GET', 'create-user-refusals');
      const bad = await control('PUT', 'create-user-refusals', { refusals: [{ username: 'x@example.com', as: 'teapot' }] });

      // Assess
      expect(put.status).toBe(200);
      expect(read.body).toEqual({ refusals: [{ username: 'x@example.com', as: 'failedEntry' }] });
      expect(cleared.body).toEqual({ refusals: [] });
      expect(bad.status).toBe(400);
    });
  });

  describe('reinviteUsers', () => {
    it('re-invites a pending user, refuses an active one and an unknown id, counted as BatchReinviteUser', async () => {
      // Act
      const results = await provisioning().reinviteUsers(['3003', '3002', '999999'], 'reinvite-1');

      // Assess
      expect(results).toEqual([
        { userId: '3003', outcome: 'reinvited' },
        expect.objectContaining({ userId: '3002', outcome: 'failed', code: 'UserNotPending' }),
        expect.objectContaining({ userId: '999999', outcome: 'failed', code: 'UserNotFound' }),
      ]);
      expect(stateOf('invited@example.com')?.isInviteExpired).toBe(false);
      expect(counts('BatchReinviteUser')).toEqual({ '200': 1 });
    });
  });

  describe('deleteUsers', () => {
    it('deletes a user for good, refuses an unknown id, and answers a replay with the first response', async () => {
      // Act
      const results = await provisioning().deleteUsers?.(['3003', '999999'], 'delete-1');
      const replayed = await provisioning().deleteUsers?.(['3003', '999999'], 'delete-1');

      // Assess
      expect(results).toEqual([{ userId: '3003', outcome: 'deleted' }, expect.objectContaining({ userId: '999999', outcome: 'failed', code: 'UserNotFound' })]);
      expect(replayed).toEqual(results);
      expect(stateOf('invited@example.com')).toBeUndefined();
      expect(counts('BatchDeleteUser')).toEqual({ '200': 2 });
    });
  });

  describe('getUsersCount', () => {
    it('counts pending and active users, and what remains of maxUsers, before and after a creation', async () => {
      // Prepare
      const before = await provisioning().getUsersCount();

      // Act
      await provisioning().createUsers([{ username: 'counted@example.com', securityGroupId: 'SGDEFLT1' }], 'count-1');
      const after = await provisioning().getUsersCount();

      // Assess
      expect(before).toEqual({ pending: 1, active: 3, rejected: 0, remaining: 6, total: 4 });
      expect(after).toEqual({ pending: 2, active: 3, rejected: 0, remaining: 5, total: 5 });
      expect(counts('GetUsersCount')).toEqual({ '200': 2 });
    });
  });

  describe('listUsersPage', () => {
    it('walks the network 100 at a time with the reconcile fields', async () => {
      // Prepare
      const many = Array.from({ length: 150 }, (_, i) => ({ username: `member${i}@example.com` }));
      emulator.reset({ ...SEED, users: [...SEED.users, ...many], maxUsers: 500 });
      const port = createWickrPort(client, NETWORK);

      // Act
      const pages: (readonly WickrUser[])[] = [];
      let cursor: string | undefined;
      do {
        const page = await port.listUsersPage(cursor);
        pages.push(page.items);
        cursor = page.cursor;
      } while (cursor);

      // Assess
      expect(pages.map((p) => p.length)).toEqual([100, 54]);
      const users = pages.flat();
      expect(users.find((u) => u.userId === '3001')).toMatchObject({ isAdmin: true, status: 2, type: 'user', isInviteExpired: false });
      expect(users.find((u) => u.userId === '3003')).toMatchObject({ isAdmin: false, status: 1, isInviteExpired: true });
      expect(users.find((u) => u.userId === '3004')).toMatchObject({ suspended: true });
      expect(counts('ListUsers')).toEqual({ '200': 2 });
    });
  });

  /** An unsigned control request. */
  function control(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${emulator.url}/__emulator/${path}`, { method, headers: payload ? { 'content-type': 'application/json' } : {} }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
});
