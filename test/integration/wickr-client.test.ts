import { createWickrPort, WickrClient, type AttemptInfo, type WickrClientConfig } from '../../src/adapters/wickr';
import { startWickrEmulator, type WickrEmulator, type WickrSeed } from '../../local/wickr-emulator';

// Our client against the local Wickr emulator: real HTTP, real SigV4 verification, real paging and throttling.

const NETWORK = '34567890';
const CREDENTIALS = { accessKeyId: 'AKIDWICKRCLIENTIT', secretAccessKey: 'wickr-client-it-secret' };
const GROUPS = [
  { id: 'SGDEFLT1', name: 'Everyone', isDefault: true },
  { id: 'SGENG001', name: 'Engineering' },
];

/** 30 numbered users plus near-misses for the substring username filter. */
function seed(overrides: Partial<WickrSeed> = {}): WickrSeed {
  const numbered = Array.from({ length: 30 }, (_, i) => ({ userId: String(1000 + i), username: `user${i}@example.com`, securityGroupIds: ['SGDEFLT1'] }));
  return {
    networkId: NETWORK,
    credentials: CREDENTIALS,
    region: 'us-east-1',
    securityGroups: GROUPS,
    users: [
      ...numbered,
      { userId: '2001', username: 'Ann@Example.com', firstName: 'Ann', lastName: 'A', securityGroupIds: ['SGENG001'] },
      { userId: '2002', username: 'joann@example.com', securityGroupIds: ['SGDEFLT1'] },
      { userId: '2003', username: 'ann@example.com.au', securityGroupIds: ['SGDEFLT1'] },
      { userId: '2004', username: 'suspended@example.com', suspended: true },
    ],
    ...overrides,
  };
}

