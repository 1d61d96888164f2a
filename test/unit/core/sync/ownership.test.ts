import { GENERIC_OFF_REASON } from '../../../../src/core/events';
import { processBatch } from '../../../../src/core/sync/processBatch';
import { addAna, ana, record, setup } from '../../../helpers/batch';
import { genericEvent, oktaEvent } from '../../../helpers/events';

const genericAna = (overrides: { eventId?: string; occurredAt?: string; lastName?: string } = {}) =>
  genericEvent({
    eventId: overrides.eventId,
    occurredAt: overrides.occurredAt ?? '2026-11-28T10:00:00Z',
    user: { externalId: 'entra-ana', email: 'ana@example.com', firstName: 'Ana', lastName: overrides.lastName ?? 'Forged', groups: [{ id: 'g', name: 'Wickr Admins' }] },
  });

describe('Source ownership of a Wickr user', () => {
  it('ignores a generic event for a user Okta linked first, and writes nothing', async () => {
    const { deps, wickr, store } = setup();
    await processBatch([record(addAna())], deps);
    const writes = wickr.writes.length;
    const [result] = await processBatch([record(genericAna())], deps);
    expect(result).toMatchObject({ outcome: 'ignored', reason: 'owned by okta', wickrUserId: '1001' });
    expect(wickr.writes).toHaveLength(writes);
    expect(wickr.users.get('1001')?.lastName).toBe('Lima');
    expect(store.links.has('generic:entra-ana')).toBe(false);
  });

  it('lets the first source to link a user own it, whichever source that is', async () => {
    const { deps, wickr, store } = setup();
    await processBatch([record(genericAna({ lastName: 'Lima-Generic' }))], deps);
    expect(store.owners.get('1001')).toEqual({ source: 'generic', userKey: 'generic:entra-ana' });
    const [result] = await processBatch([record(addAna('evt-later'))], deps);
    expect(result).toMatchObject({ outcome: 'ignored', reason: 'owned by generic' });
    expect(wickr.users.get('1001')?.securityGroupIds).toEqual(['SGADMIN1']);
  });

  it('hands ownership to the next source once the operator deleted the owner item', async () => {
    const { deps, wickr, store } = setup();
    await processBatch([record(genericAna())], deps);
    store.owners.delete('1001'); // the documented operator action
    const [result] = await processBatch([record(addAna('evt-after-move'))], deps);
    expect(result?.outcome).toBe('applied');
    expect(store.owners.get('1001')).toEqual({ source: 'okta', userKey: 'okta:00uAna' });
    expect(wickr.users.get('1001')?.securityGroupIds).toEqual(['SGENG001']);
  });
});

describe('Generic events with the same occurredAt', () => {
  const first = () => genericAna({ eventId: 'evt-a', lastName: 'From-A' });
  const second = () => genericAna({ eventId: 'evt-b', lastName: 'From-B' });

  it.each([
    ['a then b', [first, second]],
    ['b then a', [second, first]],
  ])('end in the same state whichever arrives first (%s)', async (_, order) => {
    const { deps, wickr } = setup();
    for (const event of order) await processBatch([record(event())], deps);
    expect(wickr.users.get('1001')?.lastName).toBe('From-B');
  });

  it('also resolve by event id when both are in one batch, whatever their order', async () => {
    for (const events of [
      [first(), second()],
      [second(), first()],
    ]) {
      const { deps, wickr } = setup();
      await processBatch(
        events.map((e) => record(e)),
        deps,
      );
      expect(wickr.users.get('1001')?.lastName).toBe('From-B');
    }
  });
});

