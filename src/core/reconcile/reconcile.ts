/**
 * The reconcile itself, pure: both sides' listings and the stored links in, the users to act
 * on and the counts out. It decides with the consumer's own rules (desiredState, planUser), so
 * a user it finds in line is one the consumer would leave alone, and the reverse.
 */
import { PoisonError } from '../errors';
import { userKey } from '../events/keys';
import { desiredForDeleted, desiredState, groupMatches, isAwaitingScope, isInScope, isProtectedUsername, suspensionReason, wickrUsername } from '../mapping';
import { deletionAction } from './deletions';
import { isEmptyPlan, planChange, planUser } from '../planner';
import { decideCreation } from '../sync/creation';
import type { DesiredUser, DirectoryUser, IdpSource, MappingConfig, Plan, WickrUser } from '../types';
import { IdpSource as Sources } from '../types';
import type { ReconcileAction, ReconcileCounts, ReconcileFilter, ReconcileInput, ReconcileOutcome } from './types';
import { ActionReason } from './types';

/** Who claims a Wickr user. */
type Claim =
  | {
      readonly kind: 'live';
      readonly source: IdpSource;
      readonly user: DirectoryUser;
      readonly username: string;
      readonly byLink: boolean;
      /** A SCIM user awaiting their first scope group (mapping/assignment.ts): claimed, never changed. */
      readonly awaiting?: boolean;
    }
  | { readonly kind: 'deleted'; readonly source: IdpSource; readonly idpUserId: string }
  | { readonly kind: 'generic'; readonly idpUserId: string };

/** Plans every user; see the module comment. Deterministic: the same input gives the same actions, in key order. */
export function reconcile(input: ReconcileInput): ReconcileOutcome {
  const { mapping, wickrUsers } = input;
  const counts = emptyCounts();
  counts.wickrUsers = wickrUsers.length;

  const byId = new Map<string, WickrUser>();
  const byUsername = new Map<string, WickrUser | null>();
  for (const w of wickrUsers) {
    byId.set(w.userId, w);
    const lower = w.username.toLowerCase();
    // Two Wickr users with one username (case aside): neither can be matched by username.
    byUsername.set(lower, byUsername.has(lower) ? null : w);
  }
  const links = new Map<string, string>();
  for (const link of input.links) links.set(userKey(link.source, link.idpUserId), link.wickrUserId);

  const claims = new Map<string, Claim[]>();
  const claim = (wickrUserId: string, c: Claim): void => {
    const list = claims.get(wickrUserId);
    if (list) list.push(c);
    else claims.set(wickrUserId, [c]);
  };

  const actions: ReconcileAction[] = [];
  const listed = new Set<string>();
  const suspensions = new Map((input.suspensions ?? []).map((s) => [s.userKey, s]));
  for (const listing of input.sources) {
    for (const user of listing.users) {
      const key = userKey(listing.source, user.idpUserId);
      listed.add(key);
      if (isInScope(user.groups, mapping)) counts.inScope += 1;
      let username: string;
      try {
        username = wickrUsername(user, mapping);
      } catch (error) {
        if (!(error instanceof PoisonError)) throw error;
        counts.unmappable += 1;
        continue;
      }
      const linkedId = links.get(key);
      const linked = linkedId === undefined ? undefined : byId.get(linkedId);
      const current = linked ?? byUsername.get(username.toLowerCase()) ?? undefined;
      if (current === undefined) {
        counts.notProvisioned += 1;
        const create = creationAction(listing.source, user, mapping);
        if (create && matchesUserFilter(input.filter, user, username)) actions.push(create);
        continue;
      }
      const awaiting = isAwaitingScope(listing.source, user, mapping, linkedId !== undefined);
      claim(current.userId, { kind: 'live', source: listing.source, user, username, byLink: linked !== undefined, ...(awaiting && { awaiting }) });
    }
  }
  const listedSources = new Set(input.sources.map((s) => s.source));
  for (const link of input.links) {
    if (!byId.has(link.wickrUserId)) continue;
    if (link.source === Sources.Generic) claim(link.wickrUserId, { kind: 'generic', idpUserId: link.idpUserId });
    // A link whose IdP user is no longer listed: deleted in the IdP (only for a source read in full).
    else if (listedSources.has(link.source) && !listed.has(userKey(link.source, link.idpUserId))) {
      claim(link.wickrUserId, { kind: 'deleted', source: link.source, idpUserId: link.idpUserId });
    }
  }

  let managed = 0;
  for (const current of wickrUsers) {
    const all = claims.get(current.userId);
    if (all === undefined) {
      counts.unmanaged += 1;
      const action = unmanagedAction(current, mapping, counts);
      if (action && matchesFilter(input.filter, { current })) actions.push(action);
      continue;
    }
    managed += 1;
    // A live user beats a stale link of a deleted one (e.g. the account was re-created in the IdP).
    const live = all.filter((c) => c.kind !== 'deleted');
    const effective = live.length > 0 ? live : all;
    if (effective.length > 1) {
      counts.conflicts += 1;
      continue;
    }
    const only = effective[0] as Claim;
    if (only.kind === 'generic') {
      counts.skippedGeneric += 1;
      // Left to their events, but for a due deletion: the link's record is the source's last state (a later active event clears it).
      const deletion = deletionAction({ source: Sources.Generic, idpUserId: only.idpUserId, reasonHolds: true }, current, mapping, suspensions, input.now ?? 0);
      if (deletion && matchesFilter(input.filter, { current, claim: only })) actions.push(deletion);
      continue;
    }
    if (only.kind === 'live' && only.awaiting) {
      counts.notProvisioned += 1;
      continue;
    }
    if (only.kind === 'live') counts.linked += 1;
    const change = only.kind === 'live' ? liveAction(only, current, mapping, counts) : deletedAction(only, current, mapping, counts);
    const idpUser = only.kind === 'live' ? only.user : null;
    const target = { source: only.source, idpUserId: only.kind === 'live' ? only.user.idpUserId : only.idpUserId, reasonHolds: suspensionReason(idpUser, idpUser === null, mapping) !== undefined };
    const action = change ?? deletionAction(target, current, mapping, suspensions, input.now ?? 0);
    const reinvite = only.kind === 'live' ? reinviteAction(only, current, mapping) : null;
    for (const a of [action, reinvite]) {
      if (a && matchesFilter(input.filter, { current, claim: only, groupsOf: only.kind === 'live' ? only.user : undefined })) actions.push(a);
    }
  }

  actions.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const action of actions) countAction(action, counts);
  return { actions, counts, managed };
}

