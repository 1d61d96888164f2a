import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Clock, StateStore, UserLink } from '../../core/ports';
import { LINK_SHARD_ATTRIBUTE, LINK_SORT_ATTRIBUTE, LIST_INDEX, linkShard } from './linkIndex';
import type { IdpSource } from '../../core/types';
import { fromAwsError } from './sdkErrors';

/** Options of {@link DynamoStateStore}. */
export type DynamoStateStoreOptions = {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** How long processed event ids are remembered, seconds. @default 604800 (7 days) */
  readonly eventTtlSeconds?: number;
  readonly clock?: Clock;
};

type Item = Record<string, AttributeValue>;

/** The global secondary index that lists a group's members: partition `gpk`, sort `gsk` (keys only). */
export const GROUP_INDEX = LIST_INDEX;

/**
 * The consumer's state in one DynamoDB table (partition key `pk`, TTL attribute `expiresAt`):
 * `evt#<eventKey>` processed events, `lease#<key>` per-user leases (IdP and Wickr users),
 * `link#<userKey>` IdP→Wickr links, `owner#<wickrUserId>` the source that owns a Wickr user,
 * `mem#<membershipId>` Identity Center membership ids, and `gm#<groupKey>#<userKey>` one item
 * per group member, listed through the {@link GROUP_INDEX} index (`gpk` = `grp#<groupKey>`,
 * `gsk` = the user key), so a group has no size limit. Expiry is checked against the stored
 * time, because TTL deletion can lag by up to 48 hours
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html).
 */
