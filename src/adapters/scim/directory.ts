/**
 * The SCIM source's `DirectoryPort`: the store the stack's SCIM endpoint writes is this source's
 * directory. A user is re-read with one Query on its partition (`user#<id>`: the user item and
 * its `memberOf#` items), then one BatchGetItem for the groups' names. Reads are strongly
 * consistent: the event that asks for the read was published after the write it must see.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DirectoryPort } from '../../core/ports';
import { IdpSource } from '../../core/types';
import { groupsByIds, type Item, queryAll, toDirectoryUser } from './directoryItems';
import { ScimKey, ScimSort } from './schema';

/** Options of {@link createScimDirectory}. */
export type ScimDirectoryOptions = {
  /** SCIM_TABLE_NAME. */
  readonly tableName: string;
  readonly client: DynamoDBClient;
};

const MEMBER_OF = ScimSort.memberOf('');
const MEMBER = ScimSort.member('');

/** Builds the SCIM `DirectoryPort`. */
export function createScimDirectory(options: ScimDirectoryOptions): DirectoryPort {
  const { client, tableName } = options;
  return {
    source: IdpSource.Scim,

    async getUser(idpUserId) {
      const items = await queryAll(
        client,
        { TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: ScimKey.user(idpUserId) } }, ConsistentRead: true },
        'SCIM store Query (user)',
      );
      const user = items.find((item) => item.sk?.S === ScimSort.user);
      // Deleted (SCIM DELETE): the user item is gone, whatever membership items may linger.
      if (!user) return null;
      const groupIds = items.flatMap((item) => groupIdOf(item));
      return toDirectoryUser(user, await groupsByIds(client, tableName, [...new Set(groupIds)]));
    },

    async listGroupMemberIds(idpGroupId) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
          ExpressionAttributeValues: { ':pk': { S: ScimKey.group(idpGroupId) }, ':member': { S: MEMBER } },
          ConsistentRead: true,
        },
        'SCIM store Query (group members)',
      );
      return items.flatMap((item) => memberIdOf(item));
    },
  };
}

/** The group id of a `memberOf#<groupId>` item (its `groupId`, else the sort key's tail). */
export function groupIdOf(item: Item): string[] {
  const sk = item.sk?.S;
  if (!sk?.startsWith(MEMBER_OF)) return [];
  return [item.groupId?.S ?? sk.slice(MEMBER_OF.length)];
}

/** The user id of a `member#<userId>` item. */
export function memberIdOf(item: Item): string[] {
  const sk = item.sk?.S;
  if (!sk?.startsWith(MEMBER)) return [];
  return [item.userId?.S ?? sk.slice(MEMBER.length)];
}
