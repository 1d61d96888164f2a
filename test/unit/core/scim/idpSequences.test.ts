/**
 * The IdPs' own request sequences (reference/scim.md) through the core, in the order they send
 * them, ending in the stored state each should leave. The e2e tests run them through Wickr.
 */
import { ScimSchema } from '../../../../src/core/scim/constants';
import { handleScimRequest } from '../../../../src/core/scim/router';
import { req, scimWorld } from './fakes';

const patch = (...Operations: unknown[]) => ({ schemas: [ScimSchema.patchOp], Operations });

describe.each([
  ['default', {}],
  ['aadOptscim062020', { aadOptscim062020: '' }],
])("Entra's provisioning sequence (%s PATCH form)", (form, query) => {
  const modern = form === 'aadOptscim062020';

  it('tests the connection, creates, groups, changes, disables, removes and hard-deletes', async () => {
    const { deps, store, publisher } = await scimWorld();
    const send = (method: string, path: string, body?: unknown, q: Record<string, string> = {}) => handleScimRequest(deps, req(method, path, { body, query: { ...query, ...q } }));

    // Test connection: a random GUID finds nothing, as a ListResponse.
    const probe = await send('GET', '/Users', undefined, { filter: 'userName eq "2b2e1b9e-4c1e-4d6f-9d0b-0a6f5f0bb0c1"' });
    expect(probe).toMatchObject({ status: 200, body: { totalResults: 0, Resources: [] } });

    // A user: empty lookup, then POST.
    expect((await send('GET', '/Users', undefined, { filter: 'userName eq "ana@contoso.com"' })).body).toMatchObject({ totalResults: 0 });
    const user = await send('POST', '/Users', {
      schemas: [ScimSchema.user, ScimSchema.enterpriseUser],
      externalId: 'ana',
      userName: 'ana@contoso.com',
      active: true,
      emails: [{ primary: true, type: 'work', value: 'ana@contoso.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Ana Lima', familyName: 'Lima', givenName: 'Ana' },
      roles: [],
    });
    expect(user.status).toBe(201);
    const userId = (user.body as { id: string }).id;

    // A group: lookup without members, POST with none, then member adds.
    expect((await send('GET', '/Groups', undefined, { filter: 'displayName eq "Wickr Users"', excludedAttributes: 'members' })).body).toMatchObject({ totalResults: 0 });
    const group = await send('POST', '/Groups', { schemas: [ScimSchema.group], externalId: 'grp', displayName: 'Wickr Users', members: [] });
    const groupId = (group.body as { id: string }).id;
    expect((await send('PATCH', `/Groups/${groupId}`, patch({ op: modern ? 'add' : 'Add', path: 'members', value: [{ value: userId }] }))).status).toBe(204);

    // A profile change, then a disable.
    const change = modern
      ? patch({ op: 'replace', value: { 'name.givenName': 'Anna', 'emails[type eq "work"].value': 'anna@contoso.com', displayName: 'Anna Lima' } })
      : patch(
          { op: 'Replace', path: 'name.givenName', value: 'Anna' },
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'anna@contoso.com' },
          { op: 'Add', path: 'displayName', value: 'Anna Lima' },
        );
    expect((await send('PATCH', `/Users/${userId}`, change)).status).toBe(200);
    const disable = modern ? patch({ op: 'replace', path: 'active', value: false }) : patch({ op: 'Replace', path: 'active', value: 'False' });
    expect((await send('PATCH', `/Users/${userId}`, disable)).body).toMatchObject({ active: false });

    // A member removal, then a hard delete.
    const removal = modern ? patch({ op: 'remove', path: `members[value eq "${userId}"]` }) : patch({ op: 'Remove', path: 'members', value: [{ value: userId }] });
    expect((await send('PATCH', `/Groups/${groupId}`, removal)).status).toBe(204);
    expect(store.members.get(groupId)?.size).toBe(0);
    expect(store.users.get(userId)).toMatchObject({ givenName: 'Anna', displayName: 'Anna Lima', active: false, emails: [{ value: 'anna@contoso.com', type: 'work', primary: true }] });
    expect((await send('DELETE', `/Users/${userId}`)).status).toBe(204);
    expect((await send('GET', `/Users/${userId}`)).status).toBe(404);

    expect(publisher.published.map((e) => [e.detailType, e.detail.memberIds])).toEqual([
      ['ScimUserChanged', undefined],
      ['ScimGroupChanged', []],
      ['ScimGroupChanged', [userId]],
      ['ScimUserChanged', undefined],
      ['ScimUserChanged', undefined],
      ['ScimGroupChanged', [userId]],
      ['ScimUserChanged', undefined],
    ]);
  });
});

describe("Okta's provisioning sequence", () => {
  it('filters, POSTs, PUTs the whole object, deactivates path-less, and pushes a group with a member replace', async () => {
    const { deps, store } = await scimWorld();
    const send = (method: string, path: string, body?: unknown, query: Record<string, string> = {}) => handleScimRequest(deps, req(method, path, { body, query }));
    expect((await send('GET', '/Users', undefined, { filter: 'userName eq "bo@example.com"', startIndex: '1', count: '100' })).body).toMatchObject({ totalResults: 0 });
    const okta = {
      schemas: [ScimSchema.user],
      userName: 'bo@example.com',
      name: { givenName: 'Bo', familyName: 'Chen' },
      emails: [{ primary: true, value: 'bo@example.com', type: 'work' }],
      displayName: 'Bo Chen',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      groups: [],
      password: '1mz050nq',
      active: true,
    };
    const created = await send('POST', '/Users', okta);
    const id = (created.body as { id: string }).id;
    expect(created.body).toMatchObject({ active: true });
    const got = (await send('GET', `/Users/${id}`)).body as Record<string, unknown>;
    expect((await send('PUT', `/Users/${id}`, { ...got, name: { givenName: 'Bo', familyName: 'Chan' } })).body).toMatchObject({ name: { familyName: 'Chan' } });
    expect((await send('PATCH', `/Users/${id}`, patch({ op: 'replace', value: { active: false } }))).body).toMatchObject({ active: false });

    const group = await send('POST', '/Groups', { schemas: [ScimSchema.group], displayName: 'Engineering', members: [] });
    const groupId = (group.body as { id: string }).id;
    await send(
      'PATCH',
      `/Groups/${groupId}`,
      patch({ op: 'replace', path: 'displayName', value: 'Engineering' }, { op: 'replace', path: 'members', value: [{ value: id, display: 'bo@example.com' }] }),
    );
    expect([...(store.members.get(groupId) ?? [])]).toEqual([id]);
    expect(store.users.get(id)).toMatchObject({ active: false, familyName: 'Chan', version: 3 });
  });
});