describe('WickrClient against the Wickr emulator', () => {
  let emulator: WickrEmulator;
  const clients: WickrClient[] = [];

  const client = (overrides: Partial<WickrClientConfig> = {}): WickrClient => {
    const created = new WickrClient({ region: 'us-east-1', endpoint: emulator.url, credentials: CREDENTIALS, ...overrides });
    clients.push(created);
    return created;
  };
  const counts = (operation: string): Record<string, number> => emulator.state().requests[operation] ?? {};

  beforeAll(async () => {
    emulator = await startWickrEmulator({ port: 0, seed: seed() });
  });

  beforeEach(() => emulator.reset(seed()));

  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });

  afterAll(async () => {
    await emulator.stop();
  });

  describe('signing', () => {
    it('is accepted when signed with the network credentials', async () => {
      await expect(client().getNetwork({ networkId: NETWORK })).resolves.toMatchObject({ networkId: NETWORK });
      await expect(client().getUser({ networkId: NETWORK, userId: '2001' })).resolves.toMatchObject({ userId: '2001', securityGroupIds: ['SGENG001'] });
    });

    it.each([
      ['a wrong secret', { ...CREDENTIALS, secretAccessKey: 'not-the-secret' }, 'InvalidSignatureException'],
      ['an unknown access key', { ...CREDENTIALS, accessKeyId: 'AKIDUNKNOWN' }, 'UnrecognizedClientException'],
    ])('is rejected as AUTH, and not retried, with %s', async (_, credentials, code) => {
      // Act
      const call = client({ credentials }).getNetwork({ networkId: NETWORK });

      // Assess
      await expect(call).rejects.toMatchObject({ name: 'WickrApiError', kind: 'AUTH', statusCode: 403, code, retryable: false });
      expect(counts('GetNetwork')).toEqual({ '403': 1 });
    });
  });

  describe('error mapping', () => {
    it('maps an unknown user to NOT_FOUND (ResourceNotFoundError) and the port to null', async () => {
      await expect(client().getUser({ networkId: NETWORK, userId: '999999' })).rejects.toMatchObject({ kind: 'NOT_FOUND', code: 'ResourceNotFoundError', statusCode: 404 });
      await expect(createWickrPort(client(), NETWORK).getUser('999999')).resolves.toBeNull();
    });

    it('maps a malformed userId to INVALID (BadRequestError)', async () => {
      await expect(client().getUser({ networkId: NETWORK, userId: 'abc' })).rejects.toMatchObject({ kind: 'INVALID', code: 'BadRequestError', statusCode: 400 });
    });

    it.each([
      ['two security groups', ['SGDEFLT1', 'SGENG001']],
      ['an unknown security group', ['SGNOPE99']],
    ])('maps UpdateUser with %s to INVALID (ValidationError with reasons), sent once', async (_, securityGroupIds) => {
      // Act
      const error = await client()
        .updateUser({ networkId: NETWORK, userId: '2001', userDetails: { securityGroupIds } })
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ kind: 'INVALID', code: 'ValidationError', statusCode: 422, retryable: false });
      expect((error as { reasons: unknown[] }).reasons).toEqual([expect.objectContaining({ field: 'securityGroupIds' })]);
      expect(counts('UpdateUser')).toEqual({ '422': 1 });
    });

    it.each([
      ['500', 'InternalServerError'],
      ['503', 'ServiceUnavailableException'],
    ])('maps an HTTP %s to TRANSIENT (%s) and retries it up to maxAttempts', async (status, code) => {
      // Prepare
      emulator.setFaults({ faults: { errorRate: { [status]: 1 } } });

      // Act
      const call = client({ maxAttempts: 3, sleep: async () => undefined }).getNetwork({ networkId: NETWORK });

      // Assess
      await expect(call).rejects.toMatchObject({ kind: 'TRANSIENT', code, statusCode: Number(status), retryable: true });
      expect(counts('GetNetwork')).toEqual({ [status]: 3 });
    });

    it('maps destroyed sockets to TRANSIENT NetworkError after retries', async () => {
      emulator.setFaults({ faults: { resetRate: 1 } });
      await expect(client({ maxAttempts: 2, sleep: async () => undefined }).getNetwork({ networkId: NETWORK })).rejects.toMatchObject({ kind: 'TRANSIENT', code: 'NetworkError' });
      expect(counts('GetNetwork')).toEqual({ reset: 2 });
    });
  });

  describe('paging and lookup', () => {
    it('listAllUsers walks every page with a small maxResults', async () => {
      // Act
      const users = await client().listAllUsers({ networkId: NETWORK, maxResults: 4 });

      // Assess
      expect(users).toHaveLength(34);
      expect(new Set(users.map((u) => u.userId)).size).toBe(34);
      expect(counts('ListUsers')).toEqual({ '200': 9 });
    });

    it('listSecurityGroups returns every group', async () => {
      const groups = await client().listSecurityGroups({ networkId: NETWORK, maxResults: 1 });
      expect(groups.map((g) => g.id).sort()).toEqual(['SGDEFLT1', 'SGENG001']);
    });

    it.each([
      ['ann@example.com', '2001'],
      ['ANN@EXAMPLE.COM', '2001'],
      ['user7@example.com', '1007'],
      ['nn@example.com', null],
      ['nobody@example.com', null],
    ])('findUserByUsername(%s) matches exactly and case-insensitively despite the substring filter → %s', async (username, userId) => {
      const found = await client().findUserByUsername(NETWORK, username);
      expect(found?.userId ?? null).toBe(userId);
    });

    it('the port normalises ListUsers securityGroups into securityGroupIds', async () => {
      await expect(createWickrPort(client(), NETWORK).findUserByUsername('ann@example.com')).resolves.toMatchObject({
        userId: '2001',
        securityGroupIds: ['SGENG001'],
        suspended: false,
      });
    });

    it('the port updates the group and suspends with the given client token', async () => {
      // Prepare
      const port = createWickrPort(client(), NETWORK);

      // Act
      await port.updateUser('1003', { securityGroupIds: ['SGENG001'] });
      await port.setSuspended('1003', true, 'it-token-1');

      // Assess
      expect(emulator.state().users.find((u) => u.userId === '1003')).toMatchObject({ securityGroupIds: ['SGENG001'], suspended: true });
    });
  });

  describe('throttling and deadlines', () => {
    it('rides out a 429 storm from concurrent callers to success, honouring Retry-After', async () => {
      // Prepare: one request per 200 ms, no burst to speak of.
      emulator.reset(seed({ rateLimit: { requestsPerSecond: 5, burst: 1 } }));
      const attempts: AttemptInfo[] = [];
      const throttledClient = client({ onAttempt: (info) => attempts.push(info) });
      const deadline = Date.now() + 30_000;

      // Act
      const results = await Promise.all(Array.from({ length: 8 }, () => throttledClient.getNetwork({ networkId: NETWORK }, { deadline })));

      // Assess
      expect(results.every((r) => r.networkId === NETWORK)).toBe(true);
      const byStatus = counts('GetNetwork');
      expect(byStatus['200']).toBe(8);
      expect(byStatus['429']).toBeGreaterThan(0);
      expect(attempts.filter((a) => a.throttled)).toHaveLength(byStatus['429']);
      expect(attempts.filter((a) => a.throttled).every((a) => a.willRetry && a.code === 'RateLimitError')).toBe(true);
    });

    it('stops at the deadline with DeadlineExceeded instead of sleeping past it', async () => {
      // Prepare: the bucket refills in 100 s, so Retry-After (capped at 20 s) lies beyond the deadline.
      emulator.reset(seed({ rateLimit: { requestsPerSecond: 0.01, burst: 1 } }));
      await client().getNetwork({ networkId: NETWORK });
      const started = Date.now();

      // Act
      const call = client().getNetwork({ networkId: NETWORK }, { deadline: started + 1_500 });

      // Assess
      await expect(call).rejects.toMatchObject({ kind: 'TRANSIENT', code: 'DeadlineExceeded', cause: expect.objectContaining({ code: 'RateLimitError' }) });
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(counts('GetNetwork')).toEqual({ '200': 1, '429': 1 });
    });

    it('retries transient errors until the deadline and no further', async () => {
      // Prepare
      emulator.setFaults({ faults: { errorRate: { '500': 1 } } });
      const started = Date.now();

      // Act
      const call = client({ maxAttempts: 1_000 }).getNetwork({ networkId: NETWORK }, { deadline: started + 800 });

      // Assess
      await expect(call).rejects.toMatchObject({ code: 'DeadlineExceeded' });
      expect(Date.now() - started).toBeLessThan(1_300);
      expect(counts('GetNetwork')['500']).toBeGreaterThan(1);
    });
  });
});