function liveAction(claim: Extract<Claim, { kind: 'live' }>, current: WickrUser, mapping: MappingConfig, counts: ReconcileCounts): ReconcileAction | null {
  const desired = desiredState(claim.user, mapping);
  return action(ActionReason.Drift, claim.source, claim.user.idpUserId, current, desired, mapping, counts, !claim.byLink);
}

/** `provisioning.createUsers`: an in-scope, active user with no Wickr account, created by the consumer (syncUser's own rule). */
function creationAction(source: IdpSource, user: DirectoryUser, mapping: MappingConfig): ReconcileAction | null {
  if (!mapping.provisioning.createUsers) return null;
  const decision = decideCreation({ source, idpUserId: user.idpUserId }, user, desiredState(user, mapping), mapping);
  if (!('create' in decision)) return null;
  return { key: `idp:${source}:${user.idpUserId}`, source, idpUserId: user.idpUserId, reason: ActionReason.Create, plan: {}, fields: ['created'], writeLink: false };
}

/** `provisioning.reinviteExpired`: an in-scope, unsuspended Wickr user whose invitation expired (the consumer keeps to `reinviteAfterHours`). */
function reinviteAction(claim: Extract<Claim, { kind: 'live' }>, current: WickrUser, mapping: MappingConfig): ReconcileAction | null {
  if (!mapping.provisioning.reinviteExpired || current.isInviteExpired !== true || current.suspended) return null;
  const desired = desiredState(claim.user, mapping);
  if (desired.username === undefined || desired.suspended === true) return null;
  return { key: `reinvite:${current.userId}`, wickrUserId: current.userId, reason: ActionReason.Reinvite, plan: {}, fields: ['reinvite'], writeLink: false };
}

/** The run's filter for a user who has no Wickr account yet. */
function matchesUserFilter(filter: ReconcileFilter | undefined, user: DirectoryUser, username: string): boolean {
  if (filter === undefined) return true;
  if (filter.user !== undefined && filter.user !== user.idpUserId && filter.user.toLowerCase() !== username.toLowerCase()) return false;
  if (filter.group !== undefined && !user.groups.some((g) => groupMatches(g, filter.group as string))) return false;
  return true;
}

