import { processBatch } from '../../../../src/core/sync/processBatch';
import { addAna, record, setup } from '../../../helpers/batch';
import { genericEvent, iicEvent } from '../../../helpers/events';

describe('Dry-run', () => {
  it('writes no processed marks, links, owners, watermarks or memberships', async () => {
    const { deps, store, wickr } = setup({ dryRun: true });
    await processBatch(
      [
        record(addAna()),
        record(iicEvent({ eventName: 'CreateGroupMembership', userId: 'iic-bo', groupId: 'g-admins', membershipId: 'mem-1' })),
        record(genericEvent({ user: { externalId: 'x1', email: 'nobody@example.com' } })),
      ],
      deps,
    );
    expect(wickr.writes).toHaveLength(0);
    expect(store.processed.size).toBe(0);
    expect(store.links.size).toBe(0);
    expect(store.owners.size).toBe(0);
    expect(store.memberships.size).toBe(0);
    expect(store.groups.size).toBe(0);
  });

  it('previews a change that a live run afterwards applies', async () => {
    const { deps, wickr } = setup();
    const event = addAna('evt-preview');
    const [preview] = await processBatch([record(event)], { ...deps, dryRun: true });
    expect(preview).toMatchObject({ outcome: 'applied', changed: ['securityGroupIds'] });
    const [live] = await processBatch([record(event)], deps);
    expect(live).toMatchObject({ outcome: 'applied', changed: ['securityGroupIds'] });
    expect(wickr.users.get('1001')?.securityGroupIds).toEqual(['SGENG001']);
  });

  it('still resolves a membership learned earlier in the same dry-run batch', async () => {
    const { deps, store } = setup({ dryRun: true });
    const results = await processBatch(
      [
        record(iicEvent({ eventName: 'CreateGroupMembership', userId: 'iic-bo', groupId: 'g-admins', membershipId: 'mem-dry' })),
        record(iicEvent({ eventName: 'DeleteGroupMembership', membershipId: 'mem-dry' })),
      ],
      deps,
    );
    expect(results.map((r) => r.outcome)).not.toContain('retryLater');
    expect(store.memberships.size).toBe(0);
  });
});
