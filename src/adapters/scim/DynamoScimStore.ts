/**
 * The SCIM store in DynamoDB (schema.ts): reads for the endpoint and its transactional writes.
 * Single reads are strongly consistent; listings go through the `byKind` index, which is
 * eventually consistent, so a user created a moment ago may be missing from an unfiltered list
 * (lookups by id and by userName read the table itself).
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { fromAwsError } from '../aws/sdkErrors';
import { Dependency } from '../../core/errors';
import { ScimConflictError } from '../../core/scim/errors';
import type { ScimStore } from '../../core/scim/ports';
import type { OutboxEntry, ScimWrite, StoredGroup, StoredUser } from '../../core/scim/types';
import { type Item, groupFromItem, keys, outboxFromItem, userFromItem } from './items';
import { SCIM_KIND_INDEX, ScimKey, ScimKind, ScimSort } from './schema';
import { transactionOf } from './transactions';

/** Options of {@link DynamoScimStore}. */
export type DynamoScimStoreOptions = { readonly client: DynamoDBClient; readonly tableName: string };

/** {@link ScimStore} on the SCIM table. */
export class DynamoScimStore implements ScimStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  public constructor(options: DynamoScimStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  public async getUser(id: string): Promise<StoredUser | undefined> {
    const item = await this.#get(keys.user(id), 'GetItem user');
    return item && userFromItem(item);
  }

  public async findUserIdByNameKey(nameKey: string): Promise<string | undefined> {
    return (await this.#get(keys.userName(nameKey), 'GetItem userName'))?.ownerId?.S;
  }

  public async listUsers(): Promise<StoredUser[]> {
    return (await this.#byKind(ScimKind.user)).map(userFromItem);
  }

  public async existingUserIds(ids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 100) {
      let pending: Item[] | undefined = ids.slice(i, i + 100).map((id) => keys.user(id));
      // BatchGetItem may answer part of the keys as unprocessed (throttling); ask again for those.
      for (let attempt = 0; pending && pending.length > 0 && attempt < 5; attempt++) {
        const out = await this.#send('BatchGetItem users', () =>
          this.#client.send(new BatchGetItemCommand({ RequestItems: { [this.#table]: { Keys: pending, ConsistentRead: true, ProjectionExpression: 'id' } } })),
        );
        for (const item of out.Responses?.[this.#table] ?? []) if (item.id?.S) found.add(item.id.S);
        pending = out.UnprocessedKeys?.[this.#table]?.Keys as Item[] | undefined;
      }
      if (pending && pending.length > 0) throw fromAwsError(Object.assign(new Error('unprocessed keys'), { name: 'ProvisionedThroughputExceededException' }), Dependency.Store, 'BatchGetItem users');
    }
    return found;
  }

  public async getGroup(id: string): Promise<StoredGroup | undefined> {
    const item = await this.#get(keys.group(id), 'GetItem group');
    return item && groupFromItem(item);
  }

  public async findGroupIdByNameKey(nameKey: string): Promise<string | undefined> {
    return (await this.#get(keys.displayName(nameKey), 'GetItem displayName'))?.ownerId?.S;
  }

  public async listGroups(): Promise<StoredGroup[]> {
    return (await this.#byKind(ScimKind.group)).map(groupFromItem);
  }

  public async reserveGroupVersion(groupId: string, lastModified: string): Promise<number | undefined> {
    try {
      const out = await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: keys.group(groupId),
          UpdateExpression: 'SET #version = #version + :one, lastModified = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':one': { N: '1' }, ':now': { S: lastModified } },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(out.Attributes?.version?.N);
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
      throw fromAwsError(error, Dependency.Store, 'UpdateItem group version');
    }
  }

  public async listMembers(groupId: string): Promise<string[]> {
    return (await this.#children(ScimKey.group(groupId), ScimSort.member(''))).map((i) => i.userId?.S as string).sort();
  }

  public async listGroupsOf(userId: string): Promise<string[]> {
    return (await this.#children(ScimKey.user(userId), ScimSort.memberOf(''))).map((i) => i.groupId?.S as string);
  }

  public async commit(write: ScimWrite): Promise<void> {
    const { actions, uniqueAt, after } = transactionOf(this.#table, write);
    try {
      await this.#client.send(new TransactWriteItemsCommand({ TransactItems: actions }));
    } catch (error) {
      const reasons = (error as { name?: string; CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if ((error as Error).name === 'TransactionCanceledException' && reasons) {
        if (uniqueAt !== undefined && reasons[uniqueAt]?.Code === 'ConditionalCheckFailed') throw new ScimConflictError('uniqueness', 'the name is taken', { cause: error });
        if (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) throw new ScimConflictError('version', 'the resource changed', { cause: error });
      }
      throw fromAwsError(error, Dependency.Store, 'TransactWriteItems');
    }
    // Memberships beyond one transaction (a user in very many groups): deleted just after it.
    for (let i = 0; i < after.length; i += 25) {
      const chunk = after.slice(i, i + 25);
      await this.#send('BatchWriteItem memberships', () => this.#client.send(new BatchWriteItemCommand({ RequestItems: { [this.#table]: chunk.map((Key) => ({ DeleteRequest: { Key } })) } })));
    }
  }

  public async listOutbox(limit: number): Promise<OutboxEntry[]> {
    return (await this.#byKind(ScimKind.outbox, limit)).map(outboxFromItem);
  }

  public async deleteOutbox(eventId: string): Promise<void> {
    await this.#send('DeleteItem outbox', () => this.#client.send(new DeleteItemCommand({ TableName: this.#table, Key: keys.outbox(eventId) })));
  }

  async #get(key: Item, what: string): Promise<Item | undefined> {
    return (await this.#send(what, () => this.#client.send(new GetItemCommand({ TableName: this.#table, Key: key, ConsistentRead: true })))).Item;
  }

  /** Every item of a kind from the index, in id order; at most `limit` when given. */
  async #byKind(kind: string, limit?: number): Promise<Item[]> {
    return this.#query(
      `Query ${kind}s`,
      { IndexName: SCIM_KIND_INDEX, KeyConditionExpression: '#kind = :k', ExpressionAttributeNames: { '#kind': 'kind' }, ExpressionAttributeValues: { ':k': { S: kind } } },
      limit,
    );
  }

  async #children(pk: string, skPrefix: string): Promise<Item[]> {
    return this.#query('Query members', { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': { S: pk }, ':p': { S: skPrefix } }, ConsistentRead: true });
  }

  async #query(what: string, input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>, limit?: number): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await this.#send(what, () => this.#client.send(new QueryCommand({ ...input, TableName: this.#table, ExclusiveStartKey: start, ...(limit ? { Limit: limit - items.length } : {}) })));
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start && (limit === undefined || items.length < limit));
    return items;
  }

  async #send<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw fromAwsError(error, Dependency.Store, what);
    }
  }
}
