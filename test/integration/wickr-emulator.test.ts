import { spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { startWickrEmulator, type WickrEmulator, type WickrSeed } from '../../local/wickr-emulator';

// Raw SigV4-signed requests (not our client in src/adapters/wickr): the emulator is tested on the wire protocol alone.

const START = Date.UTC(2026, 0, 15, 12, 0, 0);
const NETWORK = '23456789';
const CREDENTIALS = { accessKeyId: 'AKIDEMULATORTEST', secretAccessKey: 'emulator-secret' };

const SEED: WickrSeed = {
  networkId: NETWORK,
  credentials: CREDENTIALS,
  region: 'eu-west-2',
  securityGroups: [
    { id: 'SGDEFLT1', name: 'Everyone', isDefault: true },
    { id: 'SGADMIN1', name: 'Admins' },
    { id: 'SGENG001', name: 'Engineering' },
  ],
  users: [
    { userId: '101', username: 'Jane.Doe@Example.com', firstName: 'Jane', lastName: 'Doe', securityGroupIds: ['SGENG001'] },
    { userId: '102', username: 'john.doe@example.com', firstName: 'John', lastName: 'Doe', securityGroupIds: ['SGADMIN1'] },
    { userId: '103', username: 'doe.jane@other.org', firstName: 'Jane', lastName: 'Other' },
    { userId: '104', username: 'sam.smith@example.com', firstName: 'Sam', lastName: 'Smith', suspended: true },
  ],
};

// biome-ignore lint/suspicious/noExplicitAny: raw JSON answers of every operation, checked field by field
type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: any };

type CallOptions = {
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region?: string;
  service?: string;
  signingDate?: Date;
  /** Replaces the body after signing (a tampered request). */
  alteredBody?: string;
  unsigned?: boolean;
  /** false: sign without the x-amz-content-sha256 header (the payload hash then lives only in the signature). */
  applyChecksum?: boolean;
};

let emulator: WickrEmulator;
let clock = START;
let draws: number[] = [];

