import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Clock, StateStore, UserLink } from '../../core/ports';
import { LINK_SHARD_ATTRIBUTE, linkShard } from './linkIndex';
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

/**
 * The consumer's state in one DynamoDB table (partition key `pk`, TTL attribute `expiresAt`):
 * `evt#<eventKey>` processed events, `lease#<userKey>` per-user leases, `link#<userKey>`
 * IdP→Wickr links, `mem#<membershipId>` Identity Center membership ids, `grp#<groupKey>` the
 * user keys last seen in a group. Expiry is checked against the stored time, because TTL
 * deletion can lag by up to 48 hours
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
      groupIds: item.groupIds?.L?.map((v) => v.S ?? '').filter(Boolean),
    };
  }

  public async putLink(userKey: string, link: UserLink): Promise<void> {
    // linkShard puts the item in the reconcile's sparse `links` index (linkIndex.ts).
    const item: Item = { pk: { S: `link#${userKey}` }, wickrUserId: { S: link.wickrUserId }, [LINK_SHARD_ATTRIBUTE]: { S: linkShard(userKey) } };
    if (link.lastOccurredAt) item.lastOccurredAt = { S: link.lastOccurredAt };
    if (link.groupIds) item.groupIds = { L: link.groupIds.map((g) => ({ S: g })) };
    await this.#put(item);
  }

  public async deleteLink(userKey: string): Promise<void> {
    await this.#call('DeleteItem', () => this.#client.send(new DeleteItemCommand({ TableName: this.#table, Key: { pk: { S: `link#${userKey}` } } })));
  }

  public async getMembershipUser(membershipId: string): Promise<string | null> {
    return (await this.#get(`mem#${membershipId}`))?.idpUserId?.S ?? null;
  }

  public async putMembershipUser(membershipId: string, idpUserId: string): Promise<void> {
    await this.#put({ pk: { S: `mem#${membershipId}` }, idpUserId: { S: idpUserId } });
  }

  public async listGroupUserKeys(groupKey: string): Promise<string[]> {
    return (await this.#get(`grp#${groupKey}`))?.members?.SS ?? [];
  }

  public async moveGroupMember(userKey: string, joined: readonly string[], left: readonly string[]): Promise<void> {
    for (const [groups, action] of [[joined, 'ADD'], [left, 'DELETE']] as const) {
      for (const groupKey of groups) {
        await this.#call('UpdateItem', () =>
          this.#client.send(
            new UpdateItemCommand({
              TableName: this.#table,
              Key: { pk: { S: `grp#${groupKey}` } },
              UpdateExpression: `${action} members :m`,
              ExpressionAttributeValues: { ':m': { SS: [userKey] } },
            }),
          ),
        );
      }
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
