import { processBatch } from '../../../../src/core/sync/processBatch';
import { UserLeases } from '../../../../src/core/sync/userLease';
import { ana, record, setup } from '../../../helpers/batch';
import { oktaEvent } from '../../../helpers/events';
import { FakeStore } from '../../../helpers/fakes';

describe('Per-user leases', () => {
  it('keep an Okta AppUser event keyed by login from writing while a User event keyed by id holds the same Wickr user', async () => {
    const { deps, store, okta, wickr } = setup();
    // The same person, named by login (an AD import) instead of by id.
    okta.users.set('ana@example.com', { ...ana, idpUserId: 'ana@example.com' });
    // Another invocation is syncing Ana by her Okta id and has resolved her Wickr user.
    store.leases.set('okta:00uAna', { owner: 'other', until: store.now + 60_000 });
    store.leases.set('wickr:1001', { owner: 'other', until: store.now + 60_000 });
    const byLogin = oktaEvent({ eventType: 'group.user_membership.add', userId: '0uaAppUser', login: 'ana@example.com', userTargetType: 'AppUser', groupId: '00gEng' });
    const [result] = await processBatch([record(byLogin)], deps);
    expect(result).toMatchObject({ outcome: 'retryLater', errorClass: 'UserBusy' });
    expect(wickr.writes).toHaveLength(0);
  });

  it('are all released when the work ends', async () => {
    const { deps, store } = setup();
    await processBatch([record(oktaEvent({ eventType: 'group.user_membership.add', userId: '00uAna', login: 'ana@example.com', groupId: '00gEng' }))], deps);
    expect([...store.leases.keys()]).toEqual([]);
  });

  it('take a key once however often it is asked for, and refuse one another owner holds', async () => {
    const store = new FakeStore();
    store.leases.set('wickr:9', { owner: 'b', until: store.now + 1000 });
    const leases = new UserLeases(store, 'a', 1000);
    await leases.hold('okta:1');
    await leases.hold('okta:1');
    await expect(leases.hold('wickr:9')).rejects.toMatchObject({ name: 'DeferralError', errorClass: 'UserBusy' });
    await leases.releaseAll();
    expect([...store.leases.keys()]).toEqual(['wickr:9']);
  });
});
