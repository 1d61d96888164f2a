import { DependencyError } from '../../../../src/core/errors';
import { processBatch } from '../../../../src/core/sync/processBatch';
import { addAna, record, setup } from '../../../helpers/batch';
import { iicEvent } from '../../../helpers/events';

describe('Identity Center group member tracking', () => {
  it('writes the member item again on the retry when it failed once, because the link waits for it', async () => {
    const { deps, store } = setup();
    store.failGroupWrites = [new DependencyError('DynamoDB PutItem: InternalServerError', { dependency: 'store', kind: 'TRANSIENT' })];
    const event = iicEvent({ eventName: 'AddMemberToGroup', userId: 'iic-bo', groupId: 'g-admins' });
    const [first] = await processBatch([record(event, 1)], deps);
    expect(first?.outcome).toBe('retryLater');
    expect(store.links.has('identity-center:iic-bo')).toBe(false);
    await processBatch([record(event, 2)], deps);
    expect([...(store.groups.get('identity-center:group:g-admins') ?? [])]).toEqual(['identity-center:iic-bo']);
    expect(store.links.get('identity-center:iic-bo')?.groupIds).toEqual(['g-admins']);
  });

  it('keeps no member items for sources without group-wide triggers', async () => {
    const { deps, store } = setup();
    await processBatch([record(iicEvent({ eventName: 'AddMemberToGroup', userId: 'iic-bo', groupId: 'g-admins' }))], deps);
    expect(store.groups.size).toBe(1);
    const { deps: oktaDeps, store: oktaStore } = setup();
    await processBatch([record(addAna())], oktaDeps);
    expect(oktaStore.groups.size).toBe(0);
  });
});
