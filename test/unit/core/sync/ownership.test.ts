import { processBatch } from '../../../../src/core/sync/processBatch';
import { addAna, record, setup } from '../../../helpers/batch';
import { genericEvent } from '../../../helpers/events';

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
    expect(store.owners.get('1001')).toBe('generic');
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
    expect(store.owners.get('1001')).toBe('okta');
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
