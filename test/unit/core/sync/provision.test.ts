import { DependencyError } from '../../../../src/core/errors';
import { parseMappingConfig } from '../../../../src/core/mapping';
import type { DirectoryUser } from '../../../../src/core/types';
import { batchToken, creationBatches, creationToken, decideCreation } from '../../../../src/core/sync/creation';
import { processBatch } from '../../../../src/core/sync/processBatch';
import { record, setup } from '../../../helpers/batch';
import { oktaEvent } from '../../../helpers/events';
import { FakeProvisioning } from '../../../helpers/fakes';

const provisioningMapping = parseMappingConfig({
  networkId: '12345678',
  securityGroups: [
    { idpGroup: 'Wickr Admins', securityGroupId: 'SGADMIN1' },
    { idpGroup: '00gEng', securityGroupId: 'SGENG001' },
  ],
  defaultSecurityGroupId: 'SGDEFLT1',
  scope: { idpGroups: ['Engineering', 'Wickr Admins'] },
  provisioning: { createUsers: true },
});

function hire(n: number, overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  return { idpUserId: `00uNew${n}`, email: `new${n}@example.com`, firstName: `New${n}`, lastName: 'Hire', active: true, groups: [{ id: '00gEng', name: 'Engineering' }], ...overrides };
}

const addEvent = (user: DirectoryUser, uuid: string) => oktaEvent({ eventType: 'group.user_membership.add', userId: user.idpUserId, login: user.email as string, groupId: '00gEng', uuid });

function world(users: DirectoryUser[], mapping = provisioningMapping) {
  const env = setup({ mapping });
  const provisioning = new FakeProvisioning(env.wickr);
  for (const u of users) env.okta.users.set(u.idpUserId, u);
  return { ...env, deps: { ...env.deps, provisioning }, provisioning };
}

describe('Module: creation', () => {
  it('gives the same token for the same user and state, and another for another state', () => {
    const user = { username: 'a@example.com', firstName: 'A', securityGroupId: 'SG1' };
    expect(creationToken('okta', '00u1', user)).toBe(creationToken('okta', '00u1', { ...user }));
    expect(creationToken('okta', '00u1', user)).not.toBe(creationToken('okta', '00u1', { ...user, securityGroupId: 'SG2' }));
    expect(creationToken('okta', '00u1', user)).toMatch(/^[a-zA-Z0-9_:-]{1,64}$/);
  });

  it('derives a batch token from its members whatever their order', () => {
    expect(batchToken(['b', 'a', 'c'])).toBe(batchToken(['c', 'b', 'a']));
    expect(batchToken(['a', 'b'])).not.toBe(batchToken(['a', 'b', 'c']));
  });

  it('splits creations into calls of at most 50, one security group per call', () => {
    const items = Array.from({ length: 120 }, (_, i) => ({ creation: { user: { username: `u${i}@x`, securityGroupId: i < 110 ? 'SGA' : 'SGB' }, token: `t${i}`, groupIds: [] } }));
    const batches = creationBatches(items);
    expect(batches.map((b) => b.length)).toEqual([50, 50, 10, 10]);
    for (const batch of batches) expect(new Set(batch.map((i) => i.creation.user.securityGroupId)).size).toBe(1);
    expect(creationBatches([...items].reverse()).map((b) => b.map((i) => i.creation.token))).toEqual(batches.map((b) => b.map((i) => i.creation.token)));
  });

  it('never creates an inactive, deleted or out-of-scope user, nor any user when createUsers is off', () => {
    const request = { source: 'okta' as const, idpUserId: '00u1' };
    const desired = { username: 'a@example.com', securityGroupId: 'SG1' };
    expect(decideCreation(request, hire(1), desired, provisioningMapping)).toHaveProperty('create');
    expect(decideCreation(request, hire(1, { active: false }), desired, provisioningMapping)).toEqual({ reason: expect.stringContaining('inactive') });
    expect(decideCreation(request, null, desired, provisioningMapping)).toEqual({ reason: expect.stringContaining('deleted') });
    expect(decideCreation(request, hire(1), { suspended: true }, provisioningMapping)).toEqual({ reason: expect.stringContaining('out of scope') });
    const off = { ...provisioningMapping, provisioning: { ...provisioningMapping.provisioning, createUsers: false } };
    expect(decideCreation(request, hire(1), desired, off)).toEqual({ reason: 'no Wickr user with this username' });
  });
});

