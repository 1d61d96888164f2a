import { ScimSchema } from '../../../../src/core/scim/constants';
import { handleScimRequest } from '../../../../src/core/scim/router';
import { req, scimWorld } from './fakes';

const patch = (...Operations: unknown[]) => ({ schemas: [ScimSchema.patchOp], Operations });

async function withUser() {
  const world = await scimWorld();
  const body = {
    userName: 'jane@example.com',
    name: { givenName: 'Jane', familyName: 'Doe' },
    emails: [{ value: 'jane@example.com', type: 'work', primary: true }],
    [ScimSchema.enterpriseUser]: { department: 'Ops' },
  };
  const created = await handleScimRequest(world.deps, req('POST', '/Users', { body }));
  const id = (created.body as { id: string }).id;
  const send = (body: unknown, query: Record<string, string> = {}) => handleScimRequest(world.deps, req('PATCH', `/Users/${id}`, { body, query }));
  return { ...world, id, send };
}

describe('SCIM PATCH forms on /Users', () => {
  it("applies Entra's default form: capitalised ops and string booleans", async () => {
    const { send, store, id } = await withUser();
    const answer = await send(
      patch(
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Add', path: 'title', value: 'Engineer' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'jane.doe@example.com' },
        { op: 'Replace', path: 'name.familyName', value: 'Roe' },
      ),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ active: false, title: 'Engineer', name: { givenName: 'Jane', familyName: 'Roe' } });
    expect(store.users.get(id)).toMatchObject({ active: false, familyName: 'Roe', emails: [{ value: 'jane.doe@example.com', type: 'work', primary: true }] });
  });

  it('reads "True" as true and removes an attribute by path', async () => {
    const { send, store, id } = await withUser();
    await send(patch({ op: 'Replace', path: 'active', value: 'False' }));
    const answer = await send(patch({ op: 'replace', path: 'active', value: 'True' }, { op: 'Remove', path: 'name.givenName' }));
    expect(answer.body).toMatchObject({ active: true, name: { familyName: 'Doe' } });
    expect(store.users.get(id)?.givenName).toBeUndefined();
  });

  it("applies Entra's aadOptscim062020 form: a path-less replace with dotted, value-filter and URN keys", async () => {
    const { send, store, id } = await withUser();
    const answer = await send(
      patch({
        op: 'replace',
        value: {
          displayName: 'Jane R. Doe',
          'name.givenName': 'Janet',
          'emails[type eq "work"].value': 'janet@example.com',
          [`${ScimSchema.enterpriseUser}:department`]: 'Security',
          active: false,
        },
      }),
      { aadOptscim062020: '' },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ displayName: 'Jane R. Doe', active: false, name: { givenName: 'Janet', familyName: 'Doe' }, [ScimSchema.enterpriseUser]: { department: 'Security' } });
    expect(store.users.get(id)?.emails).toEqual([{ value: 'janet@example.com', type: 'work', primary: true }]);
  });

  it('accepts a whole extension object in a path-less add', async () => {
    const { send } = await withUser();
    const answer = await send(patch({ op: 'add', value: { [ScimSchema.enterpriseUser]: { employeeNumber: '42' } } }));
    expect(answer.body).toMatchObject({ [ScimSchema.enterpriseUser]: { department: 'Ops', employeeNumber: '42' } });
  });

  it("applies Okta's path-less deactivation", async () => {
    const { send, store, id, publisher } = await withUser();
    const answer = await send(patch({ op: 'replace', value: { active: false } }));
    expect(answer).toMatchObject({ status: 200, body: { active: false } });
    expect(store.users.get(id)?.active).toBe(false);
    expect(publisher.published.map((e) => e.eventId)).toEqual([`${id}:1`, `${id}:2`]);
  });

  it.each(['add', 'Replace'])('%ss an email by a value-filter path when none of that type exists (RFC 7644 § 3.5.2.3)', async (op) => {
    const { send } = await withUser();
    const answer = await send(patch({ op, path: 'emails[type eq "home"].value', value: 'jane@home.example' }));
    expect((answer.body as { emails: unknown[] }).emails).toEqual([
      { value: 'jane@example.com', type: 'work', primary: true },
      { type: 'home', value: 'jane@home.example' },
    ]);
  });

  it.each([
    ['an unknown attribute path', patch({ op: 'replace', path: 'shoeSize', value: '9' }), 'invalidPath'],
    ['an unknown sub-attribute', patch({ op: 'replace', path: 'name.nickname', value: 'J' }), 'invalidPath'],
    ['an unknown schema', patch({ op: 'replace', path: 'urn:example:ext:1.0:User:x', value: 'J' }), 'invalidPath'],
    ['a read-only attribute', patch({ op: 'replace', path: 'id', value: 'x' }), 'mutability'],
    ['a remove without path', patch({ op: 'remove' }), 'noTarget'],
    ['a replace of a filtered value that matches nothing', patch({ op: 'replace', path: 'emails[type eq "home"]', value: { value: 'x' } }), 'noTarget'],
    ['an unknown op', patch({ op: 'merge', path: 'title', value: 'x' }), 'invalidSyntax'],
    ['no PatchOp schema', { schemas: [ScimSchema.user], Operations: [{ op: 'add', path: 'title', value: 'x' }] }, 'invalidSyntax'],
    ['no operations', patch(), 'invalidSyntax'],
    ['a string where a boolean belongs', patch({ op: 'replace', path: 'active', value: 'maybe' }), 'invalidValue'],
    ['removing the userName', patch({ op: 'remove', path: 'userName' }), 'invalidValue'],
    ['an add without value', patch({ op: 'add', path: 'title' }), 'invalidValue'],
  ])('refuses %s with 400 %s and stores nothing', async (_what, body, scimType) => {
    const { send, store, id, publisher } = await withUser();
    const answer = await send(body);
    expect(answer).toMatchObject({ status: 400, body: { scimType, status: '400' } });
    expect(store.users.get(id)?.version).toBe(1);
    expect(publisher.published).toHaveLength(1);
  });
});