function encodeQuery(query: Record<string, string>): string {
  // SigV4 canonical encoding: spaces as %20, '+' as %2B (URLSearchParams would send '+' for a space).
  return Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

function send(method: string, pathAndQuery: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${emulator.url}${pathAndQuery}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function call(options: CallOptions): Promise<Reply> {
  const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const host = new URL(emulator.url).host;
  const headers: Record<string, string> = { host, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers };
  const query = options.query ?? {};
  let sent = headers;
  if (!options.unsigned) {
    const signer = new SignatureV4({
      credentials: options.credentials ?? CREDENTIALS,
      region: options.region ?? 'eu-west-2',
      service: options.service ?? 'wickr',
      sha256: Sha256,
      applyChecksum: options.applyChecksum,
    });
    const signed = await signer.sign(new HttpRequest({ method: options.method, protocol: 'http:', hostname: '127.0.0.1', path: options.path, query, headers, body: payload }), {
      signingDate: options.signingDate ?? new Date(clock),
    });
    sent = signed.headers;
  }
  const qs = encodeQuery(query);
  return send(options.method, `${options.path}${qs ? `?${qs}` : ''}`, sent, options.alteredBody ?? payload);
}

async function control(method: string, path: string, body?: unknown): Promise<Reply> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return send(method, `/__emulator/${path}`, payload === undefined ? {} : { 'content-type': 'application/json' }, payload);
}

const updateUser = (userId: string, userDetails: Record<string, unknown>, extra: Partial<CallOptions> = {}): Promise<Reply> =>
  call({ method: 'PATCH', path: `/networks/${NETWORK}/users`, body: { userId, userDetails }, ...extra });
const listUsers = (query: Record<string, string> = {}): Promise<Reply> => call({ method: 'GET', path: `/networks/${NETWORK}/users`, query });
const toggleSuspend = (suspend: string, userIds: unknown, headers?: Record<string, string>): Promise<Reply> =>
  call({ method: 'PATCH', path: `/networks/${NETWORK}/users/toggleSuspend`, query: { suspend }, body: { userIds }, headers });
const userState = (userId: string) => emulator.state().users.find((u) => u.userId === userId);

beforeAll(async () => {
  emulator = await startWickrEmulator({ seed: SEED, now: () => clock, random: () => draws.shift() ?? 0.999 });
});

afterAll(async () => {
  await emulator.stop();
});

beforeEach(() => {
  clock = START;
  draws = [];
  emulator.reset(SEED);
});

describe('wickr emulator: SigV4 verification', () => {
  it('applies a correctly signed UpdateUser and reports it in state', async () => {
    // Act
    clock = START + 90_000;
    const reply = await updateUser('101', { firstName: 'Janet', username: 'janet.doe@example.com', securityGroupIds: ['SGADMIN1'] });

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.headers['x-amzn-requestid']).toEqual(expect.any(String));
    expect(reply.body).toEqual({
      userId: '101',
      networkId: NETWORK,
      securityGroupIds: ['SGADMIN1'],
      firstName: 'Janet',
      lastName: 'Doe',
      suspended: false,
      modified: Math.floor((START + 90_000) / 1000),
      status: 2,
    });
    expect(userState('101')).toMatchObject({ username: 'janet.doe@example.com', firstName: 'Janet', securityGroupIds: ['SGADMIN1'] });
    expect(emulator.state().requests).toEqual({ UpdateUser: { '200': 1 } });
  });

  it('accepts a signature dated within five minutes of its clock', async () => {
    const reply = await updateUser('101', { lastName: 'Skewed' }, { signingDate: new Date(START - 4 * 60_000) });

    expect(reply.status).toBe(200);
  });

  it.each<[string, Partial<CallOptions>, string]>([
    ['a wrong secret', { credentials: { ...CREDENTIALS, secretAccessKey: 'not-the-secret' } }, 'InvalidSignatureException'],
    ['an unknown access key', { credentials: { ...CREDENTIALS, accessKeyId: 'AKIDSOMEONEELSE' } }, 'UnrecognizedClientException'],
    ['another service', { service: 'execute-api' }, 'InvalidSignatureException'],
    ['another region', { region: 'us-east-1' }, 'InvalidSignatureException'],
    ['a date six minutes old', { signingDate: new Date(START - 6 * 60_000) }, 'InvalidSignatureException'],
    ['a date six minutes ahead', { signingDate: new Date(START + 6 * 60_000) }, 'InvalidSignatureException'],
    ['a body altered after signing', { alteredBody: JSON.stringify({ userId: '101', userDetails: { firstName: 'Mallory' } }) }, 'InvalidSignatureException'],
    [
      'a body altered after signing without x-amz-content-sha256',
      { applyChecksum: false, alteredBody: JSON.stringify({ userId: '101', userDetails: { firstName: 'Mallory' } }) },
      'InvalidSignatureException',
    ],
    ['no Authorization header', { unsigned: true }, 'MissingAuthenticationTokenException'],
  ])('rejects a request signed with %s with 403 and changes nothing', async (_case, options, errorType) => {
    // Act
    const reply = await updateUser('101', { firstName: 'Eve' }, options);

    // Assess
    expect(reply.status).toBe(403);
    expect(reply.headers['x-amzn-errortype']).toBe(`${errorType}:http://internal.amazon.com/coral/com.amazon.coral.service/`);
    expect(reply.body).toEqual({ __type: `com.amazon.coral.service#${errorType}`, message: expect.any(String) });
    expect(reply.headers['x-amzn-requestid']).toEqual(expect.any(String));
    expect(userState('101')?.firstName).toBe('Jane');
    expect(emulator.state().requests).toEqual({ UpdateUser: { '403': 1 } });
  });

  it('requires the seed session token when the seed has one', async () => {
    emulator.reset({ ...SEED, credentials: { ...CREDENTIALS, sessionToken: 'session-token-1' } });

    const withToken = await updateUser('101', { firstName: 'Jo' }, { credentials: { ...CREDENTIALS, sessionToken: 'session-token-1' } });
    const withoutToken = await updateUser('101', { firstName: 'Jo' });

    expect(withToken.status).toBe(200);
    expect(withoutToken.status).toBe(403);
  });
});

