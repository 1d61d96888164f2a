import { parseMappingConfig } from '../../../../src/core/mapping';
import { parseSqsBody } from '../../../../src/core/events';
import { processBatch } from '../../../../src/core/sync/processBatch';
import type { DirectoryUser, MappingConfig } from '../../../../src/core/types';
import { NOW, anaWickr, mapping as baseMapping, record, setup } from '../../../helpers/batch';
import { scimEvent } from '../../../helpers/events';
import { FakeDirectory, FakeProvisioning } from '../../../helpers/fakes';

const scoped = parseMappingConfig({
  networkId: '12345678',
  securityGroups: [{ idpGroup: 'Engineering', securityGroupId: 'SGENG001' }],
  defaultSecurityGroupId: 'SGDEFLT1',
  scope: { idpGroups: ['Wickr Users'] },
});

const wickrUsers = { id: 'g-wickr', name: 'Wickr Users' };
/** Ana as Entra pushes her: created first, with no group yet. */
const created: DirectoryUser = { idpUserId: 'scim-ana', email: 'ana@example.com', login: 'ana@example.com', firstName: 'Ana', lastName: 'Lima', active: true, groups: [] };
const assigned: DirectoryUser = { ...created, groups: [wickrUsers, { id: 'g-eng', name: 'Engineering' }] };

function world(mapping: MappingConfig = scoped) {
  const scim = new FakeDirectory('scim');
  const env = setup({ mapping });
  const provisioning = new FakeProvisioning(env.wickr);
  const deps = { ...env.deps, directories: { ...env.deps.directories, scim }, provisioning };
  const sync = async (...bodies: object[]) =>
    processBatch(
      bodies.map((b) => record(b)),
      deps,
    );
  return { ...env, scim, provisioning, deps, sync };
}

const userChanged = (n: number, userId = 'scim-ana') => scimEvent('ScimUserChanged', { eventId: `${userId}:${n}`, userId, occurredAt: new Date(NOW - 60_000 + n).toISOString() });

describe('SCIM: assignment is scope', () => {
  it('leaves an existing Wickr account alone while Entra has created the user but not yet pushed a scope group', async () => {
    // Arrange
    const { scim, wickr, store, sync } = world();
    scim.users.set(created.idpUserId, created);

    // Act
    const [result] = await sync(userChanged(1));

    // Assess
    expect(result).toMatchObject({ outcome: 'notProvisioned', reason: expect.stringContaining('never been in a scope group') });
    expect(wickr.writes).toEqual([]);
    expect(wickr.users.get(anaWickr.userId)?.suspended).toBe(false);
    expect(store.links.has('scim:scim-ana')).toBe(false);
  });

  it('manages the user once a scope group arrives, and suspends them only when they leave it', async () => {
    const { scim, wickr, store, sync } = world();
    scim.users.set(created.idpUserId, assigned);

    const [joined] = await sync(userChanged(1));
    expect(joined).toMatchObject({ outcome: 'applied', wickrUserId: anaWickr.userId, changed: ['securityGroupIds'] });
    expect(store.links.get('scim:scim-ana')?.wickrUserId).toBe(anaWickr.userId);

    scim.users.set(created.idpUserId, created);
    const [left] = await sync(userChanged(2));
    expect(left).toMatchObject({ outcome: 'applied', changed: ['suspended'] });
    expect(wickr.users.get(anaWickr.userId)?.suspended).toBe(true);
    // Leaving scope is not a delete or a deactivation: nothing that could lead to a deletion is recorded.
    expect(store.links.get('scim:scim-ana')?.suspendedAt).toBeUndefined();
  });

  it('treats every pushed user as in scope when the mapping has no scope', async () => {
    const { scim, store, sync } = world(baseMapping);
    scim.users.set(created.idpUserId, created);

    const [result] = await sync(userChanged(1));

    expect(result).toMatchObject({ outcome: 'unchanged', wickrUserId: anaWickr.userId });
    expect(store.links.get('scim:scim-ana')?.wickrUserId).toBe(anaWickr.userId);
  });

  it('creates a pushed, active user without any scope when createUsers is on', async () => {
    const mapping = parseMappingConfig({ networkId: '12345678', securityGroups: [], defaultSecurityGroupId: 'SGDEFLT1', provisioning: { createUsers: true } }, { sources: ['scim'] });
    const { scim, provisioning, store, sync } = world(mapping);
    scim.users.set('scim-new', { idpUserId: 'scim-new', email: 'new@example.com', login: 'new@example.com', active: true, groups: [] });

    const [result] = await sync(userChanged(1, 'scim-new'));

    expect(result).toMatchObject({ outcome: 'created' });
    expect(provisioning.calls.map((c) => c.users.map((u) => u.username))).toEqual([['new@example.com']]);
    expect(store.links.get('scim:scim-new')?.wickrUserId).toEqual(expect.any(String));
  });

  it('does not change a Wickr user another source owns', async () => {
    const { scim, store, wickr, sync } = world();
    scim.users.set(created.idpUserId, assigned);
    store.owners.set(anaWickr.userId, 'okta');

    const [result] = await sync(userChanged(1));

    expect(result).toMatchObject({ outcome: 'ignored', reason: 'owned by okta' });
    expect(wickr.writes).toEqual([]);
  });

  it('ignores SCIM events, saying why, when the SCIM source is off', async () => {
    const env = setup();
    const [result] = await processBatch([record(userChanged(1))], env.deps);

    expect(result).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('SCIM_TABLE_NAME') });
  });
});