function deletedAction(claim: Extract<Claim, { kind: 'deleted' }>, current: WickrUser, mapping: MappingConfig, counts: ReconcileCounts): ReconcileAction | null {
  const desired = desiredForDeleted(mapping);
  if (desired === null) return null;
  return action(ActionReason.Deleted, claim.source, claim.idpUserId, current, desired, mapping, counts, false);
}

function action(
  reason: ActionReason,
  source: IdpSource,
  idpUserId: string,
  current: WickrUser,
  desired: DesiredUser,
  mapping: MappingConfig,
  counts: ReconcileCounts,
  writeLink: boolean,
): ReconcileAction | null {
  const plan = planUser(desired, current, mapping);
  if (!isEmptyPlan(planChange(desired, current)) && isProtectedUsername(current.username, mapping)) counts.protected += 1;
  if (isEmptyPlan(plan) && !writeLink) return null;
  return { key: `idp:${source}:${idpUserId}`, wickrUserId: current.userId, source, idpUserId, reason, plan, fields: fieldsOf(plan), writeLink };
}

/** `onUnmanaged: "suspend"` suspends an unmanaged user, unless an administrator or a protected username. */
function unmanagedAction(current: WickrUser, mapping: MappingConfig, counts: ReconcileCounts): ReconcileAction | null {
  if (mapping.onUnmanaged !== 'suspend' || current.suspended) return null;
  if (current.isAdmin || isProtectedUsername(current.username, mapping)) {
    counts.protected += 1;
    return null;
  }
  const plan: Plan = { suspend: true };
  return { key: `wickr:${current.userId}`, wickrUserId: current.userId, reason: ActionReason.Unmanaged, plan, fields: fieldsOf(plan), writeLink: false };
}

function matchesFilter(filter: ReconcileFilter | undefined, target: { current: WickrUser; claim?: Claim; groupsOf?: DirectoryUser }): boolean {
  if (filter === undefined) return true;
  if (filter.user !== undefined) {
    const wanted = filter.user.toLowerCase();
    const { claim } = target;
    const idpId = claim?.kind === 'live' ? claim.user.idpUserId : claim?.kind === 'deleted' ? claim.idpUserId : undefined;
    const username = claim?.kind === 'live' ? claim.username : target.current.username;
    if (idpId !== filter.user && username.toLowerCase() !== wanted) return false;
  }
  if (filter.group !== undefined) {
    const groups = target.groupsOf?.groups ?? [];
    if (!groups.some((g) => groupMatches(g, filter.group as string))) return false;
  }
  return true;
}

function fieldsOf(plan: Plan): string[] {
  const fields = Object.keys(plan.update ?? {});
  if (plan.suspend !== undefined) fields.push(plan.suspend ? 'suspended' : 'unsuspended');
  return fields;
}

function countAction(action: ReconcileAction, counts: ReconcileCounts): void {
  if (action.writeLink) counts.linksWritten += 1;
  if (action.reason === ActionReason.Create || action.reason === ActionReason.Reinvite || action.reason === ActionReason.Delete) {
    if (action.reason === ActionReason.Create) counts.toCreate += 1;
    else if (action.reason === ActionReason.Delete) counts.toDelete += 1;
    else counts.toReinvite += 1;
    counts.drifted += 1;
    for (const field of action.fields) counts.driftedByField[field] = (counts.driftedByField[field] ?? 0) + 1;
    return;
  }
  if (isEmptyPlan(action.plan)) return;
  counts.drifted += 1;
  if (action.plan.update !== undefined) counts.toUpdate += 1;
  if (action.plan.suspend === true) counts.toSuspend += 1;
  if (action.plan.suspend === false) counts.toUnsuspend += 1;
  for (const field of action.fields) counts.driftedByField[field] = (counts.driftedByField[field] ?? 0) + 1;
}

/** Every count at zero. */
export function emptyCounts(dryRun = false): ReconcileCounts {
  return {
    runs: 1,
    dryRun,
    guardTripped: false,
    inScope: 0,
    wickrUsers: 0,
    linked: 0,
    drifted: 0,
    messagesSent: 0,
    toUpdate: 0,
    toSuspend: 0,
    toUnsuspend: 0,
    unmanaged: 0,
    skippedGeneric: 0,
    conflicts: 0,
    notProvisioned: 0,
    toCreate: 0,
    toReinvite: 0,
    toDelete: 0,
    unmappable: 0,
    protected: 0,
    linksWritten: 0,
    driftedByField: {},
  };
}