describe('One owner, one identity', () => {
  /** A second Okta user with Ana's email, in Wickr Admins. */
  const eve = { ...ana, idpUserId: '00uEve', firstName: 'Eve', groups: [{ id: 'g-adm', name: 'Wickr Admins' }] };
  const eveEvent = (uuid: string) => oktaEvent({ eventType: 'group.user_membership.add', userId: '00uEve', login: 'ana@example.com', groupId: 'g-adm', uuid });

  it('records the owning identity with the owner: the reverse link from the Wickr user', async () => {
    const { deps, store } = setup();
    await processBatch([record(addAna())], deps);
    expect(store.owners.get('1001')).toEqual({ source: 'okta', userKey: 'okta:00uAna' });
  });

  it('dead-letters a second identity that resolves to a linked account as IdentityConflict, and writes nothing', async () => {
    const { deps, okta, wickr, store, queue } = setup();
    await processBatch([record(addAna())], deps);
    okta.users.set('00uEve', eve);
    const [result] = await processBatch([record(eveEvent('eve-1'))], deps);
    expect(result).toMatchObject({ outcome: 'deadLettered', errorClass: 'IdentityConflict' });
    expect(queue.deadLetters).toEqual([expect.objectContaining({ errorClass: 'IdentityConflict', reason: expect.stringContaining('Wickr user 1001') })]);
    expect(queue.deadLetters[0]?.reason).not.toContain('ana@example.com');
    expect(wickr.users.get('1001')?.securityGroupIds).toEqual(['SGENG001']);
    expect(store.links.has('okta:00uEve')).toBe(false);
    expect(store.owners.get('1001')).toEqual({ source: 'okta', userKey: 'okta:00uAna' });
  });

  it('never suspends the first person because a second identity with the same email is inactive', async () => {
    const { deps, okta, wickr } = setup();
    await processBatch([record(addAna())], deps);
    okta.users.set('00uEve', { ...eve, active: false });
    const [result] = await processBatch([record(oktaEvent({ eventType: 'user.lifecycle.deactivate', userId: '00uEve', login: 'ana@example.com', uuid: 'eve-off' }))], deps);
    expect(result?.errorClass).toBe('IdentityConflict');
    expect(wickr.users.get('1001')?.suspended).toBe(false);
  });

  it("acts on a delete only through the identity's own link, never on an account found by its login", async () => {
    const { deps, wickr } = setup();
    await processBatch([record(addAna())], deps);
    // Okta answers 404 for a user it no longer (or never) knew, whose login is Ana's.
    const [result] = await processBatch([record(oktaEvent({ eventType: 'user.lifecycle.delete.initiated', userId: '00uGone', login: 'ana@example.com', uuid: 'stale' }))], deps);
    expect(result).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('own link') });
    expect(wickr.users.get('1001')?.suspended).toBe(false);
  });

  it('acts on a delete of an unlinked account by nobody, even when its username matches', async () => {
    const { deps, wickr } = setup();
    const [result] = await processBatch([record(oktaEvent({ eventType: 'user.lifecycle.delete.initiated', userId: '00uGone', login: 'bo@example.com', uuid: 'stale-bo' }))], deps);
    expect(result?.outcome).toBe('ignored');
    expect(wickr.writes).toEqual([]);
  });
});

describe('Generic events and the configuration', () => {
  it('refuses a generic body when the generic source is off, with the reason, and writes nothing', async () => {
    const { deps, wickr, store } = setup({ genericEnabled: false });
    const [result] = await processBatch([record(genericAna({ lastName: 'Forged' }))], deps);
    expect(result).toMatchObject({ outcome: 'ignored', reason: GENERIC_OFF_REASON, source: 'generic' });
    expect(wickr.writes).toEqual([]);
    expect(store.owners.size).toBe(0);
  });

  it('refuses a malformed generic body the same way, without reading it', async () => {
    const { deps, queue } = setup({ genericEnabled: false });
    const [result] = await processBatch([record({ version: '0', source: 'wickr-idp-sync.generic', 'detail-type': 'IdentityUserState', time: '2026-11-28T10:00:00Z', detail: { junk: true } })], deps);
    expect(result?.outcome).toBe('ignored');
    expect(queue.deadLetters).toEqual([]);
  });
});
