/**
 * The TransactWriteItems of each SCIM write (core/scim/types.ts `ScimWrite`): the resource with
 * its version condition, its name's uniqueness item, its membership items and its outbox entry,
 * all or nothing. `uniqueAt` is the index of the uniqueness item, so a cancelled transaction can
 * say which condition failed.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { ScimWrite } from '../../core/scim/types';
import { type Item, groupItem, keys, membershipItems, outboxItem, userItem } from './items';

/** DynamoDB's limit of actions in one transaction. */
export const TRANSACTION_MAX_ACTIONS = 100;

/** A transaction's actions, and what is left for after it (memberships of a user in very many groups). */
export type Transaction = { readonly actions: TransactWriteItem[]; readonly uniqueAt?: number; readonly after: Item[] };

// Attribute names through placeholders: no question whether a name is a DynamoDB reserved word.
const versionIs = (expected: number) => ({ ConditionExpression: '#version = :v', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':v': { N: String(expected) } } });
const absent = { ConditionExpression: 'attribute_not_exists(pk)' };

/** The actions of one write against `table`. */
export function transactionOf(table: string, write: ScimWrite): Transaction {
  const actions: TransactWriteItem[] = [];
  const after: Item[] = [];
  let uniqueAt: number | undefined;
  const put = (item: Item, condition?: object) => actions.push({ Put: { TableName: table, Item: item, ...condition } });
  const del = (key: Item, condition?: object) => actions.push({ Delete: { TableName: table, Key: key, ...condition } });
  const claim = (key: Item, ownerId: string) => {
    uniqueAt = actions.length;
    put({ ...key, ownerId: { S: ownerId } }, { ConditionExpression: 'attribute_not_exists(pk) OR ownerId = :owner', ExpressionAttributeValues: { ':owner': { S: ownerId } } });
  };

  switch (write.kind) {
    case 'putUser': {
      put(userItem(write.user), write.expectedVersion === undefined ? absent : versionIs(write.expectedVersion));
      if (write.expectedVersion === undefined || write.oldNameKey !== undefined) claim(keys.userName(write.nameKey), write.user.id);
      if (write.oldNameKey !== undefined) del(keys.userName(write.oldNameKey));
      break;
    }
    case 'deleteUser': {
      del(keys.user(write.id), versionIs(write.expectedVersion));
      del(keys.userName(write.nameKey));
      const room = Math.floor((TRANSACTION_MAX_ACTIONS - 3) / 2);
      write.groupIds.forEach((groupId, i) => {
        const pair = [keys.memberOf(write.id, groupId), keys.member(groupId, write.id)];
        if (i < room) for (const key of pair) del(key);
        else after.push(...pair);
      });
      break;
    }
    case 'putGroup': {
      const group = write.group;
      put(groupItem(group), write.expectedVersion === undefined ? absent : versionIs(write.expectedVersion));
      if (write.expectedVersion === undefined || write.oldNameKey !== undefined) claim(keys.displayName(write.nameKey), group.id);
      if (write.oldNameKey !== undefined) del(keys.displayName(write.oldNameKey));
      for (const userId of write.addMembers) for (const item of membershipItems(group.id, userId)) put(item);
      for (const userId of write.removeMembers) {
        del(keys.member(group.id, userId));
        del(keys.memberOf(userId, group.id));
      }
      break;
    }
    case 'changeMembers': {
      for (const userId of write.addMembers) for (const item of membershipItems(write.groupId, userId)) put(item);
      for (const userId of write.removeMembers) {
        del(keys.member(write.groupId, userId));
        del(keys.memberOf(userId, write.groupId));
      }
      break;
    }
    case 'deleteGroup': {
      del(keys.group(write.id), versionIs(write.expectedVersion));
      del(keys.displayName(write.nameKey));
      for (const userId of write.removeMembers) {
        del(keys.member(write.id, userId));
        del(keys.memberOf(userId, write.id));
      }
      break;
    }
  }
  put(outboxItem(write.outbox));
  if (actions.length > TRANSACTION_MAX_ACTIONS) throw new Error(`a SCIM write of ${actions.length} actions exceeds DynamoDB's ${TRANSACTION_MAX_ACTIONS}`);
  return { actions, uniqueAt, after };
}
