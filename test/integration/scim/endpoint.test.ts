import { ScimSchema } from '../../../src/core/scim/constants';
import { scimWorld } from './world';

const patch = (...Operations: unknown[]) => ({ schemas: [ScimSchema.patchOp], Operations });

describe('SCIM endpoint against moto', () => {
  let world: Awaited<ReturnType<typeof scimWorld>>;
  beforeAll(async () => {
    world = await scimWorld();
  });

  it('stores a user lifecycle and publishes each accepted write through the bus to the queue', async () => {
    const created = await world.call('POST', '/Users', { body: { userName: 'ana@example.com', name: { givenName: 'Ana', familyName: 'Lima' }, emails: [{ value: 'ana@example.com', type: 'work' }] } });
    expect(created.status).toBe(201);
    expect(created.headers['Content-Type']).toBe('application/scim+json');
    const id = created.body?.id as string;
    expect(created.headers.Location).toBe(`https://scim.example.com/scim/v2/Users/${id}`);

    const found = await world.call('GET', '/Users', { query: { filter: 'userName eq "ANA@example.com"' } });
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id }] });
    expect((await world.call('PATCH', `/Users/${id}`, { body: patch({ op: 'Replace', path: 'active', value: 'False' }) })).body).toMatchObject({ active: false });
    expect((await world.call('DELETE', `/Users/${id}`)).status).toBe(204);
    expect((await world.call('GET', `/Users/${id}`)).status).toBe(404);

    const events = (await world.delivered(3)).filter((e) => e.detail.userId === id);
    expect(events.map((e) => [e.source, e['detail-type'], e.detail.eventId])).toEqual([
      ['wickr-idp-sync.scim', 'ScimUserChanged', `${id}:1`],
      ['wickr-idp-sync.scim', 'ScimUserChanged', `${id}:2`],
      ['wickr-idp-sync.scim', 'ScimUserChanged', `${id}:3`],
    ]);
    const left = (await world.items()).filter((i) => i.pk.S?.includes(id) || i.ownerId?.S === id || i.pk.S?.startsWith('outbox#'));
    expect(left).toEqual([]);
  });

  it('keeps the items the contract names: user, memberOf/member twins, uniqueness', async () => {
    const user = (await world.call('POST', '/Users', { body: { userName: 'bo@example.com' } })).body?.id as string;
    const group = (await world.call('POST', '/Groups', { body: { displayName: 'Wickr Admins', members: [{ value: user }] } })).body?.id as string;
    const keys = (await world.items()).map((i) => `${i.pk.S}|${i.sk.S}`);
    expect(keys).toEqual(expect.arrayContaining([`user#${user}|user`, `group#${group}|group`, `user#${user}|memberOf#${group}`, `group#${group}|member#${user}`]));
    expect(keys.filter((k) => k.startsWith('userName#'))).not.toHaveLength(0);
    expect(keys.filter((k) => k.startsWith('displayName#'))).not.toHaveLength(0);
    const item = (await world.items()).find((i) => i.pk.S === `user#${user}` && i.sk.S === 'user');
    expect(item).toMatchObject({ kind: { S: 'user' }, id: { S: user }, userName: { S: 'bo@example.com' }, active: { BOOL: true }, version: { N: '1' } });
    expect(JSON.parse(item?.resource.S as string)).toMatchObject({ id: user, userName: 'bo@example.com', schemas: [ScimSchema.user] });
  });

  it('loses no member when 20 member PATCHes on one group run at once, and publishes each change', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await world.call('POST', '/Users', { body: { userName: `member${i}@example.com` } })).body?.id as string);
    const group = (await world.call('POST', '/Groups', { body: { displayName: 'Concurrent' } })).body?.id as string;
    // As an IdP does: a 503 (the group busy past the write attempts, or moto slow under load) means
    // nothing was stored, and is sent again after its Retry-After. Every change must end stored.
    const addUntilAnswered = async (value: string): Promise<number> => {
      for (let attempt = 1; ; attempt++) {
        const answer = await world.call('PATCH', `/Groups/${group}`, { body: patch({ op: 'add', path: 'members', value: [{ value }] }) });
        if (answer.status !== 503 || attempt === 5) return answer.status;
        expect(Object.entries(answer.headers).find(([name]) => name.toLowerCase() === 'retry-after')?.[1]).toBe('1');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    };
    const answers = await Promise.all(ids.map(addUntilAnswered));
    expect(answers).toEqual(ids.map(() => 204));
    const members = (await world.call('GET', `/Groups/${group}`)).body?.members as { value: string }[];
    expect(members.map((m) => m.value).sort()).toEqual([...ids].sort());
    const memberItems = (await world.items()).filter((i) => i.pk.S === `group#${group}` && i.sk.S?.startsWith('member#'));
    expect(memberItems).toHaveLength(20);
  });

  it('changes nothing when any request is replayed: no new version, no new event', async () => {
    const user = await world.call('POST', '/Users', { body: { userName: 'replay@example.com', displayName: 'R' } });
    const id = user.body?.id as string;
    const group = (await world.call('POST', '/Groups', { body: { displayName: 'Replay' } })).body?.id as string;
    const requests: [string, string, unknown][] = [
      ['PUT', `/Users/${id}`, { userName: 'replay@example.com', displayName: 'Replayed' }],
      ['PATCH', `/Users/${id}`, patch({ op: 'replace', value: { active: false } })],
      ['PATCH', `/Groups/${group}`, patch({ op: 'add', path: 'members', value: [{ value: id }] })],
      ['PATCH', `/Groups/${group}`, patch({ op: 'replace', path: 'displayName', value: 'Replay 2' })],
    ];
    for (const [method, path, body] of requests) {
      expect((await world.call(method, path, { body })).status).toBeLessThan(300);
      const before = await world.items();
      expect((await world.call(method, path, { body })).status).toBeLessThan(300);
      expect(await world.items()).toEqual(before);
    }
    const before = await world.items();
    expect((await world.call('POST', '/Users', { body: { userName: 'replay@example.com' } })).status).toBe(409);
    expect((await world.call('DELETE', `/Groups/${group}`)).status).toBe(204);
    const afterDelete = await world.items();
    expect((await world.call('DELETE', `/Groups/${group}`)).status).toBe(404);
    const after = await world.items();
    expect(after).toEqual(afterDelete);
    expect(afterDelete.length).toBeLessThan(before.length);
    // One event per real change, none for the replays.
    const ours = (await world.delivered(1_000, 3_000)).filter((e) => e.detail.userId === id || e.detail.groupId === group).map((e) => e.detail.eventId);
    expect(ours.sort()).toEqual([`${id}:1`, `${id}:2`, `${id}:3`, `${group}:1`, `${group}:2`, `${group}:3`, `${group}:4`].sort());
  });
});