export class DynamoStateStore implements StateStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #ttl: number;
  readonly #clock: Clock;

  public constructor(options: DynamoStateStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#ttl = options.eventTtlSeconds ?? 604_800;
    this.#clock = options.clock ?? { now: () => Date.now() };
  }

  public async isProcessed(eventKey: string): Promise<boolean> {
    const item = await this.#get(`evt#${eventKey}`);
    return item !== undefined && Number(item.expiresAt?.N ?? 0) * 1000 > this.#clock.now();
  }

  public async markProcessed(eventKey: string): Promise<void> {
    const expiresAt = Math.ceil(this.#clock.now() / 1000) + this.#ttl;
    await this.#put({ pk: { S: `evt#${eventKey}` }, expiresAt: { N: String(expiresAt) } });
  }

  /** Conditional put: free, expired, or already ours. A crashed holder's lease simply runs out. */
  public async acquireLease(userKey: string, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.#clock.now();
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: {
            pk: { S: `lease#${userKey}` },
            owner: { S: owner },
            leaseUntil: { N: String(now + leaseMs) },
            expiresAt: { N: String(Math.ceil((now + leaseMs) / 1000) + 3600) },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now OR #owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':now': { N: String(now) }, ':owner': { S: owner } },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error)?.name === 'ConditionalCheckFailedException') return false;
      throw fromAwsError(error, 'store', 'DynamoDB PutItem (lease)');
    }
  }

  public async releaseLease(userKey: string, owner: string): Promise<void> {
    try {
      await this.#client.send(
        new DeleteItemCommand({
          TableName: this.#table,
          Key: { pk: { S: `lease#${userKey}` } },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': { S: owner } },
        }),
      );
    } catch (error) {
      if ((error as Error)?.name === 'ConditionalCheckFailedException') return; // expired and taken over
      throw fromAwsError(error, 'store', 'DynamoDB DeleteItem (lease)');
    }
  }

  public async getLink(userKey: string): Promise<UserLink | null> {
    const item = await this.#get(`link#${userKey}`);
    if (!item?.wickrUserId?.S) return null;
    return {
      wickrUserId: item.wickrUserId.S,
      lastOccurredAt: item.lastOccurredAt?.S,
      ...(item.lastEventId?.S !== undefined && { lastEventId: item.lastEventId.S }),
      groupIds: item.groupIds?.L?.map((v) => v.S ?? '').filter(Boolean),
    };
  }

  public async putLink(userKey: string, link: UserLink): Promise<void> {
    // gpk/gsk put the item in the reconcile's view of the sparse `byList` index (linkIndex.ts).
    const item: Item = { pk: { S: `link#${userKey}` }, wickrUserId: { S: link.wickrUserId }, [LINK_SHARD_ATTRIBUTE]: { S: linkShard(userKey) }, [LINK_SORT_ATTRIBUTE]: { S: `link#${userKey}` } };
    if (link.lastOccurredAt) item.lastOccurredAt = { S: link.lastOccurredAt };
    if (link.lastEventId) item.lastEventId = { S: link.lastEventId };
    if (link.groupIds) item.groupIds = { L: link.groupIds.map((g) => ({ S: g })) };
    await this.#put(item);
  }

  public async deleteLink(userKey: string): Promise<void> {
    await this.#call('DeleteItem', () => this.#client.send(new DeleteItemCommand({ TableName: this.#table, Key: { pk: { S: `link#${userKey}` } } })));
  }

  public async getWickrOwner(wickrUserId: string): Promise<IdpSource | null> {
    return ((await this.#get(`owner#${wickrUserId}`))?.source?.S as IdpSource | undefined) ?? null;
  }

  /** Conditional put: the first source to claim a Wickr user owns it; later claims read the owner. */
  public async claimWickrOwner(wickrUserId: string, source: IdpSource): Promise<IdpSource> {
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: { pk: { S: `owner#${wickrUserId}` }, source: { S: source }, claimedAt: { S: new Date(this.#clock.now()).toISOString() } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return source;
    } catch (error) {
      if ((error as Error)?.name !== 'ConditionalCheckFailedException') throw fromAwsError(error, 'store', 'DynamoDB PutItem (owner)');
    }
    return (await this.getWickrOwner(wickrUserId)) ?? source;
  }

  public async getMembershipUser(membershipId: string): Promise<string | null> {
    return (await this.#get(`mem#${membershipId}`))?.idpUserId?.S ?? null;
  }

  public async putMembershipUser(membershipId: string, idpUserId: string): Promise<void> {
    await this.#put({ pk: { S: `mem#${membershipId}` }, idpUserId: { S: idpUserId } });
  }

  /** Pages through the group's member items; also reads the single set item older releases kept. */
  public async listGroupUserKeys(groupKey: string): Promise<string[]> {
    const keys = new Set<string>((await this.#get(`grp#${groupKey}`))?.members?.SS ?? []);
    let startKey: Item | undefined;
    do {
      const page = await this.#call('Query', () =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: GROUP_INDEX,
            KeyConditionExpression: 'gpk = :g',
            ExpressionAttributeValues: { ':g': { S: `grp#${groupKey}` } },
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of page.Items ?? []) if (item.gsk?.S) keys.add(item.gsk.S);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return [...keys];
  }

  /** One PutItem per group joined, one DeleteItem per group left: both are harmless to repeat. */
  public async moveGroupMember(userKey: string, joined: readonly string[], left: readonly string[]): Promise<void> {
    for (const groupKey of joined) {
      await this.#put({ pk: { S: `gm#${groupKey}#${userKey}` }, gpk: { S: `grp#${groupKey}` }, gsk: { S: userKey } });
    }
    for (const groupKey of left) {
      await this.#call('DeleteItem', () => this.#client.send(new DeleteItemCommand({ TableName: this.#table, Key: { pk: { S: `gm#${groupKey}#${userKey}` } } })));
    }
  }

  async #get(pk: string): Promise<Item | undefined> {
    const out = await this.#call('GetItem', () => this.#client.send(new GetItemCommand({ TableName: this.#table, Key: { pk: { S: pk } }, ConsistentRead: true })));
    return out.Item;
  }

  async #put(item: Item): Promise<void> {
    await this.#call('PutItem', () => this.#client.send(new PutItemCommand({ TableName: this.#table, Item: item })));
  }

  async #call<O>(operation: string, run: () => Promise<O>): Promise<O> {
    try {
      return await run();
    } catch (error) {
      throw fromAwsError(error, 'store', `DynamoDB ${operation}`);
    }
  }
}
