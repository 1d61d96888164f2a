/**
 * The Okta emulator over plain HTTP: what it promises to every client (our adapter, the local stack,
 * curl), independent of our client.
 */
import { startOktaEmulator, type OktaEmulator, type OktaSeed } from '../../local/okta-emulator';

const TOKEN = 'emulator-test-token';
const seed: OktaSeed = {
  token: TOKEN,
  users: [
    { id: '00u1', status: 'ACTIVE', profile: { login: 'ana@example.com', email: 'ana@example.com', firstName: 'Ana', lastName: 'Lima' }, groupIds: ['00gA', '00gB', '00gC'] },
    { id: '00u2', status: 'SUSPENDED', profile: { login: 'bo@example.com', email: 'bo@example.com', firstName: 'Bo', lastName: 'Berg' }, groupIds: ['00gA'] },
  ],
  groups: [
    { id: '00gA', name: 'Wickr Admins' },
    { id: '00gB', name: 'Wickr Users' },
    { id: '00gC', name: 'Everyone' },
  ],
};

describe('Okta emulator', () => {
  let emulator: OktaEmulator;
  const api = (path: string, token = TOKEN): Promise<Response> => fetch(`${emulator.url}${path}`, { headers: { Authorization: `SSWS ${token}`, Accept: 'application/json' } });

  beforeEach(async () => {
    emulator = await startOktaEmulator({ seed, pageSize: 2 });
  });
  afterEach(async () => {
    await emulator.stop();
  });

  it('serves a user by id and by login with Okta rate-limit headers', async () => {
    // Act
    const byId = await api('/api/v1/users/00u1');
    const byLogin = await api(`/api/v1/users/${encodeURIComponent('ANA@example.com')}`);
    // Assess
    expect(byId.status).toBe(200);
    const body = (await byId.json()) as { id: string; status: string; profile: Record<string, string> };
    expect(body).toMatchObject({ id: '00u1', status: 'ACTIVE', profile: { login: 'ana@example.com', firstName: 'Ana' } });
    expect(((await byLogin.json()) as { id: string }).id).toBe('00u1');
    expect(byId.headers.get('x-rate-limit-limit')).toBe('10000');
    expect(Number(byId.headers.get('x-rate-limit-remaining'))).toBeLessThan(10000);
    expect(Number(byId.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
  });

  it('pages a user\'s groups with Link rel="next" and limit/after', async () => {
    // Act
    const first = await api('/api/v1/users/00u1/groups');
    const link = first.headers.get('link') ?? '';
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
    const second = await fetch(next ?? 'missing', { headers: { Authorization: `SSWS ${TOKEN}` } });
    // Assess
    expect(((await first.json()) as Array<{ id: string }>).map((g) => g.id)).toEqual(['00gA', '00gB']);
    expect(link).toContain('rel="self"');
    expect(next).toBe(`${emulator.url}/api/v1/users/00u1/groups?after=00gB&limit=2`);
    expect(((await second.json()) as Array<{ id: string; profile: { name: string } }>).map((g) => [g.id, g.profile.name])).toEqual([['00gC', 'Everyone']]);
    expect(second.headers.get('link')).not.toContain('rel="next"');
  });

  it('honours an explicit limit on group members', async () => {
    const response = await api('/api/v1/groups/00gA/users?limit=1');
    expect(((await response.json()) as Array<{ id: string }>).map((u) => u.id)).toEqual(['00u1']);
    expect(response.headers.get('link')).toContain('after=00u1&limit=1>; rel="next"');
  });

  it('serves a listing that changed between two pages from the changed directory', async () => {
    // Arrange: the first page of everyone Okta lists, one a page.
    const first = await api('/api/v1/users?limit=1');
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    // Act: a user whose id sorts right after the cursor joins, then the next page is read.
    emulator.setUser({ id: '00u15', status: 'ACTIVE', profile: { login: 'cy@example.com' }, groupIds: [] });
    const second = await fetch(next ?? 'missing', { headers: { Authorization: `SSWS ${TOKEN}` } });
    // Assess
    expect(((await first.json()) as Array<{ id: string }>).map((u) => u.id)).toEqual(['00u1']);
    expect(((await second.json()) as Array<{ id: string }>).map((u) => u.id)).toEqual(['00u15']);
  });

  it("answers a wrong token with 401 E0000011 in Okta's error shape", async () => {
    const response = await api('/api/v1/users/00u1', 'wrong');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      errorCode: 'E0000011',
      errorSummary: 'Invalid token provided',
      errorLink: 'E0000011',
      errorId: expect.stringMatching(/^oae/),
      errorCauses: [],
    });
  });

  it.each([
    ['/api/v1/users/00uNope', 'Not found: Resource not found: 00uNope (User)'],
    ['/api/v1/users/00uNope/groups', 'Not found: Resource not found: 00uNope (User)'],
    ['/api/v1/groups/00gNope', 'Not found: Resource not found: 00gNope (UserGroup)'],
  ])('answers %s with 404 E0000007', async (path, errorSummary) => {
    const response = await api(path);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errorCode: 'E0000007', errorSummary });
  });

  it("answers 429 E0000047 once the window's budget is spent, until the window rolls", async () => {
    // Prepare: a clock the test moves, and a budget of two calls per minute.
    let now = Date.parse('2026-01-01T00:00:00Z');
    await emulator.stop();
    emulator = await startOktaEmulator({ seed: { ...seed, rateLimit: { limit: 2, windowSeconds: 60 } }, now: () => now });
    // Act
    const statuses = [(await api('/api/v1/users/00u1')).status, (await api('/api/v1/users/00u1')).status];
    const limited = await api('/api/v1/users/00u1');
    now += 60_000;
    const afterReset = await api('/api/v1/users/00u1');
    // Assess
    expect(statuses).toEqual([200, 200]);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' });
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(limited.headers.get('x-rate-limit-reset')).toBe(String(Date.parse('2026-01-01T00:01:00Z') / 1000));
    expect(limited.headers.get('date')).toBe('Thu, 01 Jan 2026 00:00:00 GMT');
    expect(afterReset.status).toBe(200);
  });

  it('injects 429s through POST /__emulator/faults and counts requests by route and status', async () => {
    // Prepare
    await fetch(`${emulator.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ rateLimitNext: 2 }) });
    // Act
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await api('/api/v1/users/00u1')).status);
    await api('/api/v1/groups/00gA');
    const state = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as ReturnType<OktaEmulator['state']>;
    // Assess
    expect(statuses).toEqual([429, 429, 200]);
    expect(state.requests).toEqual({
      'GET /api/v1/users/{idOrLogin}': { '429': 2, '200': 1 },
      'GET /api/v1/groups/{groupId}': { '200': 1 },
    });
    expect(state.users.map((u) => u.id)).toEqual(['00u1', '00u2']);
  });

  it('changes the truth through PUT /__emulator/users/{id}', async () => {
    // Act
    const put = await fetch(`${emulator.url}/__emulator/users/00u2`, {
      method: 'PUT',
      body: JSON.stringify({ status: 'ACTIVE', profile: { login: 'bo@example.com', firstName: 'Bo', lastName: 'Björk' }, groupIds: ['00gB'] }),
    });
    const user = (await (await api('/api/v1/users/00u2')).json()) as { status: string; profile: { lastName: string } };
    const groups = (await (await api('/api/v1/users/00u2/groups')).json()) as Array<{ id: string }>;
    // Assess
    expect(put.status).toBe(200);
    expect(user.status).toBe('ACTIVE');
    expect(user.profile.lastName).toBe('Björk');
    expect(groups.map((g) => g.id)).toEqual(['00gB']);
  });

  it('rejects a runtime user that names an unknown group', async () => {
    const put = await fetch(`${emulator.url}/__emulator/users/00u3`, {
      method: 'PUT',
      body: JSON.stringify({ profile: { login: 'cy@example.com' }, groupIds: ['00gMissing'] }),
    });
    expect(put.status).toBe(400);
    expect(((await put.json()) as { message: string }).message).toContain('00gMissing');
  });

  it('replaces everything through POST /__emulator/reset, defaulting the token', async () => {
    // Act
    const reset = await fetch(`${emulator.url}/__emulator/reset`, {
      method: 'POST',
      body: JSON.stringify({ users: [{ id: '00u9', status: 'STAGED', profile: { login: 'new@example.com' }, groupIds: [] }], groups: [] }),
    });
    // Assess
    expect(reset.status).toBe(200);
    expect((await api('/api/v1/users/00u9', 'test-okta-token')).status).toBe(200);
    expect((await api('/api/v1/users/00u1', 'test-okta-token')).status).toBe(404);
    expect(emulator.state().requests).toEqual({ 'GET /api/v1/users/{idOrLogin}': { '200': 1, '404': 1 } });
  });

  it('removes a user with deleteUser so the API answers 404', async () => {
    emulator.deleteUser('00u2');
    expect((await api('/api/v1/users/00u2')).status).toBe(404);
    const members = (await (await api('/api/v1/groups/00gA/users')).json()) as Array<{ id: string }>;
    expect(members.map((u) => u.id)).toEqual(['00u1']);
  });

  describe('listings', () => {
    const listSeed: OktaSeed = {
      token: TOKEN,
      users: [
        { id: '00u1', status: 'ACTIVE', profile: { login: 'ana@example.com', firstName: 'Ana', lastName: 'Lima' }, groupIds: [] },
        { id: '00u2', status: 'DEPROVISIONED', profile: { login: 'bo@example.com', firstName: 'Bo', lastName: 'Berg' }, groupIds: [] },
        { id: '00u3', status: 'SUSPENDED', profile: { login: 'cy@example.com', firstName: 'Cy', lastName: 'Cole' }, groupIds: [] },
        { id: '00u4', status: 'DEPROVISIONED', profile: { login: 'di@example.com', firstName: 'Di', lastName: 'Dahl' }, groupIds: [] },
        { id: '00u5', status: 'STAGED', profile: { login: 'ed@example.com', firstName: 'Ed', lastName: 'Eng' }, groupIds: [] },
      ],
      groups: [
        { id: '00gA', name: 'Wickr Admins' },
        { id: '00gB', name: 'Wickr Admins Backup' },
        { id: '00gC', name: 'wickr admins' },
        { id: '00gD', name: 'Everyone' },
      ],
    };
    const ids = async (response: Response): Promise<string[]> => ((await response.json()) as Array<{ id: string }>).map((i) => i.id);
    const nextOf = (response: Response): string | undefined => /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1];

    beforeEach(() => {
      emulator.reset(listSeed);
    });

    it('lists every user but the DEPROVISIONED ones by default, paging with a next link', async () => {
      // Act
      const first = await api('/api/v1/users?limit=2');
      const second = await fetch(nextOf(first) ?? 'missing', { headers: { Authorization: `SSWS ${TOKEN}` } });
      // Assess
      expect(await ids(first)).toEqual(['00u1', '00u3']);
      expect(await ids(second)).toEqual(['00u5']);
      expect(nextOf(second)).toBeUndefined();
    });

    it('lists DEPROVISIONED users when a filter asks for them, and keeps the filter in the next link', async () => {
      // Act
      const first = await api(`/api/v1/users?limit=1&filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`);
      const next = nextOf(first);
      const second = await fetch(next ?? 'missing', { headers: { Authorization: `SSWS ${TOKEN}` } });
      // Assess
      expect(await ids(first)).toEqual(['00u2']);
      expect(new URL(next ?? 'http://x').searchParams.get('filter')).toBe('status eq "DEPROVISIONED"');
      expect(await ids(second)).toEqual(['00u4']);
    });

    it('matches a search of status clauses joined by or', async () => {
      const response = await api(`/api/v1/users?limit=10&search=${encodeURIComponent('status eq "STAGED" or status eq "DEPROVISIONED"')}`);
      expect(await ids(response)).toEqual(['00u2', '00u4', '00u5']);
    });

    it.each([
      ['filter', 'lastUpdated gt "2026-01-01T00:00:00.000Z"'],
      ['search', 'status sw "ACT"'],
      ['search', 'status eq "ACTIVE" and profile.login eq "ana@example.com"'],
    ])('answers an unsupported %s expression with 400 E0000031', async (param, expression) => {
      const response = await api(`/api/v1/users?${param}=${encodeURIComponent(expression)}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ errorCode: 'E0000031', errorSummary: 'Invalid search criteria.', errorLink: 'E0000031', errorId: expect.stringMatching(/^oae/), errorCauses: [] });
    });

    it('caps the users page at 200', async () => {
      // Prepare
      emulator.reset({
        token: TOKEN,
        users: Array.from({ length: 205 }, (_, i) => ({ id: `00u${String(i).padStart(3, '0')}`, status: 'ACTIVE' as const, profile: { login: `u${i}@example.com` }, groupIds: [] })),
        groups: [],
      });
      // Act
      const response = await api('/api/v1/users?limit=500');
      // Assess
      expect(await ids(response)).toHaveLength(200);
      expect(nextOf(response)).toContain('limit=200');
    });

    it('finds groups by a case-insensitive name prefix with q, and exactly with search', async () => {
      const byPrefix = await api(`/api/v1/groups?limit=10&q=${encodeURIComponent('WICKR admins')}`);
      const bySearch = await api(`/api/v1/groups?search=${encodeURIComponent('profile.name eq "Wickr Admins"')}`);
      expect(await ids(byPrefix)).toEqual(['00gA', '00gB', '00gC']);
      expect(await ids(bySearch)).toEqual(['00gA']);
    });

    it('keeps one rate-limit budget per endpoint family', async () => {
      // Prepare: two calls per family and minute, except five for the users list.
      const now = Date.parse('2026-01-01T00:00:10Z');
      await emulator.stop();
      emulator = await startOktaEmulator({ seed: { ...listSeed, rateLimit: { limit: 2, windowSeconds: 60, families: { '/api/v1/users': 5 } } }, now: () => now });
      // Act
      const user = [(await api('/api/v1/users/00u1')).status, (await api('/api/v1/users/00u1/groups')).status, (await api('/api/v1/users/00u1')).status];
      const groups = await api('/api/v1/groups');
      const list = await api('/api/v1/users');
      // Assess
      expect(user).toEqual([200, 200, 429]);
      expect(groups.status).toBe(200);
      expect(groups.headers.get('x-rate-limit-remaining')).toBe('1');
      expect(list.headers.get('x-rate-limit-limit')).toBe('5');
      expect(emulator.state().rateLimit.families).toEqual({
        '/api/v1/users/{id}': { limit: 2, remaining: 0 },
        '/api/v1/groups': { limit: 2, remaining: 1 },
        '/api/v1/users': { limit: 5, remaining: 4 },
      });
    });
  });
});
