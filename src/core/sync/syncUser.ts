import { createHash } from 'node:crypto';
import { PoisonError } from '../errors';
import { groupKey, userKey } from '../events';
import { desiredForDeleted, desiredState, wickrUsername } from '../mapping';
import { isEmptyPlan, planUser } from '../planner';
import type { DirectoryPort, Logger, StateStore, UserLink, WickrPort } from '../ports';
import { maskChange } from '../redact';
import { IdpSource } from '../types';
import type { DesiredUser, DirectoryUser, MappingConfig, Plan, WickrUser } from '../types';

/** What syncing one user needs. */
export type SyncDeps = {
  readonly mapping: MappingConfig;
  readonly wickr: WickrPort;
  readonly directories: Partial<Record<IdpSource, DirectoryPort>>;
  readonly store: StateStore;
  readonly dryRun: boolean;
  readonly logger: Logger;
};

/** One user to bring in line, as named by an event. */
export type SyncRequest = {
  readonly source: IdpSource;
  readonly idpUserId: string;
  readonly eventId: string;
  readonly occurredAt: string;
  /** Full state carried by the event (generic events); otherwise the directory is read. */
  readonly state?: DirectoryUser;
  readonly deleted?: boolean;
  readonly loginHint?: string;
};

/** How one user's sync ended. */
export type SyncResult = {
  readonly outcome: 'applied' | 'unchanged' | 'ignored' | 'notProvisioned';
  readonly wickrUserId?: string;
  readonly changed?: readonly string[];
  readonly reason?: string;
};

/**
 * Re-reads the IdP's truth for one user, maps it, and makes the Wickr user equal to it with
 * the fewest writes. Safe to repeat: a second run finds nothing to do.
 */
export async function syncUser(request: SyncRequest, deps: SyncDeps): Promise<SyncResult> {
  const key = userKey(request.source, request.idpUserId);
  const link = await deps.store.getLink(key);
  if (request.state && link?.lastOccurredAt && link.lastOccurredAt >= request.occurredAt) {
    return { outcome: 'unchanged', wickrUserId: link.wickrUserId, reason: 'an event at least as new was already applied' };
  }
  const user = request.state ?? (await readDirectory(request, deps));

  let desired: DesiredUser | null;
  let current: WickrUser | null;
  if (user === null || request.deleted) {
    desired = desiredForDeleted(deps.mapping);
    if (desired === null) return { outcome: 'ignored', reason: 'user deleted in the IdP; onDelete is "ignore"' };
    current = await findWickrUser(deps, key, link, request.loginHint);
  } else {
    desired = desiredState(user, deps.mapping);
    // Looked up by the mapped username even when out of scope (desired then carries no username).
    current = await findWickrUser(deps, key, link, wickrUsername(user, deps.mapping));
  }
  if (current === null) return { outcome: 'notProvisioned', reason: 'no Wickr user with this username' };

  // planUser: the same rules as the reconcile (scope in desiredState, protectedUsernames here).
  const plan = planUser(desired, current, deps.mapping);
  if (!isEmptyPlan(plan)) await applyPlan(request, current.userId, plan, deps);

  const nextLink: UserLink = {
    wickrUserId: current.userId,
    lastOccurredAt: request.state ? request.occurredAt : link?.lastOccurredAt,
    groupIds: user ? user.groups.map((g) => g.id) : link?.groupIds,
  };
  if (linkChanged(link, nextLink)) {
    await deps.store.putLink(key, nextLink);
    // Only Identity Center sends group-wide triggers (SCIM PatchGroup); others need no member sets.
    if (request.source === IdpSource.IdentityCenter) await trackGroups(request.source, key, link?.groupIds ?? [], nextLink.groupIds ?? [], deps.store);
  }

  if (isEmptyPlan(plan)) return { outcome: 'unchanged', wickrUserId: current.userId };
  return { outcome: 'applied', wickrUserId: current.userId, changed: changedFields(plan) };
}

async function readDirectory(request: SyncRequest, deps: SyncDeps): Promise<DirectoryUser | null> {
  const directory = deps.directories[request.source];
  if (!directory) {
    throw new PoisonError('SourceNotConfigured', `events from ${request.source} arrive but no ${request.source} directory is configured`);
  }
  return directory.getUser(request.idpUserId);
}

/** The linked Wickr user if the link still holds, else a lookup by username (which re-links). */
async function findWickrUser(deps: SyncDeps, key: string, link: UserLink | null, username: string | undefined): Promise<WickrUser | null> {
  if (link) {
    const linked = await deps.wickr.getUser(link.wickrUserId);
    if (linked) return linked;
    // The Wickr user was deleted or the id is stale: forget the link and look up again.
    await deps.store.deleteLink(key);
  }
  return username ? deps.wickr.findUserByUsername(username) : null;
}

async function applyPlan(request: SyncRequest, wickrUserId: string, plan: Plan, deps: SyncDeps): Promise<void> {
  const audit = { eventId: request.eventId, source: request.source, wickrUserId, change: maskChange(plan.update), suspend: plan.suspend };
  if (deps.dryRun) {
    deps.logger.info('dry run: Wickr write not sent', { ...audit, dryRun: true, requests: describeRequests(wickrUserId, plan) });
    return;
  }
  try {
    if (plan.update) await deps.wickr.updateUser(wickrUserId, plan.update);
    if (plan.suspend !== undefined) {
      await deps.wickr.setSuspended(wickrUserId, plan.suspend, clientToken(request.eventId, wickrUserId, plan.suspend));
    }
    deps.logger.info('wickr write', { ...audit, audit: true, outcome: 'applied' });
  } catch (error) {
    deps.logger.info('wickr write', { ...audit, audit: true, outcome: 'failed', error: (error as Error).name });
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
    [...(previous.groupIds ?? [])].sort().join('\n') !== [...(next.groupIds ?? [])].sort().join('\n')
  );
}

/** Keeps the per-group member sets that group-wide triggers use to reach users who left. */
async function trackGroups(source: IdpSource, key: string, before: readonly string[], after: readonly string[], store: SyncDeps['store']): Promise<void> {
  const joined = after.filter((g) => !before.includes(g)).map((g) => groupKey(source, g));
  const left = before.filter((g) => !after.includes(g)).map((g) => groupKey(source, g));
  if (joined.length || left.length) await store.moveGroupMember(key, joined, left);
}
