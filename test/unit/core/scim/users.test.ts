import { ScimSchema } from '../../../../src/core/scim/constants';
import { handleScimRequest } from '../../../../src/core/scim/router';
import { req, scimWorld } from './fakes';

const jane = {
  schemas: [ScimSchema.user, ScimSchema.enterpriseUser],
  userName: 'Jane.Doe@example.com',
  externalId: 'entra-1',
  name: { givenName: 'Jane', familyName: 'Doe' },
  displayName: 'Jane Doe',
  emails: [{ value: 'jane.doe@example.com', type: 'work', primary: true }],
  active: true,
  [ScimSchema.enterpriseUser]: { department: 'Ops' },
};

async function withJane() {
  const world = await scimWorld();
  const created = await handleScimRequest(world.deps, req('POST', '/Users', { body: jane }));
  return { ...world, id: (created.body as { id: string }).id, created };
}

const patch = (...Operations: unknown[]) => ({ schemas: [ScimSchema.patchOp], Operations });

describe('SCIM /Users', () => {
  it('creates a user: 201 with the resource, Location and meta, and publishes ScimUserChanged', async () => {
    const { created, id, store, publisher } = await withJane();
    expect(created.status).toBe(201);
    expect(created.headers?.Location).toBe(`https://scim.example.com/scim/v2/Users/${id}`);
    expect(created.body).toMatchObject({ id, userName: jane.userName, active: true, meta: { resourceType: 'User', location: created.headers?.Location } });
    expect(store.users.get(id)).toMatchObject({ givenName: 'Jane', familyName: 'Doe', version: 1 });
    expect(publisher.published).toEqual([expect.objectContaining({ eventId: `${id}:1`, detailType: 'ScimUserChanged', detail: expect.objectContaining({ userId: id }) })]);
    expect(store.outbox.size).toBe(0);
  });

  it.each([['jane.doe@example.com'], ['  JANE.DOE@EXAMPLE.COM '], ['Jane.Doe@example.com']])('refuses a userName taken after NFC, trim and case-folding (%s) with 409 uniqueness', async (userName) => {
    const { deps, store } = await withJane();
    const answer = await handleScimRequest(deps, req('POST', '/Users', { body: { ...jane, userName } }));
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ schemas: [ScimSchema.error], status: '409', scimType: 'uniqueness' });
    expect(store.users.size).toBe(1);
  });

  it('treats composed and decomposed forms of a name as the same userName', async () => {
    const { deps } = await scimWorld();
    await handleScimRequest(deps, req('POST', '/Users', { body: { userName: 'Ren\u00e9' } }));
    const answer = await handleScimRequest(deps, req('POST', '/Users', { body: { userName: 'Rene\u0301' } }));
    expect(answer.status).toBe(409);
  });

  it('gets a user by id, and answers 404 for an unknown id', async () => {
    const { deps, id } = await withJane();
    expect((await handleScimRequest(deps, req('GET', `/Users/${id}`))).body).toMatchObject({ id, externalId: 'entra-1' });
    const missing = await handleScimRequest(deps, req('GET', '/Users/nope'));
    expect(missing).toMatchObject({ status: 404, body: { status: '404' } });
  });

  it.each([
    ['userName eq "jane.doe@EXAMPLE.com"', 1],
    ['externalId eq "entra-1"', 1],
    ['externalId eq "ENTRA-1"', 0],
    ['emails[type eq "work"].value eq "JANE.DOE@example.com"', 1],
    ['emails[type eq "home"].value eq "jane.doe@example.com"', 0],
    ['userName eq "jane.doe@example.com" and externalId eq "entra-1"', 1],
    ['userName eq "8a8b7e1e-8f25-4bd8-bd1e-8b4e5a6f0c1d"', 0],
  ])('filters %s → %i result(s), always as a ListResponse', async (filter, n) => {
    const { deps, id } = await withJane();
    const answer = await handleScimRequest(deps, req('GET', '/Users', { query: { filter } }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ schemas: [ScimSchema.listResponse], totalResults: n, itemsPerPage: n });
    const idFilter = await handleScimRequest(deps, req('GET', '/Users', { query: { filter: `id eq "${id}"` } }));
    expect(idFilter.body).toMatchObject({ totalResults: 1 });
  });

  it.each([['userName co "jane"'], ['userName eq "a" or userName eq "b"'], ['title eq "x"'], ['not (userName eq "x")'], ['userName eq'], ['active eq true']])(
    'refuses the filter %s with 400 invalidFilter',
    async (filter) => {
      const { deps } = await withJane();
      const answer = await handleScimRequest(deps, req('GET', '/Users', { query: { filter } }));
      expect(answer).toMatchObject({ status: 400, body: { scimType: 'invalidFilter', status: '400' } });
    },
  );

  it('pages with startIndex and count in a stable order, with an integer totalResults', async () => {
    const { deps } = await scimWorld();
    for (let i = 0; i < 5; i++) await handleScimRequest(deps, req('POST', '/Users', { body: { userName: `user${i}` } }));
    const first = (await handleScimRequest(deps, req('GET', '/Users', { query: { startIndex: '1', count: '2' } }))).body as { Resources: { userName: string }[]; totalResults: number };
    const second = (await handleScimRequest(deps, req('GET', '/Users', { query: { startIndex: '3', count: '2' } }))).body as { Resources: { userName: string }[]; startIndex: number };
    const last = (await handleScimRequest(deps, req('GET', '/Users', { query: { startIndex: '5', count: '500' } }))).body as { itemsPerPage: number };
    expect(first.totalResults).toBe(5);
    expect([...first.Resources, ...second.Resources].map((u) => u.userName)).toEqual(['user0', 'user1', 'user2', 'user3']);
    expect(second.startIndex).toBe(3);
    expect(last.itemsPerPage).toBe(1);
    const zero = (await handleScimRequest(deps, req('GET', '/Users', { query: { count: '0' } }))).body;
    expect(zero).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
    expect((await handleScimRequest(deps, req('GET', '/Users', { query: { count: 'ten' } }))).status).toBe(400);
  });

  it('replaces a user with PUT, dropping attributes left out', async () => {
    const { deps, id, store } = await withJane();
    const answer = await handleScimRequest(deps, req('PUT', `/Users/${id}`, { body: { schemas: [ScimSchema.user], userName: 'jane.doe@example.com', active: false } }));
    expect(answer).toMatchObject({ status: 200, body: { id, active: false } });
    expect(answer.body).not.toHaveProperty('name');
    expect(store.users.get(id)).toMatchObject({ version: 2, active: false, emails: [] });
  });

  it('changes nothing on a replayed PUT or PATCH: no new version, no new event', async () => {
    const { deps, id, store, publisher } = await withJane();
    const put = req('PUT', `/Users/${id}`, { body: { ...jane, displayName: 'J. Doe' } });
    await handleScimRequest(deps, put);
    await handleScimRequest(deps, put);
    const off = req('PATCH', `/Users/${id}`, { body: patch({ op: 'Replace', path: 'active', value: 'False' }) });
    await handleScimRequest(deps, off);
    await handleScimRequest(deps, off);
    expect(store.users.get(id)?.version).toBe(3);
    expect(publisher.published.map((e) => e.eventId)).toEqual([`${id}:1`, `${id}:2`, `${id}:3`]);
  });

  it('renames a user and frees the old userName', async () => {
    const { deps, id } = await withJane();
    await handleScimRequest(deps, req('PATCH', `/Users/${id}`, { body: patch({ op: 'replace', path: 'userName', value: 'jd@example.com' }) }));
    expect((await handleScimRequest(deps, req('POST', '/Users', { body: { userName: 'jane.doe@example.com' } }))).status).toBe(201);
    expect((await handleScimRequest(deps, req('POST', '/Users', { body: { userName: 'JD@example.com' } }))).status).toBe(409);
  });

  it('deletes a user: 204, then GET answers 404, its memberships are gone, and a replay is 404', async () => {
    const { deps, id, store, publisher } = await withJane();
    const group = await handleScimRequest(deps, req('POST', '/Groups', { body: { displayName: 'Wickr Users', members: [{ value: id }] } }));
    const groupId = (group.body as { id: string }).id;
    expect((await handleScimRequest(deps, req('DELETE', `/Users/${id}`))).status).toBe(204);
    expect((await handleScimRequest(deps, req('GET', `/Users/${id}`))).status).toBe(404);
    expect(store.members.get(groupId)?.size).toBe(0);
    expect(publisher.published.at(-1)).toMatchObject({ eventId: `${id}:2`, detail: { userId: id } });
    expect((await handleScimRequest(deps, req('DELETE', `/Users/${id}`))).status).toBe(404);
    expect((await handleScimRequest(deps, req('POST', '/Users', { body: jane }))).status).toBe(201);
  });
});
