/**
 * The SCIM source's `DirectoryLister` for the reconcile: users through the `byKind` index (every
 * user, active or not, in id order), a group's members through its `member#` items, and the
 * mapping's groups resolved over every group item. The cursor is the Query's LastEvaluatedKey.
 * If the index does not project a user's attributes, the user items are read with BatchGetItem.
 */
import { type DynamoDBClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { DependencyError, FailureKind } from '../../core/errors';
import type { DirectoryLister, MembersPage, Page } from '../../core/ports';
import { type DirectoryUser, type IdpGroup, IdpSource } from '../../core/types';
import { fromAwsError } from '../aws/sdkErrors';
import { memberIdOf } from './directory';
import { batchGet, type Item, isFullUserItem, queryAll, toDirectoryUser } from './directoryItems';
import { SCIM_KIND_INDEX, ScimKey, ScimKind, ScimSort } from './schema';

/** Options of {@link createScimLister}. */
export type ScimListerOptions = {
  /** SCIM_TABLE_NAME. */
  readonly tableName: string;
  readonly client: DynamoDBClient;
  /** Items per page. @default 100 */
  readonly pageSize?: number;
};

/** Builds the SCIM `DirectoryLister`. */
export function createScimLister(options: ScimListerOptions): DirectoryLister {
  const { client, tableName } = options;
  const Limit = options.pageSize ?? 100;

  const page = async (input: QueryCommandInput, cursor: string | undefined, what: string): Promise<{ items: Item[]; cursor?: string }> => {
    try {
      const out = await client.send(new QueryCommand({ ...input, Limit, ...(cursor !== undefined && { ExclusiveStartKey: decodeCursor(cursor) }) }));
      return { items: (out.Items ?? []) as Item[], ...(out.LastEvaluatedKey !== undefined && { cursor: encodeCursor(out.LastEvaluatedKey as Item) }) };
    } catch (error) {
      throw fromAwsError(error, 'directory', what);
    }
  };

  return {
    source: IdpSource.Scim,

    async resolveGroups(refs) {
      // One pass over every group matches ids exactly and displayNames ignoring case, as the mapping does.
      const ids = new Set(refs);
      const names = new Set(refs.map((r) => r.toLowerCase()));
      const found: IdpGroup[] = [];
      const items = await queryAll(
        client,
        { TableName: tableName, IndexName: SCIM_KIND_INDEX, KeyConditionExpression: 'kind = :kind', ExpressionAttributeValues: { ':kind': { S: ScimKind.group } } },
        'SCIM store Query (groups)',
      );
      const missingNames = items.filter((item) => item.displayName?.S === undefined && item.id?.S);
      const full = missingNames.length === 0 ? items : [...items.filter((item) => item.displayName?.S !== undefined), ...(await readItems(missingNames, ScimKey.group, ScimSort.group))];
      for (const item of full) {
        const id = item.id?.S;
        const name = item.displayName?.S;
        if (!id || !(ids.has(id) || (name !== undefined && names.has(name.toLowerCase())))) continue;
        found.push(name === undefined ? { id } : { id, name });
      }
      return found;
    },

    async listUsersPage(cursor): Promise<Page<DirectoryUser>> {
      const got = await page(
        { TableName: tableName, IndexName: SCIM_KIND_INDEX, KeyConditionExpression: 'kind = :kind', ExpressionAttributeValues: { ':kind': { S: ScimKind.user } } },
        cursor,
        'SCIM store Query (users)',
      );
      const partial = got.items.filter((item) => !isFullUserItem(item));
      const read = partial.length === 0 ? [] : await readItems(partial, ScimKey.user, ScimSort.user);
      const byId = new Map(read.map((item) => [item.id?.S, item]));
      // In index order; a user deleted between the two reads is left out, as a later page would.
      const items = got.items.flatMap((item) => {
        const fullItem = isFullUserItem(item) ? item : byId.get(item.id?.S);
        return fullItem ? [toDirectoryUser(fullItem, [])] : [];
      });
      return { items, ...(got.cursor !== undefined && { cursor: got.cursor }) };
    },

    async listGroupMembersPage(groupId, cursor): Promise<MembersPage> {
      const got = await page(
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
          ExpressionAttributeValues: { ':pk': { S: ScimKey.group(groupId) }, ':member': { S: ScimSort.member('') } },
        },
        cursor,
        'SCIM store Query (group members)',
      );
      return { items: got.items.flatMap((item) => memberIdOf(item)), ...(got.cursor !== undefined && { cursor: got.cursor }) };
    },
  };

  async function readItems(indexItems: readonly Item[], key: (id: string) => string, sort: string): Promise<Item[]> {
    const keys = indexItems.flatMap((item) => (item.id?.S ? [{ pk: { S: key(item.id.S) }, sk: { S: sort } }] : []));
    return batchGet(client, tableName, keys, 'SCIM store BatchGetItem');
  }
}

function encodeCursor(key: Item): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): Item {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Item;
  } catch (error) {
    throw new DependencyError('the SCIM listing cursor is not one this lister wrote', { dependency: 'directory', kind: FailureKind.Invalid, cause: error });
  }
}
