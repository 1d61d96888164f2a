import { resyncMessageBody } from '../../../../src/core/events';
import { parseMappingConfig } from '../../../../src/core/mapping';
import { processBatch } from '../../../../src/core/sync/processBatch';
import type { MappingConfig } from '../../../../src/core/types';
import { NOW, ana, anaWickr, record, setup } from '../../../helpers/batch';
import { FakeProvisioning } from '../../../helpers/fakes';

const DAY = 24 * 60 * 60 * 1000;
const deleting = parseMappingConfig({
  networkId: '12345678',
  securityGroups: [{ idpGroup: '00gEng', securityGroupId: 'SGENG001' }],
  defaultSecurityGroupId: 'SGDEFLT1',
  deprovisioning: { deleteAfterDays: 30 },
  protectedUsernames: ['keep@example.com'],
});

/** Ana deleted in Okta, her Wickr account suspended by the sync `daysAgo` days ago. */
function world(options: { daysAgo?: number; mapping?: MappingConfig; wickr?: Partial<typeof anaWickr> } = {}) {
  const env = setup({ mapping: options.mapping ?? deleting });
  const provisioning = new FakeProvisioning(env.wickr);
  env.okta.users.delete(ana.idpUserId);
  Object.assign(env.wickr.users.get(anaWickr.userId) as object, { suspended: true, ...options.wickr });
  env.store.links.set('okta:00uAna', { wickrUserId: anaWickr.userId, suspendedAt: new Date(NOW - (options.daysAgo ?? 31) * DAY).toISOString(), suspendedFor: 'delete' });
  env.store.owners.set(anaWickr.userId, 'okta');
  const deps = { ...env.deps, provisioning };
  const askToDelete = async () => {
    const [result] = await processBatch(
      [record(resyncMessageBody({ runId: 'rc-1', origin: 'reconcile', source: 'okta', idpUserId: '00uAna', action: 'delete', requestedAt: new Date(NOW).toISOString() }))],
      deps,
    );
    return result;
  };
  return { ...env, deps, provisioning, askToDelete };
}

describe('A deletion the reconcile asks for (deprovisioning.deleteAfterDays)', () => {
  it('deletes the Wickr user once due, with a stable client token, and forgets the link', async () => {
    // Arrange
    const { askToDelete, provisioning, wickr, store } = world();

    // Act
    const result = await askToDelete();

    // Assess
    expect(result).toMatchObject({ outcome: 'deleted', wickrUserId: anaWickr.userId });
    expect(provisioning.deletions).toEqual([{ userIds: [anaWickr.userId], token: expect.stringMatching(/^delete-[0-9a-f]{40}$/) }]);
    expect(wickr.users.has(anaWickr.userId)).toBe(false);
    expect(store.links.has('okta:00uAna')).toBe(false);
  });

  it.each([
    ['the suspension is younger than deleteAfterDays', { daysAgo: 29 }],
    ['the user is a Wickr administrator', { wickr: { isAdmin: true } }],
    ['the username is protected', { wickr: { username: 'KEEP@example.com' } }],
    ['the mapping no longer deletes', { mapping: parseMappingConfig({ networkId: '12345678', securityGroups: [], defaultSecurityGroupId: 'SGDEFLT1' }) }],
  ])('does not delete when %s', async (_, options) => {
    const { askToDelete, provisioning, wickr } = world(options);

    const result = await askToDelete();

    expect(result?.outcome).toBe('unchanged');
    expect(provisioning.deletions).toEqual([]);
    expect(wickr.users.get(anaWickr.userId)?.suspended).toBe(true);
  });

  it('unsuspends instead when the IdP user came back before the deletion was applied', async () => {
    const { askToDelete, provisioning, okta, wickr, store } = world();
    okta.users.set(ana.idpUserId, ana);

    const result = await askToDelete();

    expect(result).toMatchObject({ outcome: 'applied', changed: expect.arrayContaining(['unsuspended']) });
    expect(provisioning.deletions).toEqual([]);
    expect(wickr.users.get(anaWickr.userId)?.suspended).toBe(false);
    expect(store.links.get('okta:00uAna')?.suspendedAt).toBeUndefined();
  });

  it('keeps the first suspension time when a later sync finds the user still suspended for the same reason', async () => {
    const { deps, store } = world({ daysAgo: 3 });
    const before = store.links.get('okta:00uAna')?.suspendedAt;

    const [result] = await processBatch([record(resyncMessageBody({ runId: 'rc-2', origin: 'reconcile', source: 'okta', idpUserId: '00uAna', requestedAt: new Date(NOW).toISOString() }))], deps);

    expect(result?.outcome).toBe('unchanged');
    expect(store.links.get('okta:00uAna')).toMatchObject({ suspendedAt: before, suspendedFor: 'delete' });
  });
});

describe('A deletion asked for a generic-source user', () => {
  const ask = async (daysAgo: number) => {
    const env = setup({ mapping: deleting });
    const provisioning = new FakeProvisioning(env.wickr);
    Object.assign(env.wickr.users.get(anaWickr.userId) as object, { suspended: true });
    env.store.links.set('generic:ext-ana', { wickrUserId: anaWickr.userId, suspendedAt: new Date(NOW - daysAgo * DAY).toISOString(), suspendedFor: 'deactivate' });
    env.store.owners.set(anaWickr.userId, 'generic');
    const body = resyncMessageBody({ runId: 'rc-1', origin: 'reconcile', source: 'generic', idpUserId: 'ext-ana', action: 'delete', requestedAt: new Date(NOW).toISOString() });
    const [result] = await processBatch([record(body)], { ...env.deps, provisioning });
    return { result, provisioning };
  };

  it('deletes on the link record alone once due (no directory to re-read)', async () => {
    const { result, provisioning } = await ask(31);

    expect(result).toMatchObject({ outcome: 'deleted', wickrUserId: anaWickr.userId });
    expect(provisioning.deletions).toHaveLength(1);
  });

  it('does nothing before it is due', async () => {
    const { result, provisioning } = await ask(5);

    expect(result).toMatchObject({ outcome: 'unchanged', reason: 'the deletion is no longer due' });
    expect(provisioning.deletions).toEqual([]);
  });
});
