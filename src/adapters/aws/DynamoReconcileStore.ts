import { gunzipSync, gzipSync } from 'node:zlib';
import { BatchGetItemCommand, BatchWriteItemCommand, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { DependencyError, FailureKind } from '../../core/errors';
import { type Clock, type Page, type Sleep, SuspendedFor } from '../../core/ports';
import type { ReconcileStore, RunRecord, StoredLink, SuspensionEntry } from '../../core/reconcile';
import { LINK_INDEX_NAME, LINK_SHARD_ATTRIBUTE, LINK_SORT_ATTRIBUTE, LIST_INDEX, allLinkShards, linkShard } from './linkIndex';
import { fromAwsError } from './sdkErrors';

/** Options of {@link DynamoReconcileStore}. */
export type DynamoReconcileStoreOptions = {
  readonly client: DynamoDBClient;
  /** The consumer's state table (it holds the links the reconcile reads and writes). */
  readonly tableName: string;
  /** How long snapshot chunks are kept, seconds. @default 604800 (7 days) */
  readonly chunkTtlSeconds?: number;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
};

type Item = Record<string, AttributeValue>;

/** Link writes in flight at once: a 100,000-user bootstrap in about a minute, far below a partition's limits. */
const LINK_WRITE_CONCURRENCY = 16;

const RUN_KEY = 'reconcile#run';
/** DynamoDB's item limit is 400 KB; a chunk is refused well before it, so the failure names the cause. */
const MAX_CHUNK_BYTES = 380_000;
/** BatchGetItem takes at most 100 keys. */
const BATCH_GET_MAX = 100;
/** BatchWriteItem takes at most 25 requests. */
const BATCH_WRITE_MAX = 25;
const UNPROCESSED_ATTEMPTS = 8;

/**
 * The reconcile's state in the consumer's table: `reconcile#run` (the lock and the checkpoint,
 * one item, written only under the version it was read at), `reconcile#chunk#<runId>#<stream>#<n>`
 * (gzipped JSON pages of a listing snapshot, expiring through TTL), bulk access to the
 * `link#<userKey>` items through the sparse `byList` index, and the group-member (`gm#`) and
 * membership (`mem#`) items it records for Identity Center groups, read through the same index.
 */
export class DynamoReconcileStore implements ReconcileStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #ttl: number;
  readonly #clock: Clock;
  readonly #sleep: Sleep;

  public constructor(options: DynamoReconcileStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#ttl = options.chunkTtlSeconds ?? 604_800;
    this.#clock = options.clock ?? { now: () => Date.now() };
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  public async getRun(): Promise<RunRecord | null> {
    const out = await this.#call('GetItem (run)', () => this.#client.send(new GetItemCommand({ TableName: this.#table, Key: { pk: { S: RUN_KEY } }, ConsistentRead: true })));
    const json = out.Item?.record?.S;
    return json === undefined ? null : (JSON.parse(json) as RunRecord);
  }

  public async putRun(run: RunRecord, expectedVersion: number | null): Promise<boolean> {
    const condition =
      expectedVersion === null ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': { N: String(expectedVersion) } } };
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: { pk: { S: RUN_KEY }, version: { N: String(run.version) }, runId: { S: run.runId }, status: { S: run.status }, record: { S: JSON.stringify(run) } },
          ...condition,
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error)?.name === 'ConditionalCheckFailedException') return false;
      throw fromAwsError(error, 'store', 'DynamoDB PutItem (run)');
    }
  }

  public async putChunk(runId: string, stream: string, index: number, items: readonly unknown[]): Promise<void> {
    const data = gzipSync(JSON.stringify(items));
    if (data.byteLength > MAX_CHUNK_BYTES) throw new Error(`snapshot chunk ${stream}#${index} is ${data.byteLength} bytes gzipped, over ${MAX_CHUNK_BYTES}`);
    const expiresAt = Math.ceil(this.#clock.now() / 1000) + this.#ttl;
    await this.#call('PutItem (chunk)', () =>
      this.#client.send(new PutItemCommand({ TableName: this.#table, Item: { pk: { S: chunkKey(runId, stream, index) }, data: { B: data }, expiresAt: { N: String(expiresAt) } } })),
    );
  }

  public async getChunk(runId: string, stream: string, index: number): Promise<unknown[]> {
    const out = await this.#call('GetItem (chunk)', () => this.#client.send(new GetItemCommand({ TableName: this.#table, Key: { pk: { S: chunkKey(runId, stream, index) } }, ConsistentRead: true })));
    const data = out.Item?.data?.B;
    if (data === undefined) throw new Error(`snapshot chunk ${stream}#${index} of run ${runId} is missing (expired?)`);
    return JSON.parse(gunzipSync(data).toString('utf8')) as unknown[];
  }

  /** Walks every shard of the `links` index in turn; the cursor is `<shard index>|<LastEvaluatedKey JSON>`. */
  public async listLinksPage(cursor?: string): Promise<Page<StoredLink>> {
    const shards = allLinkShards();
    const bar = cursor === undefined ? -1 : cursor.indexOf('|');
    let shard = cursor === undefined ? 0 : Number(cursor.slice(0, bar));
    let startKey: Item | undefined = cursor === undefined || bar === cursor.length - 1 ? undefined : (JSON.parse(cursor.slice(bar + 1)) as Item);
    // Skip empty shards within one call, so a page is never empty unless the index is.
    for (;;) {
      const out = await this.#call('Query (links)', () =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: LINK_INDEX_NAME,
            KeyConditionExpression: '#shard = :shard',
            ExpressionAttributeNames: { '#shard': LINK_SHARD_ATTRIBUTE },
            ExpressionAttributeValues: { ':shard': { S: shards[shard] as string } },
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      const items = (out.Items ?? []).flatMap((item) => {
        const pk = item.pk?.S;
        const wickrUserId = item.wickrUserId?.S;
        return pk?.startsWith('link#') && wickrUserId ? [{ userKey: pk.slice('link#'.length), wickrUserId }] : [];
      });
      let next: string | undefined;
      if (out.LastEvaluatedKey) next = `${shard}|${JSON.stringify(out.LastEvaluatedKey)}`;
      else if (shard + 1 < shards.length) next = `${shard + 1}|`;
      if (items.length > 0 || next === undefined) return { items, ...(next !== undefined && { cursor: next }) };
      if (out.LastEvaluatedKey) startKey = out.LastEvaluatedKey;
      else {
        shard += 1;
        startKey = undefined;
      }
    }
  }

  /** BatchGetItem of the link items (100 keys a call), projected on the suspension's attributes; unprocessed keys asked again. */
  public async readSuspensions(userKeys: readonly string[]): Promise<SuspensionEntry[]> {
    const found: SuspensionEntry[] = [];
    for (let i = 0; i < userKeys.length; i += BATCH_GET_MAX) {
      let keys: Item[] = userKeys.slice(i, i + BATCH_GET_MAX).map((k) => ({ pk: { S: `link#${k}` } }));
      for (let attempt = 0; keys.length > 0; attempt += 1) {
        if (attempt === UNPROCESSED_ATTEMPTS) throw new DependencyError('DynamoDB BatchGetItem (suspensions): keys left unprocessed', { dependency: 'store', kind: FailureKind.Transient });
        if (attempt > 0) await this.#sleep(50 * 2 ** attempt);
        const request = { Keys: keys, ConsistentRead: true, ProjectionExpression: 'pk, suspendedAt, suspendedFor' };
        const out = await this.#call('BatchGetItem (suspensions)', () => this.#client.send(new BatchGetItemCommand({ RequestItems: { [this.#table]: request } })));
        for (const item of out.Responses?.[this.#table] ?? []) {
          const at = Date.parse(item.suspendedAt?.S ?? '');
          const why = item.suspendedFor?.S;
          if (item.pk?.S?.startsWith('link#') && !Number.isNaN(at) && (why === SuspendedFor.Delete || why === SuspendedFor.Deactivate)) {
            found.push({ userKey: item.pk.S.slice('link#'.length), suspendedAt: at, suspendedFor: why });
          }
        }
        keys = (out.UnprocessedKeys?.[this.#table]?.Keys ?? []) as Item[];
      }
    }
    return found;
  }

  /**
   * One conditional UpdateItem per link, {@link LINK_WRITE_CONCURRENCY} at a time. The link lives
   * in the consumer's item for the user (`link#<userKey>`, src/adapters/aws/userItem.ts), which
   * also holds the user's lease and processed marks: a put would replace them, so only the link's
   * attributes are set, and only while the item has no link (`attribute_not_exists`): a link the
   * consumer wrote in the meantime is newer and wins. The consumer then finds no marks beside the
   * link and consults the `evt#` items, as for a link of an earlier release.
   */
  public async putLinks(links: readonly StoredLink[]): Promise<void> {
    let next = 0;
    const one = async (l: StoredLink): Promise<void> => {
      const values: Item = {
        ':w': { S: l.wickrUserId },
        ':shard': { S: linkShard(l.userKey) },
        ':sk': { S: `link#${l.userKey}` },
        // The consumer's format (userItem.ts): a list of strings.
        ...(l.groupIds !== undefined && { ':g': { L: l.groupIds.map((g) => ({ S: g })) } }),
      };
      try {
        await this.#client.send(
          new UpdateItemCommand({
            TableName: this.#table,
            Key: { pk: { S: `link#${l.userKey}` } },
            UpdateExpression: `SET wickrUserId = :w, #shard = :shard, #sk = :sk${l.groupIds !== undefined ? ', groupIds = :g' : ''}`,
            ConditionExpression: 'attribute_not_exists(wickrUserId)',
            ExpressionAttributeNames: { '#shard': LINK_SHARD_ATTRIBUTE, '#sk': LINK_SORT_ATTRIBUTE },
            ExpressionAttributeValues: values,
          }),
        );
      } catch (error) {
        if ((error as Error)?.name === 'ConditionalCheckFailedException') return;
        throw fromAwsError(error, 'store', 'DynamoDB UpdateItem (link)');
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(LINK_WRITE_CONCURRENCY, links.length) }, async () => {
        while (next < links.length) await one(links[next++] as StoredLink);
      }),
    );
  }

  /**
   * One paged Query per record kind on the `byList` index: `grp#<groupKey>` (the consumer's
   * member items, sort key the user key) and `mems#<groupKey>` (membership items this store
   * wrote, sort key the membership id). Keys only, so a 100,000-member group is a few 1 MB pages.
   */
  public async readGroupRecords(groupKey: string): Promise<{ userKeys: Set<string>; membershipIds: Set<string> }> {
    return { userKeys: await this.#sortKeys(`grp#${groupKey}`), membershipIds: await this.#sortKeys(`mems#${groupKey}`) };
  }

  /**
   * `gm#<groupKey>#<userKey>` items in the consumer's format (DynamoStateStore.moveGroupMember),
   * and `mem#<membershipId>` items in its format (putMembershipUser) plus `gpk`/`gsk`, which put
   * them in the index so the next run knows they are written. A consumer rewrite of a `mem#` item
   * drops those two attributes; the next run then writes it once more.
   */
  public async putGroupRecords(groupKey: string, userKeys: readonly string[], memberships: readonly { membershipId: string; idpUserId: string }[]): Promise<void> {
    await this.#batchPut('group members', [
      ...userKeys.map((userKey) => ({ pk: { S: `gm#${groupKey}#${userKey}` }, gpk: { S: `grp#${groupKey}` }, gsk: { S: userKey } })),
      ...memberships.map((m) => ({ pk: { S: `mem#${m.membershipId}` }, idpUserId: { S: m.idpUserId }, gpk: { S: `mems#${groupKey}` }, gsk: { S: m.membershipId } })),
    ]);
  }

  async #sortKeys(partition: string): Promise<Set<string>> {
    const keys = new Set<string>();
    let startKey: Item | undefined;
    do {
      const out = await this.#call('Query (group records)', () =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: LIST_INDEX,
            KeyConditionExpression: 'gpk = :p',
            ExpressionAttributeValues: { ':p': { S: partition } },
            ProjectionExpression: 'gsk',
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of out.Items ?? []) if (item.gsk?.S) keys.add(item.gsk.S);
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return keys;
  }

  /** BatchWriteItem, 25 at a time, retrying unprocessed items with backoff. */
  async #batchPut(what: string, items: readonly Item[]): Promise<void> {
    for (let i = 0; i < items.length; i += BATCH_WRITE_MAX) {
      let requests: WriteRequest[] = items.slice(i, i + BATCH_WRITE_MAX).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt += 1) {
        if (attempt >= UNPROCESSED_ATTEMPTS)
          throw fromAwsError(
            Object.assign(new Error(`${requests.length} ${what} items left unprocessed`), { name: 'ProvisionedThroughputExceededException' }),
            'store',
            `DynamoDB BatchWriteItem (${what})`,
          );
        if (attempt > 0) await this.#sleep(Math.min(5_000, 50 * 2 ** attempt));
        const batch = requests;
        const out = await this.#call(`BatchWriteItem (${what})`, () => this.#client.send(new BatchWriteItemCommand({ RequestItems: { [this.#table]: batch } })));
        requests = out.UnprocessedItems?.[this.#table] ?? [];
      }
    }
  }

  async #call<O>(operation: string, run: () => Promise<O>): Promise<O> {
    try {
      return await run();
    } catch (error) {
      throw fromAwsError(error, 'store', `DynamoDB ${operation}`);
    }
  }
}

function chunkKey(runId: string, stream: string, index: number): string {
  return `reconcile#chunk#${runId}#${stream}#${index}`;
}
