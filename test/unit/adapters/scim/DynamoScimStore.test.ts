import { DynamoDBClient, TransactWriteItemsCommand, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoScimStore } from '../../../../src/adapters/scim/DynamoScimStore';
import { TRANSACTION_MAX_ACTIONS, transactionOf } from '../../../../src/adapters/scim/transactions';
import { MEMBER_CHANGES_PER_WRITE } from '../../../../src/core/scim/constants';
import { groupChanged, userChanged } from '../../../../src/core/scim/outboxEntry';
import type { ScimWrite, StoredUser } from '../../../../src/core/scim/types';

const NOW = '2026-12-06T12:00:00.000Z';
const user: StoredUser = { id: 'u1', userName: 'a', active: true, emails: [], version: 1, created: NOW, lastModified: NOW, attributes: { userName: 'a', active: true } };
const create: ScimWrite = { kind: 'putUser', user, nameKey: 'k1', outbox: userChanged('u1', 1, NOW) };
const cancelled = (codes: string[]) => new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe(DynamoScimStore.name, () => {
  const mock = mockClient(DynamoDBClient);
  beforeEach(() => mock.reset());
  const store = () => new DynamoScimStore({ client: new DynamoDBClient({ region: 'us-east-1' }), tableName: 't' });

  it('reports a failed uniqueness condition as a uniqueness conflict', async () => {
    mock.on(TransactWriteItemsCommand).rejects(cancelled(['None', 'ConditionalCheckFailed', 'None']));
    await expect(store().commit(create)).rejects.toMatchObject({ name: 'ScimConflictError', reason: 'uniqueness' });
  });

  it.each([['ConditionalCheckFailed'], ['TransactionConflict']])('reports %s on the resource as a version conflict', async (code) => {
    mock.on(TransactWriteItemsCommand).rejects(cancelled([code, 'None', 'None']));
    await expect(store().commit(create)).rejects.toMatchObject({ name: 'ScimConflictError', reason: 'version' });
  });

  it('classifies any other failure as a DependencyError of the store', async () => {
    mock.on(TransactWriteItemsCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } }));
    await expect(store().commit(create)).rejects.toMatchObject({ name: 'DependencyError', dependency: 'store', retryable: true });
  });
});

describe('transactionOf()', () => {
  it('writes a new user, claims its name and records the outbox entry in one transaction', () => {
    const { actions, uniqueAt } = transactionOf('t', create);
    expect(actions.map((a) => (a.Put ? `put ${a.Put.Item?.pk.S}|${a.Put.Item?.sk.S}` : 'other'))).toEqual(['put user#u1|user', 'put userName#k1|userName', 'put outbox#u1:1|outbox']);
    expect(uniqueAt).toBe(1);
    expect(actions[0].Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('fits the largest member change of one write within the transaction limit, with a rename', () => {
    const ids = Array.from({ length: MEMBER_CHANGES_PER_WRITE }, (_, i) => `u${i}`);
    const write: ScimWrite = {
      kind: 'putGroup',
      group: { id: 'g', displayName: 'G', version: 2, created: NOW, lastModified: NOW },
      expectedVersion: 1,
      nameKey: 'new',
      oldNameKey: 'old',
      addMembers: ids.slice(0, 20),
      removeMembers: ids.slice(20),
      outbox: groupChanged('g', 2, NOW, ids),
    };
    expect(transactionOf('t', write).actions.length).toBeLessThanOrEqual(TRANSACTION_MAX_ACTIONS);
  });

  it('leaves the memberships of a user in very many groups for after the transaction', () => {
    const groupIds = Array.from({ length: 60 }, (_, i) => `g${i}`);
    const { actions, after } = transactionOf('t', { kind: 'deleteUser', id: 'u1', expectedVersion: 1, nameKey: 'k1', groupIds, outbox: userChanged('u1', 2, NOW) });
    expect(actions.length).toBeLessThanOrEqual(TRANSACTION_MAX_ACTIONS);
    expect(actions.length + after.length).toBe(3 + 2 * 60);
  });
});
