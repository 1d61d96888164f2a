import { MEMBER_CHANGES_PER_WRITE, ScimSchema } from '../../../../src/core/scim/constants';
import { handleScimRequest } from '../../../../src/core/scim/router';
import { req, scimWorld } from './fakes';

const patch = (...Operations: unknown[]) => ({ schemas: [ScimSchema.patchOp], Operations });

async function withUsers(n: number) {
  const world = await scimWorld();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(((await handleScimRequest(world.deps, req('POST', '/Users', { body: { userName: `u${i}@example.com` } }))).body as { id: string }).id);
  const created = await handleScimRequest(world.deps, req('POST', '/Groups', { body: { schemas: [ScimSchema.group], displayName: 'Wickr Users' } }));
  const groupId = (created.body as { id: string }).id;
  const send = (body: unknown) => handleScimRequest(world.deps, req('PATCH', `/Groups/${groupId}`, { body }));
  const groupEvents = () => world.publisher.published.filter((e) => e.detailType === 'ScimGroupChanged').map((e) => e.detail);
  return { ...world, ids, groupId, created, send, groupEvents };
}

describe('SCIM /Groups', () => {
  it('creates a group with no members: 201, Location, and an event without members', async () => {
    const { created, groupId, groupEvents } = await withUsers(0);
    expect(created).toMatchObject({ status: 201, headers: { Location: `https://scim.example.com/scim/v2/Groups/${groupId}` }, body: { displayName: 'Wickr Users', meta: { resourceType: 'Group' } } });
    expect(groupEvents()).toEqual([expect.objectContaining({ groupId, eventId: `${groupId}:1`, memberIds: [] })]);
  });

  it('refuses a second group of the same displayName, ignoring case, with 409 uniqueness', async () => {
    const { deps } = await withUsers(0);
    const answer = await handleScimRequest(deps, req('POST', '/Groups', { body: { displayName: 'WICKR users ' } }));
    expect(answer).toMatchObject({ status: 409, body: { scimType: 'uniqueness' } });
  });

  it("adds members with Entra's Add members [{value}] and removes one with a value array: 204, events name the changed members", async () => {
    const { send, store, ids, groupId, groupEvents } = await withUsers(3);
    expect((await send(patch({ op: 'Add', path: 'members', value: ids.map((value) => ({ value })) }))).status).toBe(204);
    expect((await send(patch({ op: 'Remove', path: 'members', value: [{ value: ids[1] }] }))).status).toBe(204);
    expect([...(store.members.get(groupId) ?? [])].sort()).toEqual([ids[0], ids[2]]);
    expect(groupEvents().slice(1)).toEqual([expect.objectContaining({ memberIds: [...ids].sort() }), expect.objectContaining({ memberIds: [ids[1]] })]);
  });

  it('removes a member by members[value eq "…"] (aadOptscim062020, Okta)', async () => {
    const { send, store, ids, groupId } = await withUsers(2);
    await send(patch({ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }));
    await send(patch({ op: 'remove', path: `members[value eq "${ids[0]}"]` }));
    expect([...(store.members.get(groupId) ?? [])]).toEqual([ids[1]]);
  });

  it("replaces all members and the displayName in one PATCH (Okta's group push), announcing the rename to the whole group", async () => {
    const { send, store, ids, groupId, groupEvents } = await withUsers(3);
    await send(patch({ op: 'add', path: 'members', value: [{ value: ids[0] }, { value: ids[1] }] }));
    const answer = await send(patch({ op: 'replace', value: { id: groupId, displayName: 'Wickr Staff' } }, { op: 'replace', path: 'members', value: [{ value: ids[1] }, { value: ids[2] }] }));
    expect(answer.status).toBe(204);
    expect(store.groups.get(groupId)?.displayName).toBe('Wickr Staff');
    expect([...(store.members.get(groupId) ?? [])].sort()).toEqual([ids[1], ids[2]].sort());
    const [rename, members] = groupEvents().slice(2);
    expect(rename).not.toHaveProperty('memberIds');
    expect(members).toMatchObject({ memberIds: [ids[0], ids[2]].sort() });
  });

  it('changes nothing when a member PATCH is replayed', async () => {
    const { send, store, ids, groupId, publisher } = await withUsers(1);
    const add = patch({ op: 'add', path: 'members', value: [{ value: ids[0] }] });
    await send(add);
    const events = publisher.published.length;
    await send(add);
    expect(store.groups.get(groupId)?.version).toBe(2);
    expect(publisher.published).toHaveLength(events);
  });

  it('keeps every member when 20 member PATCHes of one group interleave', async () => {
    const { send, store, ids, groupId, groupEvents } = await withUsers(20);
    const answers = await Promise.all(ids.map((value) => send(patch({ op: 'Add', path: 'members', value: [{ value }] }))));
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 204));
    expect([...(store.members.get(groupId) ?? [])].sort()).toEqual([...ids].sort());
    expect(new Set(groupEvents().map((d) => d.eventId)).size).toBe(21);
  });

  it('writes a large member change in several writes of at most MEMBER_CHANGES_PER_WRITE, each announced', async () => {
    const { send, store, ids, groupId, groupEvents } = await withUsers(100);
    expect((await send(patch({ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }))).status).toBe(204);
    expect(store.members.get(groupId)?.size).toBe(100);
    const changes = groupEvents()
      .slice(1)
      .map((d) => (d.memberIds as string[]).length);
    expect(changes).toEqual([MEMBER_CHANGES_PER_WRITE, MEMBER_CHANGES_PER_WRITE, 100 - 2 * MEMBER_CHANGES_PER_WRITE]);
  });

  it('refuses more than 100 member values in one PATCH with 400 tooMany, storing nothing', async () => {
    const { send, store, groupId } = await withUsers(0);
    const answer = await send(patch({ op: 'add', path: 'members', value: Array.from({ length: 101 }, (_, i) => ({ value: `u${i}` })) }));
    expect(answer).toMatchObject({ status: 400, body: { scimType: 'tooMany' } });
    expect(store.groups.get(groupId)?.version).toBe(1);
  });

  it('refuses a member that is not a user with 400 invalidValue', async () => {
    const { send, store, groupId } = await withUsers(0);
    expect(await send(patch({ op: 'add', path: 'members', value: [{ value: 'ghost' }] }))).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
    expect(store.members.get(groupId)?.size ?? 0).toBe(0);
  });

  it('lists groups by displayName eq and externalId eq, with excludedAttributes=members', async () => {
    const { deps, send, ids } = await withUsers(1);
    await send(patch({ op: 'add', path: 'members', value: [{ value: ids[0] }] }));
    const byName = await handleScimRequest(deps, req('GET', '/Groups', { query: { filter: 'displayName eq "wickr users"', excludedAttributes: 'members' } }));
    expect(byName.body).toMatchObject({ totalResults: 1, Resources: [expect.not.objectContaining({ members: expect.anything() })] });
    const withMembers = await handleScimRequest(deps, req('GET', '/Groups', { query: { filter: 'displayName eq "Wickr Users"' } }));
    expect((withMembers.body as { Resources: { members: unknown[] }[] }).Resources[0].members).toEqual([expect.objectContaining({ value: ids[0] })]);
    const none = await handleScimRequest(deps, req('GET', '/Groups', { query: { filter: 'externalId eq "x"' } }));
    expect(none.body).toMatchObject({ totalResults: 0 });
  });

  it('replaces a group with PUT, members included', async () => {
    const { deps, groupId, ids, store } = await withUsers(2);
    const answer = await handleScimRequest(deps, req('PUT', `/Groups/${groupId}`, { body: { displayName: 'Renamed', externalId: 'okta-1', members: [{ value: ids[1] }] } }));
    expect(answer).toMatchObject({ status: 200, body: { displayName: 'Renamed', externalId: 'okta-1', members: [{ value: ids[1] }] } });
    expect(store.groups.get(groupId)?.externalId).toBe('okta-1');
  });

  it('deletes a group: 204, the event lists every former member, then GET is 404', async () => {
    const { deps, send, groupId, ids, groupEvents } = await withUsers(2);
    await send(patch({ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }));
    expect((await handleScimRequest(deps, req('DELETE', `/Groups/${groupId}`))).status).toBe(204);
    expect(groupEvents().at(-1)).toMatchObject({ memberIds: [...ids].sort() });
    expect((await handleScimRequest(deps, req('GET', `/Groups/${groupId}`))).status).toBe(404);
  });
});
