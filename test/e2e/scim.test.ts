import { randomUUID } from 'node:crypto';
import type { ScenarioSeed } from '../../local/stack/scenario';
import { type LocalStack, startLocalStack } from '../../local/stack/stack';
import { expectNoDenials } from '../../local/stack/iam/iamCheck';
import { GROUP_SCHEMA, type ScimClient, scimClient, scimUser, settledWickrUsers, wickrUser } from './scimClient';

/**
 * The IdPs' own sequences against the local SCIM endpoint (the real scim handler behind the HTTP
 * API stand-in), through the bus, the queue and the consumer to the Wickr emulator. One stack
 * for the file (CI time): each test has its own users and groups.
 */
const TOKEN = 'e2e-scim-token-0123456789abcdef';
const [DEFAULT, ENGINEERING, SALES] = ['SGDEFLT1', 'SGENG001', 'SGSALES1'];

const SEED: ScenarioSeed = {
  mapping: {
    networkId: '12345678',
    usernameAttribute: 'email',
    securityGroups: [
      { idpGroup: 'Wickr Engineering', securityGroupId: ENGINEERING },
      { idpGroup: 'Wickr Sales', securityGroupId: SALES },
      { idpGroup: 'Wickr Crowd', securityGroupId: SALES },
      { idpGroup: 'Wickr Many', securityGroupId: SALES },
    ],
    defaultSecurityGroupId: DEFAULT,
    onNoMappedGroup: 'default',
    onDeactivate: 'suspend',
    onDelete: 'suspend',
    // SCIM is the only source: assignment is scope, so createUsers needs no scope.
    provisioning: { createUsers: true },
  },
  wickr: {
    networkId: '12345678',
    securityGroups: [
      { id: DEFAULT, name: 'Everyone', isDefault: true },
      { id: ENGINEERING, name: 'Engineering' },
      { id: SALES, name: 'Sales' },
    ],
    users: [],
  },
};

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ seed: SEED, scim: { port: 0, token: TOKEN } });
}, 240_000);
afterAll(async () => {
  await stack?.stop();
});

const client = (query = ''): ScimClient => scimClient(stack.scim!.server.url, TOKEN, query);
const idOf = (answer: { body: Record<string, unknown> | undefined }): string => answer.body?.id as string;

/** Entra's provisioning sequence; `form` picks the PATCH dialect (docs/scim.md § Entra). */
async function entraSequence(form: 'default' | 'aadOptscim062020'): Promise<void> {
  const scim = client(form === 'aadOptscim062020' ? 'aadOptscim062020' : '');
  const userName = `entra.${form}@example.com`;
  const groupName = form === 'default' ? 'Wickr Engineering' : 'Wickr Sales';
  const mapped = form === 'default' ? ENGINEERING : SALES;

  // Test connection, and the start of every cycle: a random GUID matches no one.
  const probe = await scim.filter('/Users', `userName eq "${randomUUID()}"`);
  expect(probe).toMatchObject({ status: 200, body: { totalResults: 0, Resources: [] } });

  // The user: an empty lookup, then POST.
  expect((await scim.filter('/Users', `userName eq "${userName}"`)).body?.totalResults).toBe(0);
  const created = await scim.post('/Users', scimUser(userName, 'Ada', 'Entra', { externalId: `oid-${form}` }));
  expect(created.status).toBe(201);
  const userId = idOf(created);
  expect(wickrUser(await settledWickrUsers(stack), userName)).toMatchObject({ firstName: 'Ada', lastName: 'Entra', securityGroupIds: [DEFAULT], suspended: false });

  // The group: looked up without members, created empty, then members added.
  expect((await scim.filter('/Groups', `displayName eq "${groupName}"`, '&excludedAttributes=members')).body?.totalResults).toBe(0);
  const group = await scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: groupName, members: [] });
  expect(group.status).toBe(201);
  const groupId = idOf(group);
  const add = form === 'default' ? { op: 'Add', path: 'members', value: [{ value: userId }] } : { op: 'add', path: 'members', value: [{ value: userId }] };
  expect((await scim.patch(`/Groups/${groupId}`, [add])).status).toBe(204);

  // A profile change: Entra's default form names each path; the flag sends one path-less replace with dotted keys.
  const profile =
    form === 'default' ? [{ op: 'Replace', path: 'name.familyName', value: 'Entra-Moved' }] : [{ op: 'replace', value: { 'name.familyName': 'Entra-Moved', displayName: 'Ada Entra-Moved' } }];
  expect((await scim.patch(`/Users/${userId}`, profile)).status).toBe(200);
  expect(wickrUser(await settledWickrUsers(stack), userName)).toMatchObject({ lastName: 'Entra-Moved', securityGroupIds: [mapped], suspended: false });

  // A disable: "False" as a string in the default form, a boolean with the flag.
  const disable = form === 'default' ? { op: 'Replace', path: 'active', value: 'False' } : { op: 'replace', path: 'active', value: false };
  expect((await scim.patch(`/Users/${userId}`, [disable])).status).toBe(200);
  expect(wickrUser(await settledWickrUsers(stack), userName)?.suspended).toBe(true);

  // A member removal: by value array, or by the members[value eq "…"] path.
  const remove = form === 'default' ? { op: 'Remove', path: 'members', value: [{ value: userId }] } : { op: 'remove', path: `members[value eq "${userId}"]` };
  expect((await scim.patch(`/Groups/${groupId}`, [remove])).status).toBe(204);
  expect((await scim.get(`/Groups/${groupId}`)).body?.members ?? []).toEqual([]);

  // The hard delete, 30 days after a soft delete: gone from SCIM, suspended in Wickr (onDelete).
  expect((await scim.delete(`/Users/${userId}`)).status).toBe(204);
  expect((await scim.get(`/Users/${userId}`)).status).toBe(404);
  const final = wickrUser(await settledWickrUsers(stack), userName);
  expect(final).toMatchObject({ firstName: 'Ada', lastName: 'Entra-Moved', suspended: true });
}

