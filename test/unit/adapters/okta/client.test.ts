import { createOktaClient, type OktaClientOptions } from '../../../../src/adapters/okta/client';
import { ConfigError, DependencyError } from '../../../../src/core/errors';
import type { Logger } from '../../../../src/core/ports';
import { oktaErrorBody, rateLimitHeaders, startScriptedServer, type ScriptedReply, type ScriptedServer } from './scriptedServer';

const TOKEN = 'ssws-secret-token-42';
const get = { operation: 'getUser', path: '/api/v1/users/00u1', family: '/api/v1/users/{id}' };

describe(createOktaClient.name, () => {
  let server: ScriptedServer;
  let logger: Logger & { warn: jest.Mock; info: jest.Mock };
  let sleep: jest.Mock;
  const serve = async (respond: (path: string, index: number, url: string) => ScriptedReply): Promise<void> => {
    server = await startScriptedServer(respond);
  };
  const client = (options: Partial<OktaClientOptions> = {}) => createOktaClient({ orgUrl: server.url, token: TOKEN, logger, sleep, random: () => 0.5, ...options });

  beforeEach(() => {
    logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
    sleep = jest.fn().mockResolvedValue(undefined);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined as unknown as ScriptedServer;
  });

  it('sends the SSWS token and Accept header and returns the parsed body', async () => {
    // Prepare
    await serve(() => ({ body: { id: '00u1' } }));
    // Act
    const answer = await client().get(get);
    // Assess
    expect(answer).toEqual({ body: { id: '00u1' }, next: undefined });
    expect(server.requests[0]?.headers).toMatchObject({ authorization: `SSWS ${TOKEN}`, accept: 'application/json' });
  });

  it('returns null on 404', async () => {
    await serve(() => ({ status: 404, body: oktaErrorBody('E0000007', 'Not found: Resource not found: 00u1 (User)') }));
    await expect(client().get(get)).resolves.toBeNull();
  });

  it('gives the next link as a path on the org when it has the same origin', async () => {
    // Prepare
    await serve((_path, _i, url) => ({ body: [], headers: { Link: [`<${url}/api/v1/users?limit=2>; rel="self"`, `<${url}/api/v1/users?after=00u2&limit=2>; rel="next"`] } }));
    // Act
    const answer = await client().get({ ...get, path: '/api/v1/users?limit=2' });
    // Assess
    expect(answer?.next).toBe('/api/v1/users?after=00u2&limit=2');
  });

  it('refuses to follow a next link to another origin, rather than stopping as if the list were complete', async () => {
    // Prepare
    await serve(() => ({ body: [], headers: { Link: '<https://attacker.example/api/v1/users?after=00u2>; rel="next"' } }));
    // Act
    const result = client().get({ ...get, path: '/api/v1/users' });
    // Assess
    await expect(result).rejects.toMatchObject({ dependency: 'directory', kind: 'INVALID' });
  });

  it('refuses a path that would leave the org API, without sending anything', async () => {
    await serve(() => ({ body: {} }));
    await expect(client().get({ ...get, path: '//attacker.example/api/v1/users' })).rejects.toMatchObject({ kind: 'INVALID' });
    await expect(client().get({ ...get, path: '/oauth2/v1/keys' })).rejects.toMatchObject({ kind: 'INVALID' });
    expect(server.requests).toHaveLength(0);
  });

  it('waits X-Rate-Limit-Reset minus Date plus jitter after a 429, then retries', async () => {
    // Prepare: the window resets 3 s after Okta's Date; jitter is 0.5 × 1 s.
    await serve((_p, i) => (i === 0 ? { status: 429, headers: rateLimitHeaders(600, 0, 3), body: oktaErrorBody('E0000047', 'API call exceeded rate limit') } : { body: { id: '00u1' } }));
    // Act
    const answer = await client().get(get);
    // Assess
    expect(answer?.body).toEqual({ id: '00u1' });
    expect(sleep).toHaveBeenCalledTimes(1);
    expect(sleep.mock.calls[0]?.[0]).toBe(3500);
    expect(logger.warn).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ operation: 'getUser', delayMs: 3500 }));
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain(TOKEN);
  });

  it('raises THROTTLING after maxRetries 429s', async () => {
    // Prepare
    await serve(() => ({ status: 429, headers: rateLimitHeaders(600, 0, 1), body: oktaErrorBody('E0000047', 'x') }));
    // Act
    const result = client({ maxRetries: 2 }).get(get);
    // Assess
    await expect(result).rejects.toMatchObject({ dependency: 'directory', kind: 'THROTTLING', statusCode: 429, code: 'E0000047' });
    expect(server.requests).toHaveLength(3);
    expect(sleep).toHaveBeenCalledTimes(2);
  });

  it('fails fast as THROTTLING when the reset lies beyond the request budget', async () => {
    // Prepare
    await serve(() => ({ status: 429, headers: rateLimitHeaders(600, 0, 60), body: oktaErrorBody('E0000047', 'x') }));
    // Act
    const result = client({ requestTimeoutMs: 10_000 }).get(get);
    // Assess
    await expect(result).rejects.toMatchObject({ kind: 'THROTTLING', statusCode: 429 });
    expect(sleep).not.toHaveBeenCalled();
    expect(server.requests).toHaveLength(1);
  });

  it('re-reads the token once after a 401 and retries with the new one', async () => {
    // Prepare: the secret was rotated; the cached token is stale.
    await serve((_p, i) => (i === 0 ? { status: 401, body: oktaErrorBody('E0000011', 'Invalid token provided') } : { body: { id: '00u1' } }));
    const getToken = jest.fn(async (refresh: boolean) => (refresh ? 'rotated-token' : TOKEN));
    // Act
    const answer = await client({ token: undefined, getToken }).get(get);
    // Assess
    expect(answer?.body).toEqual({ id: '00u1' });
    expect(getToken.mock.calls).toEqual([[false], [true]]);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`SSWS ${TOKEN}`, 'SSWS rotated-token']);
  });

  it('raises AUTH when the refreshed token is refused too, after exactly one refresh', async () => {
    // Prepare
    await serve(() => ({ status: 401, body: oktaErrorBody('E0000011', 'Invalid token provided') }));
    const getToken = jest.fn(async () => TOKEN);
    // Act
    const result = client({ token: undefined, getToken }).get(get);
    // Assess
    await expect(result).rejects.toMatchObject({ kind: 'AUTH', statusCode: 401, code: 'E0000011' });
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(server.requests).toHaveLength(2);
  });

  it('loads the token once and keeps it between calls', async () => {
    // Prepare
    await serve(() => ({ body: { id: '00u1' } }));
    const getToken = jest.fn(async () => TOKEN);
    const okta = client({ token: undefined, getToken });
    // Act
    await okta.get(get);
    await okta.get(get);
    // Assess
    expect(getToken).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(2);
  });

  it('raises AUTH at once on a 401 when the token is fixed, as there is nothing to re-read', async () => {
    await serve(() => ({ status: 401, body: oktaErrorBody('E0000011', 'Invalid token provided') }));
    await expect(client().get(get)).rejects.toMatchObject({ kind: 'AUTH', statusCode: 401 });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a failed token load on the next call instead of keeping the failure', async () => {
    // Prepare
    await serve(() => ({ body: { id: '00u1' } }));
    const getToken = jest.fn().mockRejectedValueOnce(new Error('secret unreachable')).mockResolvedValue(TOKEN);
    const okta = client({ token: undefined, getToken });
    // Act
    const first = okta.get(get);
    // Assess
    await expect(first).rejects.toMatchObject({ dependency: 'config', kind: 'AUTH', message: 'The Okta token could not be loaded' });
    await expect(okta.get(get)).resolves.toMatchObject({ body: { id: '00u1' } });
  });

  it('passes a token loader DependencyError through unchanged', async () => {
    await serve(() => ({ body: {} }));
    const failure = new DependencyError('GetSecretValue failed', { dependency: 'config', kind: 'AUTH' });
    await expect(client({ token: undefined, getToken: async () => Promise.reject(failure) }).get(get)).rejects.toBe(failure);
  });

  it('raises TRANSIENT when an attempt gets no answer in time', async () => {
    // Prepare
    await serve(() => 'hang');
    const started = Date.now();
    // Act
    const result = client({ attemptTimeoutMs: 100 }).get(get);
    // Assess
    await expect(result).rejects.toMatchObject({ kind: 'TRANSIENT', message: 'Okta getUser failed: no answer within 100 ms' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('bounds an attempt by what is left of the budget', async () => {
    await serve(() => 'hang');
    await expect(client({ attemptTimeoutMs: 5_000, requestTimeoutMs: 80 }).get(get)).rejects.toMatchObject({ kind: 'TRANSIENT', message: expect.stringMatching(/within (79|80) ms/) });
  });

  it('raises TRANSIENT with the socket error code when Okta cannot be reached', async () => {
    // Prepare
    await serve(() => ({ body: {} }));
    const url = server.url;
    await server.close();
    // Act
    const error = await createOktaClient({ orgUrl: url, token: TOKEN, logger })
      .get(get)
      .catch((e: unknown) => e);
    // Assess
    expect(error).toMatchObject({ kind: 'TRANSIENT', code: 'ECONNREFUSED' });
  });

  it.each([
    [400, 'E0000001', 'INVALID'],
    [403, 'E0000006', 'AUTH'],
    [500, 'E0000009', 'TRANSIENT'],
    [503, 'E0000010', 'TRANSIENT'],
  ])('classifies HTTP %i as %s and keeps the request id', async (status, code, kind) => {
    await serve(() => ({ status, headers: { 'X-Okta-Request-Id': 'req-7' }, body: oktaErrorBody(code, 'x') }));
    await expect(client().get(get)).rejects.toMatchObject({ dependency: 'directory', kind, statusCode: status, code, requestId: 'req-7' });
  });

  it('builds messages from the operation, status and error code only, never from the response or the token', async () => {
    // Prepare: Okta's summary echoes the login the request named; errorCauses too.
    const login = 'ana.lima@example.com';
    await serve(() => ({ status: 400, body: { ...oktaErrorBody('E0000001', `Api validation failed: ${login}`), errorCauses: [{ errorSummary: login }] } }));
    // Act
    const error = (await client()
      .get({ ...get, path: `/api/v1/users/${encodeURIComponent(login)}` })
      .catch((e: unknown) => e)) as DependencyError;
    // Assess
    expect(error.message).toBe('Okta getUser failed: HTTP 400 E0000001');
    const printed = `${error.message} ${error.stack} ${JSON.stringify(error)} ${String(error.cause)}`;
    expect(printed).not.toContain('ana');
    expect(printed).not.toContain(TOKEN);
  });

  it("leaves out an error code that is not shaped like Okta's", async () => {
    await serve(() => ({ status: 400, body: { errorCode: 'ana@example.com', errorSummary: 'x' } }));
    const error = (await client()
      .get(get)
      .catch((e: unknown) => e)) as DependencyError;
    expect(error.message).toBe('Okta getUser failed: HTTP 400');
    expect(error.code).toBeUndefined();
  });

  it('raises TRANSIENT for a 200 whose body is not JSON', async () => {
    await serve(() => ({ body: '<html>proxy</html>' }));
    await expect(client().get(get)).rejects.toMatchObject({ kind: 'TRANSIENT', message: 'Okta getUser answered unexpectedly: the body is not JSON' });
  });

  it('paces a listing: waits for the reset once the family budget is nearly spent', async () => {
    // Prepare: 1 call left of 10, resetting 5 s after Date.
    await serve(() => ({ body: [], headers: rateLimitHeaders(10, 1, 5) }));
    const okta = client();
    const list = { operation: 'listUsers', path: '/api/v1/users', family: '/api/v1/users', pace: true };
    // Act
    await okta.get(list);
    await okta.get(get); // another family: not held back
    await okta.get(list);
    // Assess
    expect(sleep).toHaveBeenCalledTimes(1);
    expect(sleep.mock.calls[0]?.[0]).toBeGreaterThanOrEqual(4_500);
    expect(sleep.mock.calls[0]?.[0]).toBeLessThanOrEqual(5_500);
    expect(server.requests).toHaveLength(3);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('raises THROTTLING without calling when pacing would overrun the budget', async () => {
    // Prepare
    await serve(() => ({ body: [], headers: rateLimitHeaders(10, 0, 30) }));
    const okta = client({ requestTimeoutMs: 5_000 });
    const list = { operation: 'listUsers', path: '/api/v1/users', family: '/api/v1/users', pace: true };
    await okta.get(list);
    // Act
    const result = okta.get(list);
    // Assess
    await expect(result).rejects.toMatchObject({ kind: 'THROTTLING' });
    expect(server.requests).toHaveLength(1);
  });

  it.each([['http://example.okta.com'], ['ftp://example.okta.com'], ['not a url']])('refuses the org URL %s', (orgUrl) => {
    expect(() => createOktaClient({ orgUrl, token: 't' })).toThrow(ConfigError);
  });

  it.each([['https://example.okta.com'], ['http://127.0.0.1:8788'], ['http://localhost:8788']])('accepts the org URL %s', (orgUrl) => {
    expect(() => createOktaClient({ orgUrl, token: 't' })).not.toThrow();
  });

  it('requires a token or a token loader', () => {
    expect(() => createOktaClient({ orgUrl: 'https://example.okta.com' })).toThrow(ConfigError);
  });
});
