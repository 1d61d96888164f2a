import { SCIM_LIMITS, ScimSchema } from '../../../src/core/scim/constants';
import { type CallOptions, scimWorld } from './world';

/**
 * The Done-when's bad input against the real handler and table: each gets the RFC's status and
 * scimType, and the table holds exactly what it held before.
 */
describe('SCIM bad input against moto: refused, classified, nothing stored', () => {
  let world: Awaited<ReturnType<typeof scimWorld>>;
  let userId: string;
  beforeAll(async () => {
    world = await scimWorld();
    userId = (await world.call('POST', '/Users', { body: { userName: 'taken@example.com' } })).body?.id as string;
  });

  const cases: [string, string, string, CallOptions, number, string | undefined][] = [
    ['malformed JSON', 'POST', '/Users', { body: '{"userName": ' }, 400, 'invalidSyntax'],
    ['an unknown attribute', 'POST', '/Users', { body: { userName: 'new@example.com', favouriteColour: 'blue' } }, 400, 'invalidSyntax'],
    ['an unsupported filter', 'GET', '/Users', { query: { filter: 'userName sw "a"' } }, 400, 'invalidFilter'],
    ['a wrong token', 'POST', '/Users', { body: { userName: 'new@example.com' }, token: 'not-the-token-0123456789' }, 401, undefined],
    ['no token', 'POST', '/Users', { body: { userName: 'new@example.com' }, token: null }, 401, undefined],
    ['an oversized body', 'POST', '/Users', { body: { userName: 'new@example.com', displayName: 'x'.repeat(SCIM_LIMITS.maxBodyBytes) } }, 413, undefined],
    [
      'an unknown id',
      'PATCH',
      '/Users/00000000-0000-0000-0000-000000000000',
      { body: { schemas: [ScimSchema.patchOp], Operations: [{ op: 'replace', path: 'active', value: false }] } },
      404,
      undefined,
    ],
    ['a duplicate userName', 'POST', '/Users', { body: { userName: ' TAKEN@example.com' } }, 409, 'uniqueness'],
  ];

  it.each(cases)('refuses %s (%s %s) with the RFC status and scimType', async (_what, method, path, options, status, scimType) => {
    const before = await world.items();
    const answer = await world.call(method, path, options);
    expect(answer.status).toBe(status);
    expect(answer.headers['Content-Type']).toBe('application/scim+json');
    expect(answer.body).toEqual({ schemas: [ScimSchema.error], status: String(status), ...(scimType ? { scimType } : {}), detail: expect.any(String) });
    if (status === 401) expect(answer.headers['WWW-Authenticate']).toMatch(/^Bearer/);
    expect(await world.items()).toEqual(before);
  });

  it('a duplicate userName on PUT is 409 and leaves the user as it was', async () => {
    const other = (await world.call('POST', '/Users', { body: { userName: 'other@example.com' } })).body?.id as string;
    const before = await world.items();
    const answer = await world.call('PUT', `/Users/${other}`, { body: { userName: 'Taken@Example.com' } });
    expect(answer).toMatchObject({ status: 409, body: { scimType: 'uniqueness' } });
    expect(await world.items()).toEqual(before);
    expect((await world.call('GET', `/Users/${userId}`)).status).toBe(200);
  });
});
