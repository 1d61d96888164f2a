/**
 * The consumer side of a Wickr-targeted `ResyncUser` (the reconcile's `onUnmanaged: "suspend"`):
 * suspend one Wickr user that maps to no IdP user. The reconcile decided it from a bulk listing;
 * this re-reads the user and still refuses administrators and protected usernames, which may
 * have changed since the listing.
 */
import { createHash } from 'node:crypto';
import { DependencyError } from '../errors';
import { isProtectedUsername } from '../mapping';
import { Outcome } from '../types';
import { reinviteExpired } from './reinvite';
import type { BatchDeps, WickrUserWork } from './types';

/** The lease key of a Wickr user, distinct from every IdP user key (`<source>:<id>`). */
function wickrLeaseKey(wickrUserId: string): string {
  return `wickr:user:${wickrUserId}`;
}

/** Applies one Wickr-targeted trigger under the user's lease; throws like syncUser (the caller classifies). */
export async function processWickrUserTrigger(work: WickrUserWork, deps: BatchDeps): Promise<{ outcome: Outcome; reason?: string }> {
  if (await deps.store.isProcessed(work.eventKey)) return { outcome: Outcome.Duplicate };
  const { wickrUserId, eventId } = work.trigger;
  const key = wickrLeaseKey(wickrUserId);
  if (!(await deps.store.acquireLease(key, deps.owner, deps.leaseMs))) {
    throw new DependencyError(`Wickr user ${wickrUserId} is being synced by another invocation`, { dependency: 'store', kind: 'TRANSIENT', code: 'UserBusy' });
  }
  try {
    const result = work.trigger.action === 'reinvite' ? await reinviteExpired(wickrUserId, eventId, deps) : await suspendUnmanaged(wickrUserId, eventId, deps);
    await deps.store.markProcessed(work.eventKey);
    return result;
  } finally {
    await deps.store.releaseLease(key, deps.owner).catch(() => undefined);
  }
}

/**
 * The message is a request, not an order: it is checked against the configuration and the state
 * of now. Only the current mapping's `onUnmanaged: "suspend"` allows it (the run may have
 * planned under another mapping, and anyone allowed to send to the queue can write such a
 * message), and a Wickr user that any IdP identity owns (the `owner#` item, which also holds the
 * owning identity) is managed, not unmanaged, whatever the listing said.
 */
async function suspendUnmanaged(wickrUserId: string, eventId: string, deps: BatchDeps): Promise<{ outcome: Outcome; reason?: string }> {
  if (deps.mapping.onUnmanaged !== 'suspend') return { outcome: Outcome.Ignored, reason: 'the mapping\'s onUnmanaged is not "suspend"' };
  const owner = await deps.store.getWickrOwner(wickrUserId);
  if (owner !== null) return { outcome: Outcome.Ignored, reason: `linked: owned by ${owner.source}; only its own source changes it` };
  const user = await deps.wickr.getUser(wickrUserId);
  if (user === null) return { outcome: Outcome.Ignored, reason: 'the Wickr user no longer exists' };
  if (user.isAdmin) return { outcome: Outcome.Ignored, reason: 'Wickr administrators are never suspended as unmanaged' };
  if (isProtectedUsername(user.username, deps.mapping)) return { outcome: Outcome.Ignored, reason: 'protected username' };
  if (user.suspended) return { outcome: Outcome.Unchanged };
  const audit = { eventId, wickrUserId, suspend: true, unmanaged: true };
  if (deps.dryRun) {
    deps.logger.info('dry run: Wickr write not sent', { ...audit, dryRun: true });
    return { outcome: Outcome.Applied };
  }
  await deps.wickr.setSuspended(wickrUserId, true, clientToken(eventId, wickrUserId));
  deps.logger.info('wickr write', { ...audit, audit: true, outcome: 'applied' });
  return { outcome: Outcome.Applied };
}

/** Stable per logical change (pattern [a-zA-Z0-9-_:]+, ≤ 64), so Wickr de-duplicates retries. */
function clientToken(eventId: string, wickrUserId: string): string {
  return `unmanaged-${createHash('sha256').update(`${eventId}|${wickrUserId}`).digest('hex').slice(0, 40)}`;
}
