import { processBatch } from '../../../../src/core/sync/processBatch';
import { withUserLease } from '../../../../src/core/sync/userLease';
import { ana, record, setup } from '../../../helpers/batch';
import { oktaEvent } from '../../../helpers/events';
import { FakeStore } from '../../../helpers/fakes';

/** Ana named by login, as an AD/LDAP import's AppUser target does (no Okta user id). */
const anaByLogin = (uuid?: string) => oktaEvent({ eventType: 'group.user_membership.add', userId: '0uaAppUser01', login: 'ana@example.com', userTargetType: 'AppUser', groupId: '00gEng', uuid });
const anaById = (uuid?: string) => oktaEvent({ eventType: 'user.account.update_profile', userId: '00uAna', login: 'ana@example.com', uuid });

describe('Per-user leases', () => {
  it('keep an Okta event naming the user by login from writing while another invocation syncs her by id', async () => {
    const { deps, store, okta, wickr } = setup();
    okta.users.set('ana@example.com', ana); // the Users API answers a login with the user
    store.leases.set('okta:00uAna', { owner: 'other', until: store.now + 60_000 });
    const [result] = await processBatch([record(anaByLogin())], deps);
    expect(result).toMatchObject({ outcome: 'retryLater', errorClass: 'UserBusy' });
    expect(wickr.writes).toHaveLength(0);
  });

  it('sync one person once when one batch names her by login and by id', async () => {
    const { deps, okta, wickr, store } = setup();
    okta.users.set('ana@example.com', ana);
    const results = await processBatch([record(anaByLogin('by-login')), record(anaById('by-id'))], deps);
    expect(results.map((r) => r.outcome).sort()).toEqual(['applied', 'unchanged']);
    expect(wickr.writes).toHaveLength(1);
    expect([...store.links.keys()]).toEqual(['okta:00uAna']);
  });

  it('are released when the work ends, and refuse a key another owner holds', async () => {
    const store = new FakeStore();
    const holder = { store, owner: 'a', leaseMs: 1000 };
    await expect(withUserLease('okta:1', holder, async () => store.leases.get('okta:1')?.owner)).resolves.toBe('a');
    expect(store.leases.has('okta:1')).toBe(false);
    store.leases.set('okta:2', { owner: 'b', until: store.now + 1000 });
    await expect(withUserLease('okta:2', holder, async () => 'ran')).rejects.toMatchObject({ name: 'DeferralError', errorClass: 'UserBusy' });
  });
});