describe('wickr emulator: validation errors', () => {
  it.each<[string, number, string, string | undefined, CallOptions]>([
    ['a networkId of 7 digits', 422, 'ValidationError', 'networkId', { method: 'GET', path: '/networks/2345678/users' }],
    ['another network', 404, 'ResourceNotFoundError', undefined, { method: 'GET', path: '/networks/99999999/users/101' }],
    ['a userId with letters', 400, 'BadRequestError', undefined, { method: 'GET', path: `/networks/${NETWORK}/users/abc` }],
    ['an unknown user', 404, 'ResourceNotFoundError', undefined, { method: 'GET', path: `/networks/${NETWORK}/users/999` }],
    ['UpdateUser of an unknown user', 404, 'ResourceNotFoundError', undefined, { method: 'PATCH', path: `/networks/${NETWORK}/users`, body: { userId: '999', userDetails: { firstName: 'X' } } }],
    ['UpdateUser without userId', 422, 'ValidationError', 'userId', { method: 'PATCH', path: `/networks/${NETWORK}/users`, body: { userDetails: {} } }],
    [
      'UpdateUser with two groups',
      422,
      'ValidationError',
      'securityGroupIds',
      { method: 'PATCH', path: `/networks/${NETWORK}/users`, body: { userId: '101', userDetails: { securityGroupIds: ['SGADMIN1', 'SGENG001'] } } },
    ],
    [
      'UpdateUser with an unknown group',
      422,
      'ValidationError',
      'securityGroupIds',
      { method: 'PATCH', path: `/networks/${NETWORK}/users`, body: { userId: '101', userDetails: { securityGroupIds: ['SGNOPE01'] } } },
    ],
    [
      "UpdateUser taking another user's username in other case",
      422,
      'ValidationError',
      'username',
      { method: 'PATCH', path: `/networks/${NETWORK}/users`, body: { userId: '101', userDetails: { username: 'JOHN.DOE@example.com' } } },
    ],
    ['UpdateUser with malformed JSON', 400, 'BadRequestError', undefined, { method: 'PATCH', path: `/networks/${NETWORK}/users`, body: '{"userId": "101",' }],
    ['ListUsers with maxResults 0', 422, 'ValidationError', 'maxResults', { method: 'GET', path: `/networks/${NETWORK}/users`, query: { maxResults: '0' } }],
    ['ListUsers with maxResults 101', 422, 'ValidationError', 'maxResults', { method: 'GET', path: `/networks/${NETWORK}/users`, query: { maxResults: '101' } }],
    ['ListUsers with an unknown sort field', 422, 'ValidationError', 'sortFields', { method: 'GET', path: `/networks/${NETWORK}/users`, query: { sortFields: 'email' } }],
    ['ListUsers with status 3', 422, 'ValidationError', 'status', { method: 'GET', path: `/networks/${NETWORK}/users`, query: { status: '3' } }],
    ['toggleSuspend without suspend', 422, 'ValidationError', 'suspend', { method: 'PATCH', path: `/networks/${NETWORK}/users/toggleSuspend`, body: { userIds: ['101'] } }],
    [
      'toggleSuspend with a bad client token',
      422,
      'ValidationError',
      'clientToken',
      { method: 'PATCH', path: `/networks/${NETWORK}/users/toggleSuspend`, query: { suspend: 'true' }, body: { userIds: ['101'] }, headers: { 'x-client-token': 'has spaces' } },
    ],
  ])('answers %s with %i %s', async (_case, status, errorType, field, options) => {
    // Act
    const reply = await call(options);

    // Assess
    expect(reply.status).toBe(status);
    expect(reply.headers['x-amzn-errortype']).toBe(errorType);
    expect(reply.headers['x-amzn-requestid']).toEqual(expect.any(String));
    expect(reply.body).toMatchObject({ __type: errorType, message: expect.any(String) });
    if (field) expect(reply.body.reasons).toEqual(expect.arrayContaining([{ field, reason: expect.any(String) }]));
  });

  it('answers an unknown user with the model example body', async () => {
    const reply = await call({ method: 'GET', path: `/networks/${NETWORK}/users/999` });

    expect(reply.body).toEqual({ __type: 'ResourceNotFoundError', message: 'User not found.' });
  });

  it('leaves the user unchanged when an update is invalid', async () => {
    await updateUser('101', { firstName: 'Changed', securityGroupIds: ['SGADMIN1', 'SGENG001'] });

    expect(userState('101')).toMatchObject({ firstName: 'Jane', securityGroupIds: ['SGENG001'] });
  });

  it('answers a path outside the model with 404 UnknownOperationException', async () => {
    const reply = await call({ method: 'DELETE', path: `/networks/${NETWORK}/users` });

    expect(reply.status).toBe(404);
    expect(reply.headers['x-amzn-errortype']).toMatch(/^UnknownOperationException:/);
    expect(emulator.state().requests).toEqual({ UnknownOperation: { '404': 1 } });
  });
});