describe('Function: processBatch() with provisioning', () => {
  it('creates a new hire in the mapped group, links it and reports created', async () => {
    const { deps, provisioning, store, wickr } = world([hire(1)]);
    const [result] = await processBatch([record(addEvent(hire(1), 'e1'))], deps);
    expect(result).toMatchObject({ outcome: 'created', wickrUserId: '5001' });
    expect(provisioning.calls).toEqual([{ users: [{ username: 'new1@example.com', firstName: 'New1', lastName: 'Hire', securityGroupId: 'SGENG001' }], token: expect.stringMatching(/^batch-/) }]);
    expect(await store.getLink('okta:00uNew1')).toMatchObject({ wickrUserId: '5001' });
    expect(await store.getWickrOwner('5001')).toEqual({ source: 'okta', userKey: 'okta:00uNew1' });
    expect(wickr.users.get('5001')?.securityGroupIds).toEqual(['SGENG001']);
  });

  it('creates the users of one batch in calls of at most 50 and gives each record its own outcome', async () => {
    const users = Array.from({ length: 60 }, (_, i) => hire(i));
    const { deps, provisioning } = world(users);
    const results = await processBatch(
      users.map((u, i) => record(addEvent(u, `bulk-${i}`))),
      deps,
    );
    expect(provisioning.calls.map((c) => c.users.length)).toEqual([50, 10]);
    expect(results.map((r) => r.outcome)).toEqual(users.map(() => 'created'));
  });

  it('dead-letters only the user Wickr refuses, with the reason, and creates the others', async () => {
    const users = [hire(1), hire(2), hire(3)];
    const { deps, provisioning, queue } = world(users);
    provisioning.refuse.add('new2@example.com');
    const results = await processBatch(
      users.map((u, i) => record(addEvent(u, `r-${i}`))),
      deps,
    );
    expect(results.map((r) => r.outcome)).toEqual(['created', 'deadLettered', 'created']);
    expect(queue.deadLetters).toEqual([expect.objectContaining({ errorClass: 'BatchItemFailed', reason: expect.stringContaining('refused') })]);
  });

  it('retries users one at a time when Wickr rejects the whole call, so only the bad one fails', async () => {
    const users = [hire(1), hire(2)];
    const { deps, provisioning, queue } = world(users);
    provisioning.failNext.push(new DependencyError('bad', { dependency: 'wickr', kind: 'INVALID', code: 'ValidationError', statusCode: 422 }));
    provisioning.failNext.push(undefined, new DependencyError('bad', { dependency: 'wickr', kind: 'INVALID', code: 'ValidationError', statusCode: 422 }));
    const results = await processBatch(
      users.map((u, i) => record(addEvent(u, `v-${i}`))),
      deps,
    );
    expect(results.map((r) => r.outcome)).toEqual(['created', 'deadLettered']);
    expect(provisioning.calls.map((c) => c.users.length)).toEqual([2, 1, 1]);
    expect(queue.deadLetters[0]).toMatchObject({ errorClass: 'ValidationError' });
  });

  it('links the account a lost response created instead of creating a second one on retry', async () => {
    const { deps, provisioning, wickr } = world([hire(1)]);
    // The first attempt creates the user, then its answer is lost.
    const first = await provisioning.createUsers([{ username: 'new1@example.com', securityGroupId: 'SGENG001' }], 'lost-answer');
    const results = await processBatch([record(addEvent(hire(1), 'again'), 2)], deps);
    expect(results[0]).toMatchObject({ outcome: 'applied', wickrUserId: (first[0] as { userId: string }).userId });
    expect([...wickr.users.values()].filter((u) => u.username === 'new1@example.com')).toHaveLength(1);
  });

  it('links the account it created after a crash before linking, even when the email changed before the retry', async () => {
    const { deps, provisioning, store, okta, wickr } = world([hire(1)]);
    const original = provisioning.createUsers.bind(provisioning);
    // The account is created, then the invocation fails before its owner and link are written.
    provisioning.createUsers = async (users, token) => {
      const answer = await original(users, token);
      store.failNext.push(new DependencyError('DynamoDB down', { dependency: 'store', kind: 'TRANSIENT' }));
      return answer;
    };
    const [crashed] = await processBatch([record(addEvent(hire(1), 'crash'))], deps);
    expect(crashed?.outcome).toBe('retryLater');
    expect(await store.getLink('okta:00uNew1')).toBeNull();
    okta.users.set('00uNew1', hire(1, { email: 'new.one@example.com' }));

    const [retried] = await processBatch([record(addEvent(hire(1), 'crash'), 2)], deps);
    expect(retried).toMatchObject({ outcome: 'applied', wickrUserId: '5001', changed: ['username'] });
    expect(provisioning.calls).toHaveLength(1);
    expect([...wickr.users.values()].filter((u) => u.lastName === 'Hire')).toEqual([expect.objectContaining({ userId: '5001', username: 'new.one@example.com' })]);
    expect(await store.getLink('okta:00uNew1')).toMatchObject({ wickrUserId: '5001' });
    expect(store.pending.size).toBe(0);
  });

  it('resolves an "already exists" answer by looking the user up and linking it', async () => {
    const { deps, provisioning, store, wickr } = world([hire(1)]);
    const original = provisioning.createUsers.bind(provisioning);
    // Another writer creates the user between the lookup and the call.
    provisioning.createUsers = async (users, token) => {
      wickr.users.set('7777', { userId: '7777', username: 'new1@example.com', firstName: 'New1', lastName: 'Hire', securityGroupIds: ['SGENG001'], suspended: false });
      return original(users, token);
    };
    const [result] = await processBatch([record(addEvent(hire(1), 'race'))], deps);
    expect(result).toMatchObject({ outcome: 'unchanged', wickrUserId: '7777' });
    expect(await store.getLink('okta:00uNew1')).toMatchObject({ wickrUserId: '7777' });
  });

  it('creates one account for two events about one new user in the same batch', async () => {
    const { deps, provisioning } = world([hire(1)]);
    const results = await processBatch([record(addEvent(hire(1), 'twin-a')), record(addEvent(hire(1), 'twin-b'))], deps);
    expect(results.map((r) => r.outcome).sort()).toEqual(['created', 'unchanged']);
    expect(provisioning.calls).toHaveLength(1);
  });

  it('creates one account for two concurrent invocations about one new user: the second waits for the lease, then links it', async () => {
    const { deps, provisioning, wickr } = world([hire(1)]);
    const [a, b] = await Promise.all([
      processBatch([record(addEvent(hire(1), 'conc-a'))], { ...deps, owner: 'inv-a' }),
      processBatch([record(addEvent(hire(1), 'conc-b'))], { ...deps, owner: 'inv-b' }),
    ]);
    expect([a[0]?.outcome, b[0]?.outcome].sort()).toEqual(['created', 'retryLater']);
    const retried = await processBatch([record(addEvent(hire(1), 'conc-b'), 2)], { ...deps, owner: 'inv-c' });
    expect(retried[0]).toMatchObject({ outcome: 'unchanged', wickrUserId: '5001' });
    expect(provisioning.calls).toHaveLength(1);
    expect([...wickr.users.values()].filter((u) => u.username === 'new1@example.com')).toHaveLength(1);
  });

  it('sends and stores nothing in a dry run, and logs the masked request', async () => {
    const { deps, provisioning, store, logger } = world([hire(1)]);
    const [result] = await processBatch([record(addEvent(hire(1), 'dry'))], { ...deps, dryRun: true });
    expect(result?.outcome).toBe('created');
    expect(provisioning.calls).toHaveLength(0);
    expect(await store.getLink('okta:00uNew1')).toBeNull();
    expect(JSON.stringify(logger.lines)).toContain('n***@example.com');
    expect(JSON.stringify(logger.lines)).not.toContain('new1@example.com');
  });

  it('leaves the user notProvisioned and calls nothing when createUsers is off', async () => {
    const off = { ...provisioningMapping, provisioning: { ...provisioningMapping.provisioning, createUsers: false } };
    const { deps, provisioning } = world([hire(1)], off);
    const [result] = await processBatch([record(addEvent(hire(1), 'off'))], deps);
    expect(result?.outcome).toBe('notProvisioned');
    expect(provisioning.calls).toHaveLength(0);
  });

  it('never creates a deactivated or out-of-scope user', async () => {
    const gone = hire(1, { active: false });
    const outside = hire(2, { groups: [{ id: '00gSales', name: 'Sales' }] });
    const { deps, provisioning } = world([gone, outside]);
    const results = await processBatch([record(addEvent(gone, 'd')), record(addEvent(outside, 'o'))], deps);
    expect(results.map((r) => r.outcome)).toEqual(['notProvisioned', 'notProvisioned']);
    expect(provisioning.calls).toHaveLength(0);
  });

  it('releases the lease of every created user', async () => {
    const { deps, store } = world([hire(1)]);
    await processBatch([record(addEvent(hire(1), 'lease'))], deps);
    expect(await store.acquireLease('okta:00uNew1', 'someone-else', 1000)).toBe(true);
  });

  it('logs one audit line per creation with the username masked', async () => {
    const { deps, logger } = world([hire(1)]);
    await processBatch([record(addEvent(hire(1), 'audit'))], deps);
    const lines = JSON.stringify(logger.lines);
    expect(logger.lines.filter((l) => l.extra?.operation === 'BatchCreateUser' && l.extra?.audit === true)).toHaveLength(1);
    expect(lines).toContain('n***@example.com');
    expect(lines).not.toContain('new1@example.com');
  });
});
