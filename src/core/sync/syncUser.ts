import { createHash } from 'node:crypto';
import { PoisonError } from '../errors';
import { userKey } from '../events';
import { LogMessage } from '../metrics';
import { AWAITING_SCOPE_REASON, desiredForDeleted, desiredState, isAwaitingScope, suspensionReason, wickrUsername } from '../mapping';
import { isEmptyPlan, planUser } from '../planner';
import type { UserLink } from '../ports';
import { maskChange, maskEmail, maskName } from '../redact';
import { type DesiredUser, type DirectoryUser, IdpSource, type Plan, type WickrUser } from '../types';
import { decideCreation } from './creation';
import { deleteIfDue, deleteStateUserIfDue, suspensionRecord } from './deprovision';
import { trackGroups } from './groupMembers';
import { assertOwnIdentity, isNewerState, ownerOf } from './ownership';

import type { SyncDeps, SyncRequest, SyncResult } from './types';

/**
 * Re-reads the IdP's truth for one user, maps it, and makes the Wickr user equal to it with
 * the fewest writes. Safe to repeat: a second run finds nothing to do. `link` is the user's
 * stored link (read with the lease); the link to store comes back in the result, and the caller
 * writes it with the user's end, so an unchanged link costs no write.
 */
export async function syncUser(request: SyncRequest, deps: SyncDeps, link: UserLink | null, pendingUsername?: string): Promise<SyncResult> {
  const key = userKey(request.source, request.idpUserId);
  if (request.state && !isNewerState(request, link)) {
    return { outcome: 'unchanged', wickrUserId: link?.wickrUserId, reason: 'a newer event (or one of the same time with a greater event id) was already applied' };
  }
  if (request.intent === 'delete' && request.source === IdpSource.Generic) return deleteStateUserIfDue(request, link, deps);
  const user = request.state ?? (await readDirectory(request, deps));

  let desired: DesiredUser | null;
  let found: { current: WickrUser | null; linkGone: boolean };
  if (user === null || request.deleted) {
    desired = desiredForDeleted(deps.mapping);
    if (desired === null) return { outcome: 'ignored', reason: 'user deleted in the IdP; onDelete is "ignore"' };
    // Only through the identity's own link: a username search could find another person's
    // account (the login of a deleted or unknown user may have been reused).
    found = await findWickrUser(deps, link, []);
    if (found.current === null) {
      return {
        outcome: 'ignored',
        reason: 'user deleted in the IdP (or unknown to it); no Wickr account is linked to it, and a delete acts only through its own link',
        ...(found.linkGone && !deps.dryRun && { link: null }),
      };
    }
  } else {
    // SCIM: a user out of scope who never was in it awaits their group memberships (mapping/assignment.ts).
    if (isAwaitingScope(request.source, user, deps.mapping, link !== null)) return { outcome: 'notProvisioned', reason: AWAITING_SCOPE_REASON };
    desired = desiredState(user, deps.mapping);
    // Looked up by the mapped username even when out of scope (desired then carries no username);
    // first by the username of a creation begun and never linked, whose answer was lost.
    found = await findWickrUser(deps, link, [pendingUsername, wickrUsername(user, deps.mapping)]);
  }
  // The linked Wickr user was deleted or the id is stale: the link is forgotten (unless a new one replaces it below).
  const forget = found.linkGone && !deps.dryRun ? { link: null } : {};
  const { current } = found;
  if (current === null) return { ...whenMissing(request, user, desired, deps), ...forget };
  const owner = await ownerOf(current.userId, request.source, key, deps);
  if (owner.source !== request.source) return { outcome: 'ignored', wickrUserId: current.userId, reason: `owned by ${owner.source}`, ...forget };
  assertOwnIdentity(current.userId, owner, key);

  // planUser: the same rules as the reconcile (scope in desiredState, protectedUsernames here).
  const plan = planUser(desired, current, deps.mapping);
  if (!isEmptyPlan(plan)) await applyPlan(request, current.userId, plan, deps);
  if (request.intent === 'delete' && isEmptyPlan(plan) && !found.linkGone) {
    const deleted = await deleteIfDue(request, current, link, deps);
    if (deleted) return deleted;
  }

  const nextLink: UserLink = {
    wickrUserId: current.userId,
    lastOccurredAt: request.state ? request.occurredAt : link?.lastOccurredAt,
    lastEventId: request.state ? request.eventId : link?.lastEventId,
    groupIds: user ? user.groups.map((g) => g.id) : link?.groupIds,
    ...suspensionRecord(found.linkGone ? null : link, suspensionReason(user, request.deleted === true, deps.mapping), current, plan, deps.clock.now()),
  };
  const previous = found.linkGone ? null : link;
  const store = !deps.dryRun && linkChanged(previous, nextLink) ? { link: nextLink } : {};
  // Member items first: if they fail, the old link still shows the difference and a retry writes them.
  if (!deps.dryRun) await trackGroups(request.source, key, link?.groupIds ?? [], nextLink.groupIds ?? [], deps.store);

  if (isEmptyPlan(plan)) return { outcome: 'unchanged', wickrUserId: current.userId, ...store };
  return { outcome: 'applied', wickrUserId: current.userId, changed: changedFields(plan), ...store };
}