describe('wickr emulator: reads', () => {
  it('returns the user with securityGroupIds from GetUser', async () => {
    const reply = await call({ method: 'GET', path: `/networks/${NETWORK}/users/104` });

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ userId: '104', username: 'sam.smith@example.com', suspended: true, status: 2, securityGroupIds: ['SGDEFLT1'] });
  });

  it('returns the network with the model required members from GetNetwork', async () => {
    const reply = await call({ method: 'GET', path: `/networks/${NETWORK}` });

    expect(reply.body).toMatchObject({ networkId: NETWORK, networkName: expect.any(String), accessLevel: 'PREMIUM', awsAccountId: expect.any(String) });
    expect(reply.body.networkArn).toContain(`network/${NETWORK}`);
  });

  it('pages security groups with the model required members', async () => {
    const first = await call({ method: 'GET', path: `/networks/${NETWORK}/security-groups`, query: { maxResults: '2' } });
    const second = await call({ method: 'GET', path: `/networks/${NETWORK}/security-groups`, query: { maxResults: '2', nextToken: first.body.nextToken } });

    expect(first.body.securityGroups.map((g: { id: string }) => g.id)).toEqual(['SGDEFLT1', 'SGADMIN1']);
    expect(first.body.securityGroups[0]).toEqual({
      activeMembers: 1,
      botMembers: 0,
      id: 'SGDEFLT1',
      isDefault: true,
      name: 'Everyone',
      modified: Math.floor(START / 1000),
      securityGroupSettings: expect.any(Object),
    });
    expect(second.body).toEqual({ securityGroups: [expect.objectContaining({ id: 'SGENG001', isDefault: false })] });
  });
});

