import { processBatch } from '../../../../src/core/sync/processBatch';
import { addAna, record, setup } from '../../../helpers/batch';
import { oktaEvent } from '../../../helpers/events';

const renameAna = (uuid: string) => oktaEvent({ eventType: 'user.account.update_profile', userId: '00uAna', login: 'ana@example.com', uuid });

describe("A user's item: lease, link and marks in two writes", () => {
  it('ends a sync with one write that marks every event, stores the changed link and releases the lease', async () => {
    const { deps, store } = setup();
    const results = await processBatch([record(addAna('evt-1')), record(renameAna('evt-2'))], deps);
    expect(results.map((r) => r.outcome).sort()).toEqual(['applied', 'unchanged']);
    expect(store.ends).toHaveLength(1);
    expect(store.ends[0]?.key).toBe('okta:00uAna');
    expect([...(store.ends[0]?.end.processed ?? [])].sort()).toEqual(['okta:event:evt-1', 'okta:event:evt-2']);
    expect(store.ends[0]?.end.link).toEqual({ wickrUserId: '1001', groupIds: ['00gEng'] });
    expect(store.leases.size).toBe(0);
  });

  it('writes no link when it did not change', async () => {
    const { deps, store } = setup();
    await processBatch([record(addAna('evt-1'))], deps);
    await processBatch([record(renameAna('evt-2'))], deps);
    expect(store.ends[1]?.end).toEqual({ processed: ['okta:event:evt-2'] });
  });

  it('takes no lease and writes nothing for a batch of redelivered events', async () => {
    const { deps, store, wickr } = setup();
    await processBatch([record(addAna('evt-1'))], deps);
    const writes = wickr.writes.length;
    const [again] = await processBatch([record(addAna('evt-1'))], deps);
    expect(again?.outcome).toBe('duplicate');
    expect(store.ends).toHaveLength(1);
    expect(store.leases.size).toBe(0);
    expect(wickr.writes).toHaveLength(writes);
  });

  it('settles a redelivered event as a duplicate even while another invocation holds the user', async () => {
    const { deps, store } = setup();
    await processBatch([record(addAna('evt-1'))], deps);
    store.leases.set('okta:00uAna', { owner: 'other', until: store.now + 60_000 });
    const [again] = await processBatch([record(addAna('evt-1'))], deps);
    expect(again?.outcome).toBe('duplicate');
  });

  it('releases the lease without marking anything when the sync fails, so every record is retried', async () => {
    const { deps, store, okta } = setup();
    jest.spyOn(okta, 'getUser').mockRejectedValueOnce(Object.assign(new Error('down'), { name: 'DependencyError' }));
    const [result] = await processBatch([record(addAna('evt-1'))], deps);
    expect(result?.outcome).toBe('retryLater');
    expect(store.ends).toEqual([{ key: 'okta:00uAna', end: { processed: [] } }]);
    expect(store.processed.size).toBe(0);
    expect(store.leases.size).toBe(0);
  });

  it('reads the owner of an owned user and claims only a user nobody owns', async () => {
    const { deps, store } = setup();
    const claim = jest.spyOn(store, 'claimWickrOwner');
    await processBatch([record(addAna('evt-1'))], deps);
    expect(claim).toHaveBeenCalledTimes(1);
    await processBatch([record(renameAna('evt-2'))], deps);
    expect(claim).toHaveBeenCalledTimes(1);
    expect(store.owners.get('1001')).toEqual({ source: 'okta', userKey: 'okta:00uAna' });
  });
});
