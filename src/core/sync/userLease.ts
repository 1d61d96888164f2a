import { DeferralError } from '../errors';
import type { StateStore, UserEnd, UserState } from '../ports';

/** Who takes a lease, and for how long it lasts if never released (a crashed invocation). */
export type LeaseHolder = { readonly store: StateStore; readonly owner: string; readonly leaseMs: number };

/**
 * Runs `work` under the per-user lease on `key` (DynamoDB `lease#<key>`, conditional put,
 * expiring by itself if the invocation dies), and releases it at the end. Every user trigger
 * takes one, whether an IdP event or a `ResyncUser` message that a group-wide trigger or the
 * reconcile sent, so no two syncs of one user overlap. Throws `DeferralError('UserBusy')` when
 * another invocation holds the lease.
 */
export async function withUserLease<T>(key: string, holder: LeaseHolder, work: () => Promise<T>, keep?: (result: T) => boolean): Promise<T> {
  if (!(await holder.store.acquireLease(key, holder.owner, holder.leaseMs))) {
    throw new DeferralError('UserBusy', 'another invocation is syncing this user');
  }
  let kept = false;
  try {
    const result = await work();
    // A user waiting for the invocation's BatchCreateUser calls keeps its lease until created (provision.ts releases it).
    kept = keep?.(result) === true;
    return result;
  } finally {
    // A failed release only lets the lease run out by itself.
    if (!kept) await releaseUserLease(key, holder);
  }
}

/** Releases a lease kept past {@link withUserLease}; a failed release only lets it run out by itself. */
export async function releaseUserLease(key: string, holder: LeaseHolder): Promise<void> {
  await holder.store.releaseLease(key, holder.owner).catch(() => undefined);
}

/** What a user's work hands back: how its item ends, or that its lease is kept past the call (a pending creation). */
export type UserWorkResult = { readonly end: UserEnd } | { readonly keep: true };

/**
 * Runs `work` on a user's item (`StateStore.beginUser`): the lease, the link and which events
 * were processed come from one conditional write, and the end (marks, link, release) is one
 * more. A dry run reads the item under the {@link withUserLease} lease instead and writes no
 * state. Returns null, without calling `work`, when every event was processed before (no lease
 * is taken then). Throws `DeferralError('UserBusy')` when another invocation holds the lease.
 * When `work` throws, the lease is released (or runs out by itself if that fails too).
 */
export async function withUserState(
  key: string,
  eventKeys: readonly string[],
  holder: LeaseHolder & { readonly dryRun: boolean },
  work: (state: UserState) => Promise<UserWorkResult>,
): Promise<{ state: UserState; result: UserWorkResult } | { state: UserState; result?: undefined }> {
  if (holder.dryRun) {
    return withUserLease(key, holder, async () => {
      const state = await holder.store.readUser(key, eventKeys);
      return eventKeys.every((k) => state.processed.has(k)) ? { state } : { state, result: await work(state) };
    });
  }
  const state = await holder.store.beginUser(key, holder.owner, holder.leaseMs, eventKeys);
  if (state === null) throw new DeferralError('UserBusy', 'another invocation is syncing this user');
  if (!state.leaseTaken) return { state };
  let ended = false;
  try {
    const result = await work(state);
    if ('keep' in result) ended = true;
    else {
      await holder.store.endUser(key, holder.owner, state, result.end);
      ended = true;
    }
    return { state, result };
  } finally {
    if (!ended) await releaseUserState(key, state, holder);
  }
}

/** Releases a user's lease without marking anything; a failed release only lets it run out by itself. */
export async function releaseUserState(key: string, state: UserState, holder: LeaseHolder): Promise<void> {
  await holder.store.endUser(key, holder.owner, state, { processed: [] }).catch(() => undefined);
}