describe('SCIM: deactivation and deletion', () => {
  it('records a suspension for a deactivation on the link, and clears it when the user is active again', async () => {
    const { scim, store, wickr, sync } = world();
    scim.users.set(created.idpUserId, assigned);
    await sync(userChanged(1));

    scim.users.set(created.idpUserId, { ...assigned, active: false });
    const [off] = await sync(userChanged(2));
    expect(off).toMatchObject({ outcome: 'applied', changed: ['suspended'] });
    expect(store.links.get('scim:scim-ana')).toMatchObject({ suspendedAt: new Date(NOW).toISOString(), suspendedFor: 'deactivate' });

    scim.users.set(created.idpUserId, assigned);
    const [on] = await sync(userChanged(3));
    expect(on).toMatchObject({ outcome: 'applied', changed: ['unsuspended'] });
    expect(wickr.users.get(anaWickr.userId)?.suspended).toBe(false);
    expect(store.links.get('scim:scim-ana')?.suspendedAt).toBeUndefined();
  });

  it('follows onDelete for a DELETE (the re-read finds no user) and records it as a delete', async () => {
    const { scim, store, wickr, sync } = world();
    scim.users.set(created.idpUserId, assigned);
    await sync(userChanged(1));

    scim.users.delete(created.idpUserId);
    const [result] = await sync(userChanged(2));

    expect(result).toMatchObject({ outcome: 'applied', changed: ['suspended'] });
    expect(wickr.users.get(anaWickr.userId)?.suspended).toBe(true);
    expect(store.links.get('scim:scim-ana')).toMatchObject({ suspendedFor: 'delete' });
  });

  it('fans a group event with memberIds out to exactly those members', async () => {
    const { queue, sync } = world();

    const [result] = await sync(scimEvent('ScimGroupChanged', { eventId: 'g-wickr:4', groupId: 'g-wickr', memberIds: ['scim-ana', 'scim-bo'] }));

    expect(result).toMatchObject({ outcome: 'unchanged', reason: 'fanned out to 2 members as ResyncUser messages' });
    const targets = queue.sent.map((m) => parseSqsBody(m.body)).map((t) => (t.kind === 'user' && t.user.by === 'id' ? [t.source, t.user.idpUserId] : null));
    expect(targets).toEqual([
      ['scim', 'scim-ana'],
      ['scim', 'scim-bo'],
    ]);
  });
});
