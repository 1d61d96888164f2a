import { DeferralError } from '../errors';
import type { StateStore } from '../ports';

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
