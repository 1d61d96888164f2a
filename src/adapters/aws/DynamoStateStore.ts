import { DeleteItemCommand, type DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Clock, StateStore, UserEnd, UserLink, UserState, WickrOwner } from '../../core/ports';
import { LIST_INDEX } from './linkIndex';
import type { IdpSource } from '../../core/types';
import { claimOwner, readOwner } from './ownerItem';
import { fromAwsError } from './sdkErrors';
import type { StoredUser } from './userItem';
import { beginRequest, endRequest, linkAttributes, linkOf, marksOf, needsEventItems, nextMarks, pendingRequest, pendingUsernameOf, spilledUntilOf, userItemKey } from './userItem';

/** Above this many events for one user in one batch, the begin's condition leaves them out (an expression holds at most 4 KB). */
const MAX_CONDITIONED_EVENTS = 20;

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
 * `link#<userKey>` one item per IdP user: its link to a Wickr user, its lease and its processed
 * event marks (userItem.ts); `evt#<eventKey>` processed group-wide and Wickr-user triggers, and
 * user marks that did not fit in the user's item; `lease#<key>` leases of Wickr users and
 * re-invitation windows; `owner#<wickrUserId>` the source and identity that own a Wickr user (ownerItem.ts),
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

  /**
   * One conditional UpdateItem on the user's item: takes the lease and returns the link and the
   * marks. Refused when another invocation holds the lease, or when every event is marked already
   * (then nothing is taken, and the refusal's old item, returned at no read cost, says which).
   */
  public async beginUser(userKey: string, owner: string, leaseMs: number, eventKeys: readonly string[]): Promise<(UserState & { leaseTaken: boolean }) | null> {
    const now = this.#clock.now();
    const conditioned = eventKeys.length <= MAX_CONDITIONED_EVENTS ? eventKeys : [];
    try {
      const out = await this.#client.send(
        new UpdateItemCommand({ TableName: this.#table, ...beginRequest(userKey, owner, now, leaseMs, conditioned), ReturnValues: 'ALL_NEW', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
      );
      return { ...(await this.#stateOf(out.Attributes, eventKeys, now)), leaseTaken: true };
    } catch (error) {
      if ((error as Error)?.name !== 'ConditionalCheckFailedException') throw fromAwsError(error, 'store', 'DynamoDB UpdateItem (begin user)');
      if (conditioned.length === 0) return null;
      // Every event marked: a redelivery, whoever holds the lease. Otherwise the lease is held.
      const state = await this.#stateOf((error as { Item?: Item }).Item, eventKeys, now);
      return eventKeys.every((k) => state.processed.has(k)) ? { ...state, leaseTaken: false } : null;
    }
  }

  public async readUser(userKey: string, eventKeys: readonly string[]): Promise<UserState> {
    return this.#stateOf(await this.#get(`link#${userKey}`), eventKeys, this.#clock.now());
  }

  /** One UpdateItem: marks, link, lease released; marks beyond MAX_MARKS go to `evt#` items first. */
  public async endUser(userKey: string, owner: string, begun: UserState, end: UserEnd): Promise<void> {
    const nowSeconds = Math.floor(this.#clock.now() / 1000);
    const stored = begun.stored as StoredUser | undefined;
    const { keep, spill } = nextMarks(stored, end.processed, Math.ceil(this.#clock.now() / 1000) + this.#ttl, nowSeconds);
    let spilledUntil = stored?.spilledUntil ?? 0;
    for (const [key, until] of spill) {
      await this.#put({ pk: { S: `evt#${key}` }, expiresAt: { N: String(until) } });
      spilledUntil = Math.max(spilledUntil, until);
    }
    try {
      await this.#client.send(new UpdateItemCommand({ TableName: this.#table, ...endRequest(userKey, owner, begun, end, keep, spilledUntil, nowSeconds) }));
    } catch (error) {
      // Lost the lease (it ran out and another invocation took it): the caller retries the records.
      throw fromAwsError(error, 'store', 'DynamoDB UpdateItem (end user)');
    }
  }

  async #stateOf(item: Item | undefined, eventKeys: readonly string[], now: number): Promise<UserState> {
    const nowSeconds = Math.floor(now / 1000);
    const marks = marksOf(item, nowSeconds);
    const processed = new Set(eventKeys.filter((k) => marks.has(k)));
    if (needsEventItems(item, nowSeconds)) {
      for (const key of eventKeys) if (!processed.has(key) && (await this.isProcessed(key))) processed.add(key);
    }
    const stored: StoredUser = { marks, spilledUntil: spilledUntilOf(item) };
    const pendingUsername = pendingUsernameOf(item);
    return { link: linkOf(item), ...(pendingUsername !== undefined && { pendingUsername }), processed, stored };
  }

  public async getLink(userKey: string): Promise<UserLink | null> {
    return linkOf(await this.#get(`link#${userKey}`));
  }

  /** Sets the link's attributes, keeping the item's lease and marks (an item written here vouches for its own marks). */
  public async putLink(userKey: string, link: UserLink): Promise<void> {
    const attributes = Object.entries(linkAttributes(userKey, link));
    const names = Object.fromEntries(attributes.map(([name], i) => [`#a${i}`, name]));
    const values = Object.fromEntries(attributes.map(([, value], i) => [`:a${i}`, value as AttributeValue]));
    const absent = ['lastOccurredAt', 'lastEventId', 'groupIds'].filter((name) => !attributes.some(([n]) => n === name));
    await this.#call('UpdateItem', () =>
      this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: userItemKey(userKey),
          UpdateExpression: `SET ${attributes.map((_, i) => `#a${i} = :a${i}`).join(', ')}, #done = if_not_exists(#done, :none) REMOVE ${['#exp', ...absent.map((_, i) => `#r${i}`)].join(', ')}`,
          ExpressionAttributeNames: { ...names, '#exp': 'expiresAt', '#done': 'done', ...Object.fromEntries(absent.map((name, i) => [`#r${i}`, name])) },
          ExpressionAttributeValues: { ...values, ':none': { M: {} } },
        }),
      ),
    );
  }

  public async deleteLink(userKey: string): Promise<void> {
    await this.#call('DeleteItem', () => this.#client.send(new DeleteItemCommand({ TableName: this.#table, Key: { pk: { S: `link#${userKey}` } } })));
  }

  public async getWickrOwner(wickrUserId: string): Promise<WickrOwner | null> {
    return readOwner(this.#client, this.#table, wickrUserId);
  }

  /** The first identity to claim a Wickr user owns it (ownerItem.ts); later claims read the owner. */
  public async claimWickrOwner(wickrUserId: string, source: IdpSource, userKey: string): Promise<WickrOwner> {
    return claimOwner(this.#client, this.#table, { wickrUserId, source, userKey, now: this.#clock.now() });
  }

  /** Sets `pendingUsername` on the user's item while `owner` holds its lease (userItem.ts); the end that writes a link removes it. */
  public async recordPendingCreation(userKey: string, owner: string, username: string): Promise<void> {
    await this.#call('UpdateItem (pending creation)', () => this.#client.send(new UpdateItemCommand({ TableName: this.#table, ...pendingRequest(userKey, owner, username) })));
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
