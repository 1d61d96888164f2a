/**
 * The consumer's item for one IdP user, `link#<userKey>`: the link (what the reconcile lists
 * through the `byList` index), the per-user lease and the user's processed event marks, so that
 * taking the lease also reads the link and the marks (one conditional UpdateItem with
 * `ReturnValues`, which consumes no read capacity:
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html#DDB-UpdateItem-request-ReturnValues),
 * and ending the sync marks the events, writes the link and releases the lease in one more.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { SuspendedFor, type UserEnd, type UserLink, type UserState } from '../../core/ports';
import { LINK_SHARD_ATTRIBUTE, LINK_SORT_ATTRIBUTE, linkShard } from './linkIndex';

type Item = Record<string, AttributeValue>;

/**
 * Marks kept in the item. Beyond this many unexpired marks (a user with that many events within
 * the TTL), the oldest move to `evt#<eventKey>` items, so the item stays small (a write costs one
 * unit per KB; a mark is 50–70 bytes, so 8 marks, a link and a few group ids fit in one) and no mark is lost;
 * `spilledUntil` says those items must be read.
 */
export const MAX_MARKS = 8;

/** What {@link UserState.stored} holds for this adapter. */
export type StoredUser = { readonly marks: ReadonlyMap<string, number>; readonly spilledUntil: number };

/** The item's attribute names; every one goes through `#name` placeholders (several are reserved words). */
const A = { leaseOwner: 'leaseOwner', leaseUntil: 'leaseUntil', marks: 'done', spilledUntil: 'spilledUntil' } as const;
const LINK_ATTRIBUTES = ['wickrUserId', LINK_SHARD_ATTRIBUTE, LINK_SORT_ATTRIBUTE, 'lastOccurredAt', 'lastEventId', 'groupIds', 'suspendedAt', 'suspendedFor'] as const;

export const userItemKey = (userKey: string): Item => ({ pk: { S: `link#${userKey}` } });

/** The link an item holds, if any. */
export function linkOf(item: Item | undefined): UserLink | null {
  if (!item?.wickrUserId?.S) return null;
  return {
    wickrUserId: item.wickrUserId.S,
    lastOccurredAt: item.lastOccurredAt?.S,
    ...(item.lastEventId?.S !== undefined && { lastEventId: item.lastEventId.S }),
    groupIds: item.groupIds?.L?.map((v) => v.S ?? '').filter(Boolean),
    ...(item.suspendedAt?.S !== undefined && isSuspendedFor(item.suspendedFor?.S) && { suspendedAt: item.suspendedAt.S, suspendedFor: item.suspendedFor.S }),
  };
}

const isSuspendedFor = (value: string | undefined): value is SuspendedFor => (Object.values(SuspendedFor) as (string | undefined)[]).includes(value);

/** The unexpired marks of an item (event key → expiry, epoch seconds). */
export function marksOf(item: Item | undefined, nowSeconds: number): Map<string, number> {
  const marks = new Map<string, number>();
  for (const [key, value] of Object.entries(item?.[A.marks]?.M ?? {})) {
    const until = Number(value.N ?? 0);
    if (until > nowSeconds) marks.set(key, until);
  }
  return marks;
}

/**
 * True when the item cannot vouch alone for an event not marked in it: marks were spilled to
 * `evt#` items, or the link was written without marks (by an earlier release, which kept every
 * mark in an `evt#` item, or by the reconcile).
 */
export function needsEventItems(item: Item | undefined, nowSeconds: number): boolean {
  if (Number(item?.[A.spilledUntil]?.N ?? 0) > nowSeconds) return true;
  return item?.[A.marks] === undefined && item?.wickrUserId !== undefined;
}