/** No Wickr account: created when provisioning says so (batched by the caller), else `notProvisioned`. */
function whenMissing(request: SyncRequest, user: DirectoryUser | null, desired: DesiredUser, deps: SyncDeps): SyncResult {
  const decision = decideCreation(request, user, desired, deps.mapping);
  if ('reason' in decision) return { outcome: 'notProvisioned', reason: decision.reason };
  if (!deps.provisioning) return { outcome: 'notProvisioned', reason: 'no Wickr user with this username; provisioning is not wired in this deployment' };
  if (deps.dryRun) {
    const { user: created } = decision.create;
    const masked = { ...created, username: maskEmail(created.username), firstName: maskName(created.firstName), lastName: maskName(created.lastName) };
    deps.logger.info(LogMessage.dryRunWrite, { eventId: request.eventId, source: request.source, dryRun: true, requests: [{ operation: 'BatchCreateUser', body: { users: [masked] } }] });
    return { outcome: 'created', reason: 'dry run: BatchCreateUser not sent' };
  }
  return { outcome: 'toCreate', creation: decision.create };
}

async function readDirectory(request: SyncRequest, deps: SyncDeps): Promise<DirectoryUser | null> {
  const directory = deps.directories[request.source];
  if (!directory) {
    throw new PoisonError('SourceNotConfigured', `events from ${request.source} arrive but no ${request.source} directory is configured`);
  }
  return directory.getUser(request.idpUserId);
}

/** The linked Wickr user if the link still holds, else the first found of `usernames` (which re-links). */
async function findWickrUser(deps: SyncDeps, link: UserLink | null, usernames: readonly (string | undefined)[]): Promise<{ current: WickrUser | null; linkGone: boolean }> {
  if (link) {
    const linked = await deps.wickr.getUser(link.wickrUserId);
    if (linked) return { current: linked, linkGone: false };
  }
  for (const username of new Set(usernames.filter((u): u is string => u !== undefined))) {
    const current = await deps.wickr.findUserByUsername(username);
    if (current) return { current, linkGone: link !== null };
  }
  return { current: null, linkGone: link !== null };
}

async function applyPlan(request: SyncRequest, wickrUserId: string, plan: Plan, deps: SyncDeps): Promise<void> {
  const audit = { eventId: request.eventId, source: request.source, wickrUserId, change: maskChange(plan.update), suspend: plan.suspend };
  if (deps.dryRun) {
    deps.logger.info(LogMessage.dryRunWrite, { ...audit, dryRun: true, requests: describeRequests(wickrUserId, plan) });
    return;
  }
  try {
    if (plan.update) await deps.wickr.updateUser(wickrUserId, plan.update);
    if (plan.suspend !== undefined) {
      await deps.wickr.setSuspended(wickrUserId, plan.suspend, clientToken(request.eventId, wickrUserId, plan.suspend));
    }
    deps.logger.info(LogMessage.wickrWrite, { ...audit, audit: true, outcome: 'applied' });
  } catch (error) {
    deps.logger.info(LogMessage.wickrWrite, { ...audit, audit: true, outcome: 'failed', error: (error as Error).name });
    throw error;
  }
}

/** The requests a dry run would have sent, with personal fields masked. */
function describeRequests(wickrUserId: string, plan: Plan): unknown[] {
  const requests: unknown[] = [];
  if (plan.update) requests.push({ operation: 'UpdateUser', body: { userId: wickrUserId, userDetails: maskChange(plan.update) } });
  if (plan.suspend !== undefined) {
    requests.push({ operation: 'BatchToggleUserSuspendStatus', query: { suspend: plan.suspend }, body: { userIds: [wickrUserId] } });
  }
  return requests;
}

/** Stable per logical change, so Wickr can de-duplicate retries (pattern [a-zA-Z0-9-_:]+, ≤ 64). */
function clientToken(eventId: string, wickrUserId: string, suspend: boolean): string {
  return `sync-${createHash('sha256').update(`${eventId}|${wickrUserId}|${suspend}`).digest('hex').slice(0, 40)}`;
}

function changedFields(plan: Plan): string[] {
  const fields = Object.keys(plan.update ?? {});
  if (plan.suspend !== undefined) fields.push(plan.suspend ? 'suspended' : 'unsuspended');
  return fields;
}

function linkChanged(previous: UserLink | null, next: UserLink): boolean {
  if (!previous) return true;
  return (
    previous.wickrUserId !== next.wickrUserId ||
    previous.lastOccurredAt !== next.lastOccurredAt ||
    previous.lastEventId !== next.lastEventId ||
    previous.suspendedAt !== next.suspendedAt ||
    previous.suspendedFor !== next.suspendedFor ||
    [...(previous.groupIds ?? [])].sort().join('\n') !== [...(next.groupIds ?? [])].sort().join('\n')
  );
}
