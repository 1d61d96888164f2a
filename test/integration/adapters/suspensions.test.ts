import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoReconcileStore } from '../../../src/adapters/aws/DynamoReconcileStore';
import { DynamoStateStore } from '../../../src/adapters/aws/DynamoStateStore';
import { createStateTable } from '../../helpers/moto';

/** The suspension the consumer records on a link (deprovisioning), written with the user's end and read back by the reconcile. */
describe('Suspension records on the links', () => {
  const client = new DynamoDBClient({});
  let state: DynamoStateStore;
  let reconcile: DynamoReconcileStore;

  beforeEach(async () => {
    const tableName = await createStateTable(client);
    state = new DynamoStateStore({ client, tableName, eventTtlSeconds: 60 });
    reconcile = new DynamoReconcileStore({ client, tableName, sleep: async () => undefined });
  });

  it('are written with the user end, read back with the lease, cleared by a later end, and listed for the reconcile', async () => {
    // Arrange
    const suspendedAt = '2027-01-01T00:00:00.000Z';
    const begun = await state.beginUser('scim:ana', 'inv-1', 60_000, ['e1']);
    await state.endUser('scim:ana', 'inv-1', begun!, { processed: ['e1'], link: { wickrUserId: '1001', groupIds: [], suspendedAt, suspendedFor: 'delete' } });
    await state.putLink('okta:bo', { wickrUserId: '1002', suspendedAt, suspendedFor: 'deactivate' });
    await state.putLink('okta:cy', { wickrUserId: '1003' });

    // Act
    const again = await state.beginUser('scim:ana', 'inv-2', 60_000, ['e2']);
    const listed = await reconcile.readSuspensions(['scim:ana', 'okta:bo', 'okta:cy', 'okta:nobody']);

    // Assess
    expect(again?.link).toMatchObject({ wickrUserId: '1001', suspendedAt, suspendedFor: 'delete' });
    expect(listed.sort((a, b) => a.userKey.localeCompare(b.userKey))).toEqual([
      { userKey: 'okta:bo', suspendedAt: Date.parse(suspendedAt), suspendedFor: 'deactivate' },
      { userKey: 'scim:ana', suspendedAt: Date.parse(suspendedAt), suspendedFor: 'delete' },
    ]);

    await state.endUser('scim:ana', 'inv-2', again!, { processed: ['e2'], link: { wickrUserId: '1001', groupIds: [] } });
    expect(await state.getLink('scim:ana')).not.toHaveProperty('suspendedAt');
    expect(await reconcile.readSuspensions(['scim:ana'])).toEqual([]);
  });

  it('reads more than one BatchGetItem worth of links', async () => {
    const keys = Array.from({ length: 130 }, (_, i) => `okta:u${i}`);
    for (const [i, key] of keys.entries()) await state.putLink(key, { wickrUserId: String(2000 + i), suspendedAt: '2027-01-01T00:00:00.000Z', suspendedFor: 'delete' });

    expect(await reconcile.readSuspensions(keys)).toHaveLength(130);
  });
});