/** The conditional UpdateItem that takes the lease, refused when every event is already marked. */
export function beginRequest(userKey: string, owner: string, now: number, leaseMs: number, eventKeys: readonly string[]) {
  const names: Record<string, string> = { '#owner': A.leaseOwner, '#until': A.leaseUntil, ...(eventKeys.length > 0 && { '#done': A.marks }) };
  const values: Item = { ':owner': { S: owner }, ':until': { N: String(now + leaseMs) }, ':now': { N: String(now) }, ...(eventKeys.length > 0 && { ':nowS': { N: String(Math.floor(now / 1000)) } }) };
  // At least one event not marked (or marked but expired): otherwise the whole batch is a redelivery.
  const unmarked = eventKeys.map((key, i) => {
    names[`#e${i}`] = key;
    return `attribute_not_exists(#done.#e${i}) OR #done.#e${i} <= :nowS`;
  });
  const free = '(attribute_not_exists(#until) OR #until < :now OR #owner = :owner)';
  return {
    Key: userItemKey(userKey),
    UpdateExpression: 'SET #owner = :owner, #until = :until',
    ConditionExpression: unmarked.length > 0 ? `${free} AND (${unmarked.join(' OR ')})` : free,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/**
 * The UpdateItem that ends a user's sync: the marks (the new ones added, expired ones dropped),
 * the link when it changed, no lease. Conditional on `owner` still holding the lease. The item
 * has no TTL, linked or not: a TTL set while unlinked could delete a link written meanwhile, and
 * one item per IdP user ever seen is bounded by the directory, not by the events.
 */
export function endRequest(userKey: string, owner: string, begun: UserState, end: UserEnd, marks: ReadonlyMap<string, number>, spilledUntil: number, nowSeconds: number) {
  const names: Record<string, string> = { '#owner': A.leaseOwner, '#until': A.leaseUntil, '#done': A.marks, '#spilled': A.spilledUntil };
  const values: Item = { ':owner': { S: owner }, ':done': { M: Object.fromEntries([...marks].map(([k, v]) => [k, { N: String(v) }])) } };
  const set = ['#done = :done'];
  const remove = ['#owner', '#until'];
  const link = end.link === undefined ? begun.link : end.link;
  if (end.link !== undefined) {
    const attributes = link ? linkAttributes(userKey, link) : {};
    for (const [i, name] of LINK_ATTRIBUTES.entries()) {
      names[`#l${i}`] = name;
      const value = attributes[name];
      if (value) {
        values[`:l${i}`] = value;
        set.push(`#l${i} = :l${i}`);
      } else remove.push(`#l${i}`);
    }
  }
  if (spilledUntil > nowSeconds) {
    values[':spilled'] = { N: String(spilledUntil) };
    set.push('#spilled = :spilled');
  } else remove.push('#spilled');
  return {
    Key: userItemKey(userKey),
    UpdateExpression: `SET ${set.join(', ')} REMOVE ${remove.join(', ')}`,
    ConditionExpression: '#owner = :owner',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** A link's attributes, `gpk`/`gsk` included (they put it in the reconcile's view of the `byList` index: linkIndex.ts). */
export function linkAttributes(userKey: string, link: UserLink): Partial<Record<(typeof LINK_ATTRIBUTES)[number], AttributeValue>> {
  return {
    wickrUserId: { S: link.wickrUserId },
    [LINK_SHARD_ATTRIBUTE]: { S: linkShard(userKey) },
    [LINK_SORT_ATTRIBUTE]: { S: `link#${userKey}` },
    ...(link.lastOccurredAt && { lastOccurredAt: { S: link.lastOccurredAt } }),
    ...(link.lastEventId && { lastEventId: { S: link.lastEventId } }),
    ...(link.groupIds && { groupIds: { L: link.groupIds.map((g) => ({ S: g })) } }),
    ...(link.suspendedAt && link.suspendedFor && { suspendedAt: { S: link.suspendedAt }, suspendedFor: { S: link.suspendedFor } }),
  };
}

/** The marks after this sync, and those that no longer fit (oldest first) for `evt#` items. */
export function nextMarks(begun: StoredUser | undefined, processed: readonly string[], expiresAt: number, nowSeconds: number): { keep: Map<string, number>; spill: [string, number][] } {
  const marks = new Map([...(begun?.marks ?? [])].filter(([, until]) => until > nowSeconds));
  for (const key of processed) marks.set(key, expiresAt);
  const sorted = [...marks].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  const spill = sorted.slice(0, Math.max(0, sorted.length - MAX_MARKS));
  for (const [key] of spill) marks.delete(key);
  return { keep: marks, spill };
}

export const spilledUntilOf = (item: Item | undefined): number => Number(item?.[A.spilledUntil]?.N ?? 0);
