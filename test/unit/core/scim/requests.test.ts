import { SCIM_LIMITS, ScimSchema } from '../../../../src/core/scim/constants';
import { handleScimRequest } from '../../../../src/core/scim/router';
import { TokenBucket } from '../../../../src/core/scim/throttle';
import { req, scimWorld } from './fakes';

describe('SCIM requests: refusals and discovery', () => {
  it.each([
    ['malformed JSON', req('POST', '/Users', { body: '{"userName": "a"' }), 400, 'invalidSyntax'],
    ['an empty body', req('POST', '/Users', { body: '' }), 400, 'invalidSyntax'],
    ['a JSON array', req('POST', '/Users', { body: [] }), 400, 'invalidSyntax'],
    ['an unknown attribute', req('POST', '/Users', { body: { userName: 'a', shoeSize: 9 } }), 400, 'invalidSyntax'],
    ['an unknown sub-attribute', req('POST', '/Users', { body: { userName: 'a', name: { nick: 'x' } } }), 400, 'invalidSyntax'],
    ['an unknown schema', req('POST', '/Users', { body: { schemas: ['urn:example:custom'], userName: 'a' } }), 400, 'invalidSyntax'],
    ['a missing userName', req('POST', '/Users', { body: { displayName: 'A' } }), 400, 'invalidValue'],
    ['a userName of spaces', req('POST', '/Users', { body: { userName: '   ' } }), 400, 'invalidValue'],
    ['a number where a string belongs', req('POST', '/Users', { body: { userName: 5 } }), 400, 'invalidValue'],
    ['emails that are not an array', req('POST', '/Users', { body: { userName: 'a', emails: 'a@b.c' } }), 400, 'invalidValue'],
    ['a group without displayName', req('POST', '/Groups', { body: { members: [] } }), 400, 'invalidValue'],
    ['a group member without value', req('POST', '/Groups', { body: { displayName: 'g', members: [{ display: 'x' }] } }), 400, 'invalidValue'],
    ['an oversized body', req('POST', '/Users', { body: JSON.stringify({ userName: 'a', displayName: 'x'.repeat(SCIM_LIMITS.maxBodyBytes) }) }), 413, undefined],
  ])('refuses %s with %i %s and stores nothing', async (_what, request, status, scimType) => {
    const { deps, store, publisher } = await scimWorld();
    const answer = await handleScimRequest(deps, request);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ schemas: [ScimSchema.error], status: String(status), ...(scimType ? { scimType } : {}), detail: expect.any(String) });
    expect(store.commits).toHaveLength(0);
    expect(publisher.published).toHaveLength(0);
  });

  it('ignores read-only attributes (id, meta, groups) in a body, and drops the password Okta sends without storing it', async () => {
    const { deps, store } = await scimWorld();
    const answer = await handleScimRequest(deps, req('POST', '/Users', { body: { id: 'mine', meta: {}, groups: [{ value: 'g' }], userName: 'a', password: 's3cret-pw' } }));
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ id: 'id-0001' });
    expect(JSON.stringify(answer.body)).not.toContain('s3cret-pw');
    expect(JSON.stringify([...store.users.values()])).not.toContain('s3cret-pw');
    const patched = await handleScimRequest(deps, req('PATCH', '/Users/id-0001', { body: { schemas: [ScimSchema.patchOp], Operations: [{ op: 'replace', path: 'password', value: 'other-pw' }] } }));
    expect(patched.status).toBe(200);
    expect(store.users.get('id-0001')?.version).toBe(1);
  });

  it("reads Entra's manager given as an id, or as a one-element array, as { value }", async () => {
    const { deps } = await scimWorld();
    const ext = ScimSchema.enterpriseUser;
    const answer = await handleScimRequest(deps, req('POST', '/Users', { body: { userName: 'a', [ext]: { manager: 'boss-id' } } }));
    expect(answer.body).toMatchObject({ [ext]: { manager: { value: 'boss-id' } } });
    const patched = await handleScimRequest(
      deps,
      req('PATCH', '/Users/id-0001', { body: { schemas: [ScimSchema.patchOp], Operations: [{ op: 'Add', path: `${ext}:manager`, value: [{ value: 'boss-2' }] }] } }),
    );
    expect(patched.body).toMatchObject({ [ext]: { manager: { value: 'boss-2' } } });
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token-0123456789' }],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('answers %s with 401 and WWW-Authenticate: Bearer, before reading the body', async (_what, headers) => {
    const { deps, store } = await scimWorld();
    const request = { ...req('POST', '/Users', { body: { userName: 'a' } }), headers };
    const answer = await handleScimRequest(deps, request);
    expect(answer).toMatchObject({ status: 401, headers: { 'WWW-Authenticate': expect.stringMatching(/^Bearer/) }, body: { status: '401' } });
    expect(store.commits).toHaveLength(0);
  });

  it('throttles with 429 and a Retry-After once the bucket is empty, and recovers', async () => {
    const world = await scimWorld();
    const deps = { ...world.deps, throttle: new TokenBucket({ ratePerSecond: 2, burst: 2, now: world.clock.now }) };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await handleScimRequest(deps, req('GET', '/ServiceProviderConfig'))).status);
    const refused = await handleScimRequest(deps, req('GET', '/ServiceProviderConfig'));
    expect(statuses).toEqual([200, 200, 429]);
    expect(refused.headers).toEqual({ 'Retry-After': '1' });
    world.clock.t += 1000;
    expect((await handleScimRequest(deps, req('GET', '/ServiceProviderConfig'))).status).toBe(200);
  });

  it('answers 404 for unknown endpoints, 405 for unsupported methods and 501 for /Bulk', async () => {
    const { deps } = await scimWorld();
    expect((await handleScimRequest(deps, req('GET', '/Widgets'))).status).toBe(404);
    expect((await handleScimRequest(deps, req('DELETE', '/Users'))).status).toBe(405);
    expect((await handleScimRequest(deps, req('POST', '/Bulk', { body: {} }))).status).toBe(501);
  });

  it('declares honestly what is supported in /ServiceProviderConfig', async () => {
    const { deps } = await scimWorld();
    const answer = await handleScimRequest(deps, req('GET', '/ServiceProviderConfig'));
    expect(answer.body).toMatchObject({
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: SCIM_LIMITS.maxPageSize },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
    });
  });

  it('lists the resource types and the schemas, each addressable', async () => {
    const { deps } = await scimWorld();
    expect((await handleScimRequest(deps, req('GET', '/ResourceTypes'))).body).toMatchObject({ totalResults: 2, Resources: [{ id: 'User', endpoint: '/Users' }, { id: 'Group' }] });
    expect((await handleScimRequest(deps, req('GET', '/ResourceTypes/Group'))).body).toMatchObject({ schema: ScimSchema.group });
    const schemas = (await handleScimRequest(deps, req('GET', '/Schemas'))).body as { Resources: { id: string }[] };
    expect(schemas.Resources.map((s) => s.id)).toEqual([ScimSchema.user, ScimSchema.enterpriseUser, ScimSchema.group]);
    const user = (await handleScimRequest(deps, req('GET', `/Schemas/${ScimSchema.user}`))).body as { attributes: { name: string }[] };
    expect(user.attributes.map((a) => a.name)).toContain('userName');
    expect(user.attributes.map((a) => a.name)).not.toContain('password');
    expect((await handleScimRequest(deps, req('GET', '/Schemas/urn:nope'))).status).toBe(404);
  });

  it('answers 503 with Retry-After when the store fails transiently, and 500 with an Error for anything unexpected', async () => {
    const { DependencyError, FailureKind } = await import('../../../../src/core/errors');
    const { deps, store } = await scimWorld();
    store.failCommits.push(new DependencyError('TransactWriteItems: InternalServerError', { dependency: 'store', kind: FailureKind.Transient }));
    expect(await handleScimRequest(deps, req('POST', '/Users', { body: { userName: 'a' } }))).toMatchObject({ status: 503, headers: { 'Retry-After': '1' }, body: { status: '503' } });
    store.failCommits.push(new TypeError('bug'));
    expect(await handleScimRequest(deps, req('POST', '/Users', { body: { userName: 'a' } }))).toMatchObject({ status: 500, body: { status: '500' } });
  });
});
