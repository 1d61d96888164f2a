import { createOktaDirectory } from '../../../../src/adapters/okta/directory';
import { DependencyError } from '../../../../src/core/errors';
import type { Logger } from '../../../../src/core/ports';
import { oktaErrorBody, startScriptedServer, type ScriptedReply, type ScriptedServer } from './scriptedServer';

const ana = {
  id: '00u1',
  status: 'ACTIVE',
  profile: { login: 'ana@example.com', email: 'ana.lima@example.com', firstName: 'Ana', lastName: 'Lima' },
};

/** Routes by path; a route may be a list of replies, one per call in order. */
type Routes = Record<string, ScriptedReply | ((url: string) => ScriptedReply)>;

describe(createOktaDirectory.name, () => {
  let server: ScriptedServer;
  const silent: Logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const serve = async (routes: Routes): Promise<void> => {
    server = await startScriptedServer((path, _i, url) => {
      const route = routes[path];
      if (route === undefined) return { status: 404, body: oktaErrorBody('E0000007', 'Not found') };
      return typeof route === 'function' ? route(url) : route;
    });
  };
  const directory = (logger: Logger = silent) => createOktaDirectory({ orgUrl: server.url, token: 't', logger, sleep: async () => {} });
  const paths = () => server.requests.map((r) => r.path);

  afterEach(async () => {
    await server.close();
  });

  it('maps the profile, status and every group of the user, across pages', async () => {
    // Prepare
    await serve({
      '/api/v1/users/00u1': { body: ana },
      '/api/v1/users/00u1/groups': (url) => ({
        body: [
          { id: '00gA', profile: { name: 'Wickr Admins' } },
          { id: '00gB', profile: { name: 'Everyone' } },
        ],
        headers: { Link: `<${url}/api/v1/users/00u1/groups?after=00gB>; rel="next"` },
      }),
      '/api/v1/users/00u1/groups?after=00gB': { body: [{ id: '00gC', profile: {} }] },
    });
    // Act
    const okta = directory();
    const user = await okta.getUser('00u1');
    // Assess
    expect(okta.source).toBe('okta');
    expect(user).toEqual({
      idpUserId: '00u1',
      email: 'ana.lima@example.com',
      login: 'ana@example.com',
      firstName: 'Ana',
      lastName: 'Lima',
      active: true,
      groups: [{ id: '00gA', name: 'Wickr Admins' }, { id: '00gB', name: 'Everyone' }, { id: '00gC' }],
    });
    expect(paths()).toEqual(['/api/v1/users/00u1', '/api/v1/users/00u1/groups', '/api/v1/users/00u1/groups?after=00gB']);
  });

  it('reads groups by the Okta id even when called with a login', async () => {
    // Prepare
    await serve({ '/api/v1/users/ana%40example.com': { body: ana }, '/api/v1/users/00u1/groups': { body: [] } });
    // Act
    const user = await directory().getUser('ana@example.com');
    // Assess
    expect(user?.idpUserId).toBe('00u1');
    expect(paths()).toEqual(['/api/v1/users/ana%40example.com', '/api/v1/users/00u1/groups']);
  });

  it('turns null names into absent fields and a suspended status into inactive', async () => {
    // Prepare
    await serve({
      '/api/v1/users/00u2': { body: { id: '00u2', status: 'SUSPENDED', profile: { login: 'bo', email: null, firstName: null, lastName: null } } },
      '/api/v1/users/00u2/groups': { body: [] },
    });
    // Act
    const user = await directory().getUser('00u2');
    // Assess
    expect(user).toEqual({ idpUserId: '00u2', login: 'bo', active: false, groups: [] });
  });

  it('warns without personal data and fails closed on an unknown status', async () => {
    // Prepare
    await serve({ '/api/v1/users/00u1': { body: { ...ana, status: 'ARCHIVED' } }, '/api/v1/users/00u1/groups': { body: [] } });
    const logger = { ...silent, warn: jest.fn() };
    // Act
    const user = await directory(logger).getUser('00u1');
    // Assess
    expect(user?.active).toBe(false);
    expect(JSON.stringify(logger.warn.mock.calls)).toContain('ARCHIVED');
    expect(JSON.stringify(logger.warn.mock.calls)).not.toMatch(/example\.com|Ana|Lima/);
  });

  it('returns null when Okta answers 404 for the user', async () => {
    await serve({});
    await expect(directory().getUser('00uGone')).resolves.toBeNull();
  });

  it('returns null when the user disappears between the profile and the group read', async () => {
    await serve({ '/api/v1/users/00u1': { body: ana } });
    await expect(directory().getUser('00u1')).resolves.toBeNull();
  });

  it.each([
    [429, 'E0000047', 'THROTTLING'],
    [401, 'E0000011', 'AUTH'],
    [403, 'E0000006', 'AUTH'],
    [400, 'E0000001', 'INVALID'],
    [500, 'E0000009', 'TRANSIENT'],
  ])('raises a directory DependencyError for HTTP %i from getUser', async (status, code, kind) => {
    // Prepare
    await serve({ '/api/v1/users/00u1': { status, body: oktaErrorBody(code, 'x') } });
    // Act
    const result = createOktaDirectory({ orgUrl: server.url, token: 't', logger: silent, maxRetries: 0 }).getUser('00u1');
    // Assess
    await expect(result).rejects.toBeInstanceOf(DependencyError);
    await expect(result).rejects.toMatchObject({ dependency: 'directory', kind, statusCode: status, code });
  });

  it('raises INVALID when Okta answers without a user id, and reads no groups', async () => {
    await serve({ '/api/v1/users/x': { body: { status: 'ACTIVE' } } });
    await expect(directory().getUser('x')).rejects.toMatchObject({ dependency: 'directory', kind: 'INVALID' });
    expect(server.requests).toHaveLength(1);
  });

  it('raises when a later page of groups fails', async () => {
    // Prepare
    await serve({
      '/api/v1/users/00u1': { body: ana },
      '/api/v1/users/00u1/groups': (url) => ({ body: [{ id: '00gA' }], headers: { Link: `<${url}/api/v1/users/00u1/groups?after=00gA>; rel="next"` } }),
      '/api/v1/users/00u1/groups?after=00gA': { status: 503, body: oktaErrorBody('E0000010', 'x') },
    });
    // Act / Assess
    await expect(directory().getUser('00u1')).rejects.toMatchObject({ kind: 'TRANSIENT', statusCode: 503 });
  });

  it('lists group member ids across pages', async () => {
    // Prepare
    await serve({
      '/api/v1/groups/00gA/users': (url) => ({ body: [{ id: '00u1' }, { id: '00u2' }], headers: { Link: `<${url}/api/v1/groups/00gA/users?after=00u2>; rel="next"` } }),
      '/api/v1/groups/00gA/users?after=00u2': { body: [{ id: '00u3' }] },
    });
    // Act
    const ids = await directory().listGroupMemberIds('00gA');
    // Assess
    expect(ids).toEqual(['00u1', '00u2', '00u3']);
  });

  it('lists no members for a group Okta no longer has', async () => {
    await serve({});
    await expect(directory().listGroupMemberIds('00gGone')).resolves.toEqual([]);
  });
});