describe('wickr emulator: ListUsers', () => {
  const many: WickrSeed = {
    ...SEED,
    users: Array.from({ length: 25 }, (_, i) => ({ username: `user${String(i).padStart(2, '0')}@example.com`, firstName: 'U', lastName: String(i) })),
  };

  it('pages through every user with nextToken, which is absent on the last page', async () => {
    // Prepare
    emulator.reset(many);
    const pages: { userId: string }[][] = [];
    const tokens: string[] = [];

    // Act
    let nextToken: string | undefined;
    do {
      const reply = await listUsers(nextToken ? { maxResults: '10', nextToken } : { maxResults: '10' });
      expect(reply.status).toBe(200);
      pages.push(reply.body.users);
      nextToken = reply.body.nextToken;
      if (nextToken) tokens.push(nextToken);
    } while (nextToken);

    // Assess
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    const ids = pages.flat().map((u) => u.userId);
    expect(new Set(ids).size).toBe(25);
    expect(ids).toEqual(emulator.state().users.map((u) => u.userId));
    for (const token of tokens) expect(token).toMatch(/^v1:pagination:[0-9a-f-]{36}$/);
  });

  it('returns 10 users when maxResults is absent', async () => {
    emulator.reset(many);

    const reply = await listUsers();

    expect(reply.body.users).toHaveLength(10);
    expect(reply.body.nextToken).toEqual(expect.any(String));
  });

  it('gives users without a seed userId sequential numeric ids', async () => {
    emulator.reset(many);

    expect(
      emulator
        .state()
        .users.slice(0, 3)
        .map((u) => u.userId),
    ).toEqual(['1001', '1002', '1003']);
  });

  it('rejects a nextToken sent with other filters', async () => {
    emulator.reset(many);
    const first = await listUsers({ maxResults: '5' });

    const reply = await listUsers({ maxResults: '5', nextToken: first.body.nextToken, username: 'user1' });

    expect(reply.status).toBe(422);
    expect(reply.body.reasons).toEqual([{ field: 'nextToken', reason: expect.any(String) }]);
  });

  it('filters usernames case-insensitively by substring', async () => {
    const reply = await listUsers({ username: 'DOE@EXAMPLE.COM' });

    expect(reply.body.users.map((u: { username: string }) => u.username)).toEqual(['Jane.Doe@Example.com', 'john.doe@example.com']);
    expect(reply.body.nextToken).toBeUndefined();
  });

  it('returns securityGroups rather than securityGroupIds on each user', async () => {
    const reply = await listUsers({ username: 'john.doe@example.com' });

    expect(reply.body.users).toEqual([expect.objectContaining({ userId: '102', securityGroups: ['SGADMIN1'] })]);
    expect(reply.body.users[0]).not.toHaveProperty('securityGroupIds');
  });

  it.each<[Record<string, string>, string[]]>([
    [{ groupId: 'SGDEFLT1' }, ['103', '104']],
    [{ firstName: 'jane' }, ['101', '103']],
    [{ lastName: 'doe', firstName: 'JOHN' }, ['102']],
    [{ status: '1' }, []],
    [{ sortFields: 'username', sortDirection: 'ASC' }, ['103', '101', '102', '104']],
    [{ sortFields: 'lastName+firstName', sortDirection: 'DESC' }, ['104', '103', '102', '101']],
  ])('applies the filters and sort %j', async (query, expected) => {
    const reply = await listUsers(query);

    expect(reply.body.users.map((u: { userId: string }) => u.userId)).toEqual(expected);
  });
});

describe('wickr emulator: BatchToggleUserSuspendStatus', () => {
  it('suspends the known users and reports unknown ones as failed', async () => {
    const reply = await toggleSuspend('true', ['101', '999', 'x1']);

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      message: 'partial success',
      successful: [{ userId: '101' }],
      failed: [
        { userId: '999', field: 'userId', reason: 'User not found' },
        { userId: 'x1', field: 'userId', reason: 'Invalid userId' },
      ],
    });
    expect(userState('101')).toMatchObject({ suspended: true, modified: Math.floor(START / 1000) });
  });

  it('unsuspends users with suspend=false', async () => {
    const reply = await toggleSuspend('false', ['104']);

    expect(reply.body).toEqual({ message: 'success', successful: [{ userId: '104' }], failed: [] });
    expect(userState('104')?.suspended).toBe(false);
  });

  it('replays the first answer for a retry with the same X-Client-Token without applying it again', async () => {
    // Prepare
    const first = await toggleSuspend('true', ['101'], { 'x-client-token': 'retry-token-1' });
    await toggleSuspend('false', ['101']);

    // Act
    const retry = await toggleSuspend('true', ['101'], { 'x-client-token': 'retry-token-1' });
    const reused = await toggleSuspend('true', ['102'], { 'x-client-token': 'retry-token-1' });

    // Assess
    expect(retry.body).toEqual(first.body);
    expect(userState('101')?.suspended).toBe(false);
    expect(reused.status).toBe(422);
  });
});

