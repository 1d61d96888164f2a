/**
 * The sparse global secondary index that lets the reconcile read every IdP → Wickr link in bulk
 * (stack/table.yml `byList`, shared with the group-member items: CloudFormation adds at most one
 * index per table update). Link items carry `gpk` = `links#<source>#<shard>` and `gsk` = their `pk`.
 *
 * Why an index and not the alternatives: one GetItem per user costs 100,000 reads per run; a
 * Scan reads the whole table, processed-event ids included (a week of events); a dedicated
 * partition ("all links under one key") is a hot key for every consumer write. The index is
 * read with one Query per shard (1 MB pages), and `linkShard` spreads it over {@link LINK_SHARDS}
 * partitions per source, so the writes of a 100,000-user bootstrap stay under one partition's
 * throughput (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-sharding.html).
 */
import { createHash } from 'node:crypto';
import { IdpSource } from '../../core/types';

/** The table's one sparse index (partition `gpk`, sort `gsk`). */
export const LIST_INDEX = 'byList';
export const LINK_INDEX_NAME = LIST_INDEX;
/** Index partition key of link items: `links#<source>#<0…15>`. */
export const LINK_SHARD_ATTRIBUTE = 'gpk';
/** Index sort key of link items: the item's own `pk`. */
export const LINK_SORT_ATTRIBUTE = 'gsk';
export const LINK_SHARDS = 16;

/** The shard of a user key `<source>:<idpUserId>`: stable, so a rewrite lands in the same place. */
export function linkShard(userKey: string): string {
  const source = userKey.slice(0, Math.max(0, userKey.indexOf(':')));
  const n = createHash('sha256').update(userKey).digest().readUInt32BE(0) % LINK_SHARDS;
  return `links#${source}#${n}`;
}

/** Every shard of every source, in a fixed order (the reconcile's paging walks them in turn). */
export function allLinkShards(): string[] {
  return Object.values(IdpSource).flatMap((source) => Array.from({ length: LINK_SHARDS }, (_, n) => `links#${source}#${n}`));
}
