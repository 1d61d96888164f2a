import { createHash } from 'node:crypto';
import { PoisonError } from '../errors';
import { userKey } from '../events';
import { LogMessage } from '../metrics';
import { AWAITING_SCOPE_REASON, desiredForDeleted, desiredState, isAwaitingScope, suspensionReason, wickrUsername } from '../mapping';
import { isEmptyPlan, planUser } from '../planner';
import type { Clock, DirectoryPort, Logger, StateStore, UserLink, WickrPort, WickrProvisioningPort } from '../ports';
import { maskChange, maskEmail, maskName } from '../redact';
import { type DesiredUser, type DirectoryUser, IdpSource, type MappingConfig, type Plan, type WickrUser } from '../types';
import type { Creation } from './creation';
import { decideCreation } from './creation';
import { deleteIfDue, deleteStateUserIfDue, suspensionRecord } from './deprovision';
import { trackGroups } from './groupMembers';
import { isNewerState, ownerOf } from './ownership';

/** What syncing one user needs. */
export type SyncDeps = {
  readonly mapping: MappingConfig;
  readonly wickr: WickrPort;
  readonly directories: Partial<Record<IdpSource, DirectoryPort>>;
  readonly store: StateStore;
  /** Preview only: no Wickr write and no state write (links, owners, memberships). */
  readonly dryRun: boolean;
  readonly logger: Logger;
  /** BatchCreateUser and BatchReinviteUser; without it no account is ever created (`notProvisioned`). */
  readonly provisioning?: WickrProvisioningPort;
  /** When a suspension is recorded, and whether a deletion is due. */
  readonly clock: Clock;
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
  /** The reconcile asks to delete the user's Wickr account (`deprovisioning`): done only if still due (deprovision.ts). */
  readonly intent?: 'delete';
};

/** How one user's sync ended. */
export type SyncResult = {
  /** `toCreate`: the account is created by the invocation's BatchCreateUser calls (`creation`), see provision.ts. */
  readonly outcome: 'applied' | 'created' | 'unchanged' | 'ignored' | 'notProvisioned' | 'toCreate' | 'deleted';
  readonly creation?: Creation;
  readonly wickrUserId?: string;
  readonly changed?: readonly string[];
  readonly reason?: string;
  /** The link to store with the user's end (absent: unchanged; null: forget it). Never set in a dry run. */
  readonly link?: UserLink | null;
};

/**
 * Re-reads the IdP's truth for one user, maps it, and makes the Wickr user equal to it with
 * the fewest writes. Safe to repeat: a second run finds nothing to do. `link` is the user's
 * stored link (read with the lease); the link to store comes back in the result, and the caller
 * writes it with the user's end, so an unchanged link costs no write.
 */
export async function syncUser(request: SyncRequest, deps: SyncDeps, link: UserLink | null): Promise<SyncResult> {
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
    found = await findWickrUser(deps, link, request.loginHint);
  } else {
    // SCIM: a user out of scope who never was in it awaits their group memberships (mapping/assignment.ts).
    if (isAwaitingScope(request.source, user, deps.mapping, link !== null)) return { outcome: 'notProvisioned', reason: AWAITING_SCOPE_REASON };
    desired = desiredState(user, deps.mapping);
    // Looked up by the mapped username even when out of scope (desired then carries no username).
    found = await findWickrUser(deps, link, wickrUsername(user, deps.mapping));
  }
  // The linked Wickr user was deleted or the id is stale: the link is forgotten (unless a new one replaces it below).
  const forget = found.linkGone && !deps.dryRun ? { link: null } : {};
  const { current } = found;
  if (current === null) return { ...whenMissing(request, user, desired, deps), ...forget };
  const owner = await ownerOf(current.userId, request.source, deps);
  if (owner !== request.source) return { outcome: 'ignored', wickrUserId: current.userId, reason: `owned by ${owner}`, ...forget };

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

/** The linked Wickr user if the link still holds, else a lookup by username (which re-links). */
async function findWickrUser(deps: SyncDeps, link: UserLink | null, username: string | undefined): Promise<{ current: WickrUser | null; linkGone: boolean }> {
  if (link) {
    const linked = await deps.wickr.getUser(link.wickrUserId);
    if (linked) return { current: linked, linkGone: false };
  }
  return { current: username ? await deps.wickr.findUserByUsername(username) : null, linkGone: link !== null };
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