describe('wickr emulator: rate limit', () => {
  it('answers 429 with Retry-After once the bucket is empty, without taking tokens for refused requests', async () => {
    // Prepare
    emulator.setFaults({ rateLimit: { requestsPerSecond: 2, burst: 3 } });

    // Act
    const allowed = await Promise.all([listUsers(), listUsers(), listUsers()]);
    const refused = await listUsers();
    const refusedAgain = await listUsers();
    clock += 500; // one token at 2/s
    const afterRefill = await listUsers();
    const emptyAgain = await listUsers();

    // Assess
    expect(allowed.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['x-amzn-errortype']).toBe('RateLimitError');
    expect(refused.body).toEqual({ __type: 'RateLimitError', message: expect.any(String) });
    expect(refusedAgain.status).toBe(429);
    expect(afterRefill.status).toBe(200);
    expect(emptyAgain.status).toBe(429);
    expect(emulator.state().requests.ListUsers).toEqual({ '200': 4, '429': 3 });
  });

  it('rounds Retry-After up to whole seconds until a token is back', async () => {
    emulator.setFaults({ rateLimit: { requestsPerSecond: 0.25, burst: 1 } });
    await listUsers();

    clock += 1_000;
    const reply = await listUsers();

    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toBe('3');
  });

  it('never limits the control endpoints', async () => {
    emulator.setFaults({ rateLimit: { requestsPerSecond: 1, burst: 1 } });
    await listUsers();

    const replies = await Promise.all([control('GET', 'state'), control('GET', 'state'), control('GET', 'faults')]);

    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('stops limiting when the rate limit is set to null', async () => {
    emulator.setFaults({ rateLimit: { requestsPerSecond: 1, burst: 1 } });
    await listUsers();

    emulator.setFaults({ rateLimit: null });
    const reply = await listUsers();

    expect(reply.status).toBe(200);
  });
});

describe('wickr emulator: fault injection', () => {
  it('answers InternalServerError when the random draw falls in the 500 rate', async () => {
    emulator.setFaults({ faults: { errorRate: { '500': 0.1, '503': 0.1 } } });
    draws = [0.05, 0.15, 0.5];

    const replies = [await listUsers(), await listUsers(), await listUsers()];

    expect(replies.map((r) => r.status)).toEqual([500, 503, 200]);
    expect(replies[0]!.body).toEqual({ __type: 'InternalServerError', message: expect.any(String) });
    expect(replies[1]!.headers['x-amzn-errortype']).toMatch(/^ServiceUnavailableException:/);
  });

  it('destroys the socket without an answer when the draw falls in the reset rate', async () => {
    emulator.setFaults({ faults: { resetRate: 0.5 } });
    draws = [0.2, 0.7];

    await expect(listUsers()).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|socket hang up/i) });
    const next = await listUsers();

    expect(next.status).toBe(200);
    expect(emulator.state().requests.ListUsers).toEqual({ reset: 1, '200': 1 });
  });

  it('adds the drawn latency before answering', async () => {
    emulator.setFaults({ faults: { latencyMs: { min: 100, max: 300 } } });
    draws = [0.5]; // 200 ms

    const started = performance.now();
    const reply = await listUsers();

    expect(reply.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('never faults the control endpoints', async () => {
    emulator.setFaults({ faults: { resetRate: 1, errorRate: { '500': 1 } } });

    const reply = await control('GET', 'state');

    expect(reply.status).toBe(200);
  });
});

describe('wickr emulator: control endpoints', () => {
  it('replaces the state with a posted seed', async () => {
    // Act
    const reply = await control('POST', 'reset', {
      networkId: '34567890',
      credentials: { accessKeyId: 'other', secretAccessKey: 'other-secret' },
      securityGroups: [{ id: 'SGONLY01', name: 'Only', isDefault: true }],
      users: [{ username: 'solo@example.com' }],
    });

    // Assess
    expect(reply.status).toBe(200);
    const state = await control('GET', 'state');
    expect(state.body).toEqual({
      networkId: '34567890',
      users: [
        {
          userId: '1001',
          username: 'solo@example.com',
          firstName: '',
          lastName: '',
          securityGroupIds: ['SGONLY01'],
          suspended: false,
          status: 2,
          isAdmin: false,
          isInviteExpired: false,
          modified: Math.floor(START / 1000),
        },
      ],
      requests: {},
    });
  });

  it.each<[string, unknown, string]>([
    ['a networkId of 9 digits', { ...SEED, networkId: '123456789' }, 'networkId'],
    ['no credentials', { ...SEED, credentials: undefined }, 'credentials'],
    ['a user in an unknown group', { ...SEED, users: [{ username: 'a@b.c', securityGroupIds: ['NOPE'] }] }, 'unknown group NOPE'],
    ['a user in two groups', { ...SEED, users: [{ username: 'a@b.c', securityGroupIds: ['SGADMIN1', 'SGENG001'] }] }, 'at most one security group'],
    [
      'two default groups',
      {
        ...SEED,
        securityGroups: [
          { id: 'A', name: 'A', isDefault: true },
          { id: 'B', name: 'B', isDefault: true },
        ],
      },
      'default',
    ],
    ['not JSON', '{"networkId":', 'not valid JSON'],
  ])('refuses a seed with %s with 400 and keeps the state', async (_case, seed, mention) => {
    const reply = await control('POST', 'reset', seed);

    expect(reply.status).toBe(400);
    expect(reply.body.message).toContain(mention);
    expect(emulator.state().networkId).toBe(NETWORK);
  });

  it('counts requests per operation and status', async () => {
    await listUsers();
    await listUsers({ maxResults: '0' });
    await call({ method: 'GET', path: `/networks/${NETWORK}/users/101` });

    const state = await control('GET', 'state');

    expect(state.body.requests).toEqual({ ListUsers: { '200': 1, '422': 1 }, GetUser: { '200': 1 } });
  });

  it('changes faults over PATCH without touching users, and refuses invalid ones', async () => {
    await updateUser('101', { firstName: 'Kept' });

    const changed = await control('PATCH', 'faults', { rateLimit: { requestsPerSecond: 100, burst: 10 }, faults: { errorRate: { '500': 0.5 } } });
    const invalid = await control('PATCH', 'faults', { faults: { errorRate: { '500': 0.7, '503': 0.6 } } });

    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ rateLimit: { requestsPerSecond: 100, burst: 10 }, faults: { errorRate: { '500': 0.5 } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toContain('at most 1');
    expect(userState('101')?.firstName).toBe('Kept');
    expect((await control('GET', 'faults')).body.faults).toEqual({ errorRate: { '500': 0.5 } });
  });

  it('restores the default seed on a reset without a body', async () => {
    const reply = await control('POST', 'reset');

    expect(reply.status).toBe(200);
    expect(emulator.state().networkId).toBe('12345678');
  });
});

describe('wickr emulator: lifecycle', () => {
  it('stops promptly while a keep-alive connection is open', async () => {
    // Prepare
    const own = await startWickrEmulator({ port: 0 });
    const reply = await new Promise<number>((resolve, reject) => {
      httpRequest(`${own.url}/__emulator/state`, { agent: new Agent({ keepAlive: true }) }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
        .on('error', reject)
        .end();
    });

    // Act
    const started = performance.now();
    await own.stop();

    // Assess
    expect(reply).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('wickr emulator: command line', () => {
  it('prints the listening line, serves the default seed and exits 0 on SIGTERM', async () => {
    // Prepare
    const root = join(__dirname, '../..');
    const child = spawn(join(root, 'node_modules/.bin/tsx'), ['local/wickr-emulator/cli.ts', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    try {
      // Act
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        const deadline = setTimeout(() => reject(new Error(`no listening line in time: ${out}`)), 30_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) {
            clearTimeout(deadline);
            resolve(out.split('\n')[0]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
      // biome-ignore lint/suspicious/noExplicitAny: the control endpoint's raw JSON, checked field by field
      const state = await new Promise<any>((resolve, reject) => {
        httpRequest(`${url}/__emulator/state`, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(JSON.parse(text)));
        })
          .on('error', reject)
          .end();
      });
      child.kill('SIGTERM');

      // Assess
      expect(url).toBeDefined();
      expect(state.networkId).toBe('12345678');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