describe('e2e: SCIM endpoint', () => {
  it("applies Entra's sequence in its default PATCH form, ending with the user suspended", async () => {
    await entraSequence('default');
  });

  it("applies Entra's sequence with aadOptscim062020 (path-less dotted replace, members[value eq] removal)", async () => {
    await entraSequence('aadOptscim062020');
  });

  it("applies Okta's sequence: filter, POST, full PUT, group push with member replace, path-less deactivation", async () => {
    const scim = client();
    const userName = 'okta.user@example.com';
    expect((await scim.filter('/Users', `userName eq "${userName}"`, '&startIndex=1&count=100')).body?.totalResults).toBe(0);
    // Okta sends a password with every create; it is never stored.
    const created = await scim.post('/Users', scimUser(userName, 'Olga', 'Okta', { password: 'Okta-Sends-This-1' }));
    expect(created.status).toBe(201);
    const userId = idOf(created);
    const replaced = await scim.put(`/Users/${userId}`, { ...scimUser(userName, 'Olga', 'Okta-Renamed'), id: userId });
    expect(replaced.status).toBe(200);
    expect(wickrUser(await settledWickrUsers(stack), userName)).toMatchObject({ firstName: 'Olga', lastName: 'Okta-Renamed', securityGroupIds: [DEFAULT], suspended: false });

    // Push Groups: create, then replace the whole member list (and the name, as Okta does).
    const group = await scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Okta Pushed', members: [] });
    expect(group.status).toBe(201);
    const pushed = await scim.patch(`/Groups/${idOf(group)}`, [
      { op: 'replace', value: { id: idOf(group), displayName: 'Wickr Crowd' } },
      { op: 'replace', path: 'members', value: [{ value: userId, display: userName }] },
    ]);
    expect([200, 204]).toContain(pushed.status);
    expect(wickrUser(await settledWickrUsers(stack), userName)?.securityGroupIds).toEqual([SALES]);

    // Deactivation: path-less, active false.
    expect((await scim.patch(`/Users/${userId}`, [{ op: 'replace', value: { active: false } }])).status).toBe(200);
    expect(wickrUser(await settledWickrUsers(stack), userName)).toMatchObject({ lastName: 'Okta-Renamed', suspended: true });
  });

  it('loses no member to 20 concurrent member PATCHes on one group, and changes nothing when any request is replayed', async () => {
    const scim = client();
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => scim.post('/Users', scimUser(`crowd${i}@example.com`, `Crowd${i}`, 'Member'))));
    expect(users.map((u) => u.status)).toEqual(Array(20).fill(201));
    const group = await scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Wickr Crowd Two', members: [] });
    const groupId = idOf(group);
    const adds = users.map((u) => [{ op: 'add', path: 'members', value: [{ value: idOf(u) }] }]);
    const answers = await Promise.all(adds.map((ops) => scim.patch(`/Groups/${groupId}`, ops)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(204));
    const members = (((await scim.get(`/Groups/${groupId}`)).body?.members ?? []) as { value: string }[]).map((m) => m.value).sort();
    expect(members).toEqual(users.map(idOf).sort());
    // Renamed to a mapped name: every member moves (the group trigger fans out).
    expect((await scim.patch(`/Groups/${groupId}`, [{ op: 'replace', path: 'displayName', value: 'Wickr Many' }])).status).toBe(204);
    const settled = await settledWickrUsers(stack);
    for (let i = 0; i < 20; i += 1) expect({ i, groups: wickrUser(settled, `crowd${i}@example.com`)?.securityGroupIds }).toEqual({ i, groups: [SALES] });

    // Replays: the same adds, the same rename, the same user PUT, a second POST (409): nothing changes.
    const before = { wickr: JSON.stringify(stack.wickr.state().users), requests: JSON.stringify(stack.wickr.state().requests), group: await scim.get(`/Groups/${groupId}`) };
    const first = users[0]!.body!;
    await Promise.all(adds.slice(0, 5).map((ops) => scim.patch(`/Groups/${groupId}`, ops)));
    await scim.patch(`/Groups/${groupId}`, [{ op: 'replace', path: 'displayName', value: 'Wickr Many' }]);
    const put = await scim.put(`/Users/${first.id as string}`, scimUser('crowd0@example.com', 'Crowd0', 'Member'));
    expect(put.status).toBe(200);
    expect((put.body?.meta as { lastModified?: string } | undefined)?.lastModified).toBe((first.meta as { lastModified: string }).lastModified);
    expect((await scim.post('/Users', scimUser('crowd1@example.com', 'Crowd1', 'Member'))).status).toBe(409);
    await settledWickrUsers(stack);
    expect((await scim.get(`/Groups/${groupId}`)).body).toEqual(before.group.body);
    expect(JSON.stringify(stack.wickr.state().users)).toBe(before.wickr);
    // Reads may be repeated by the consumer; no write is.
    const writes = (requests: Record<string, Record<string, number>>) =>
      Object.entries(requests)
        .filter(([op]) => !/^(Get|List)/.test(op))
        .map(([op, byStatus]) => `${op}:${JSON.stringify(byStatus)}`)
        .sort();
    expect(writes(stack.wickr.state().requests)).toEqual(writes(JSON.parse(before.requests) as Record<string, Record<string, number>>));
  });
});

// Last, after every sequence above: the scim function's, the consumer's and the rule's calls, judged against the packaged template.
it('makes no AWS call the packaged template would refuse (the scim function, the SCIM rule and the consumer)', async () => {
  await expectNoDenials(stack.iam);
});
