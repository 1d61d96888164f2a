/**
 * The mass-change guard. ssosync users lost whole directories to an empty or failed read
 * (awslabs/ssosync#194, #278); Entra ID stops a provisioning job above its accidental-deletion
 * threshold. A run that trips sends nothing. Its message names the numbers, the limit and the
 * ways on, because the operator reading it has only the message.
 */
import { groupMatches } from '../mapping';
import type { GuardConfig, MappingConfig, WickrUser } from '../types';
import type { ReconcileCounts, SourceListing } from './types';

/** Why a run stopped before sending anything (`IdpListingFailed` is a failure, not the guard: see run.ts). */
export const GuardReason = {
  TooManySuspensions: 'TooManySuspensions',
  TooManyCreations: 'TooManyCreations',
  TooManyGroupChanges: 'TooManyGroupChanges',
  TooManyPromotions: 'TooManyPromotions',
  TooManyDeletions: 'TooManyDeletions',
  EmptyIdpListing: 'EmptyIdpListing',
  ScopeGroupsNotFound: 'ScopeGroupsNotFound',
  IdpListingFailed: 'IdpListingFailed',
} as const;
export type GuardReason = (typeof GuardReason)[keyof typeof GuardReason];

/** A tripped guard: the reason code and a sentence for operators. */
export type GuardVerdict = { readonly reason: GuardReason; readonly message: string };

/** The two ways past a limit, said the same way by every limit. */
function waysOn(setting: string): string {
  return `Check the plan (--dry-run), then raise ${setting} in the mapping, or re-run with --allow-mass-change (payload "allowMassChange": true) to let that one run through`;
}

/** Not a limit: no override helps, the input must be fixed. */
const NOT_OVERRIDDEN = '--allow-mass-change does not override this check';

/**
 * Listings that cannot be trusted to suspend anyone: a directory that returned no user while
 * Wickr has users, or a `scope` none of whose groups exists. Overriding the guard does not
 * override this: an empty read is never a reason to suspend a network.
 */
export function checkListings(sources: readonly SourceListing[], wickrUsers: readonly WickrUser[], mapping: MappingConfig): GuardVerdict | null {
  const wickrHasUsers = wickrUsers.some((u) => !u.isAdmin);
  if (!wickrHasUsers) return null;
  const empty = sources.filter((s) => s.users.length === 0).map((s) => s.source);
  if (empty.length > 0) {
    return {
      reason: GuardReason.EmptyIdpListing,
      message: `${empty.join(', ')} listed no users while Wickr has users; nothing is suspended on an empty read. Check the directory's credentials and permissions; ${NOT_OVERRIDDEN}`,
    };
  }
  if (mapping.scope !== undefined && sources.length > 0) {
    const missing = missingScopeGroups(sources, mapping);
    if (missing.length === mapping.scope.idpGroups.length) {
      return {
        reason: GuardReason.ScopeGroupsNotFound,
        message: `scope.idpGroups ${quoted(missing)} ${missing.length === 1 ? 'matches' : 'match'} no group in ${sources.map((s) => s.source).join(', ')}; every user would leave scope. Fix scope.idpGroups in the mapping (a group id, or its name ignoring case); ${NOT_OVERRIDDEN}`,
      };
    }
  }
  return null;
}

/** The first limit the planned counts exceed; the order is the order of harm (deletions, suspensions, promotions, moves, creations). */
export function checkLimits(counts: ReconcileCounts, managed: number, guard: GuardConfig): GuardVerdict | null {
  return (
    checkDeletions(counts.toDelete, guard) ??
    checkSuspensions(counts.toSuspend, managed, guard) ??
    checkPromotions(counts.toPromote, guard) ??
    checkGroupChanges(counts.toChangeGroup, managed, guard) ??
    checkCreations(counts.toCreate, guard)
  );
}

/** Trips when the run would suspend more than `maxSuspensions`, or more than `maxSuspensionPercent` of the managed users. */
export function checkSuspensions(toSuspend: number, managed: number, guard: GuardConfig): GuardVerdict | null {
  return checkCountAndShare(
    GuardReason.TooManySuspensions,
    'suspensions',
    toSuspend,
    managed,
    ['guard.maxSuspensions', guard.maxSuspensions],
    ['guard.maxSuspensionPercent', guard.maxSuspensionPercent],
  );
}

/** Trips when the run would move more than `maxGroupChanges` users to another security group, or more than `maxGroupChangePercent` of the managed users. */
export function checkGroupChanges(toChangeGroup: number, managed: number, guard: GuardConfig): GuardVerdict | null {
  return checkCountAndShare(
    GuardReason.TooManyGroupChanges,
    'security-group changes',
    toChangeGroup,
    managed,
    ['guard.maxGroupChanges', guard.maxGroupChanges],
    ['guard.maxGroupChangePercent', guard.maxGroupChangePercent],
  );
}

/** Trips when the run would move (or create) more than `maxPromotions` users into a privileged security group. */
export function checkPromotions(toPromote: number, guard: GuardConfig): GuardVerdict | null {
  if (toPromote <= guard.maxPromotions) return null;
  return {
    reason: GuardReason.TooManyPromotions,
    message: `${toPromote} promotions into a privileged security group planned, more than guard.maxPromotions (${guard.maxPromotions}). ${waysOn('guard.maxPromotions')}`,
  };
}

/** Trips when the run would create more Wickr accounts than `maxCreations` (a scope group that suddenly holds the whole directory). */
export function checkCreations(toCreate: number, guard: GuardConfig): GuardVerdict | null {
  if (toCreate <= guard.maxCreations) return null;
  return { reason: GuardReason.TooManyCreations, message: `${toCreate} creations planned, more than guard.maxCreations (${guard.maxCreations}). ${waysOn('guard.maxCreations')}` };
}

/**
 * What a run reports without stopping: a privileged rule whose `idpGroup` is the id of no listed
 * group (it is probably a name, and privileged rules match by id only, so it promotes nobody),
 * and `scope.idpGroups` entries that match no group while others do.
 */
export function mappingWarnings(sources: readonly SourceListing[], mapping: MappingConfig): string[] {
  if (sources.length === 0) return [];
  const warnings: string[] = [];
  mapping.securityGroups.forEach((rule, index) => {
    if (!mapping.privilegedSecurityGroupIds.includes(rule.securityGroupId)) return;
    if (sources.some((s) => s.groups.some((g) => g.id === rule.idpGroup))) return;
    warnings.push(
      `securityGroups[${index}] ("${rule.idpGroup}" → ${rule.securityGroupId}) is privileged and matched no IdP group by id: a privileged rule matches by id only, so it moves nobody. Give the group's id, not its name`,
    );
  });
  const missing = mapping.scope === undefined ? [] : missingScopeGroups(sources, mapping);
  if (missing.length > 0 && missing.length < (mapping.scope?.idpGroups.length ?? 0)) {
    warnings.push(`scope.idpGroups ${quoted(missing)} ${missing.length === 1 ? 'matches' : 'match'} no group; their members are out of scope unless in another scope group`);
  }
  return warnings;
}

/** Trips above an absolute count or a share of the managed users. */
function checkCountAndShare(reason: GuardReason, what: string, planned: number, managed: number, count: [string, number], share: [string, number]): GuardVerdict | null {
  if (planned === 0) return null;
  const [countSetting, max] = count;
  const [shareSetting, maxPercent] = share;
  if (planned > max) return { reason, message: `${planned} ${what} planned, more than ${countSetting} (${max}). ${waysOn(countSetting)}` };
  if (planned * 100 > maxPercent * managed) {
    const percent = managed === 0 ? 100 : Math.round((planned * 1000) / managed) / 10;
    return { reason, message: `${planned} ${what} planned, ${percent} % of ${managed} managed users, more than ${shareSetting} (${maxPercent} %). ${waysOn(shareSetting)}` };
  }
  return null;
}

function missingScopeGroups(sources: readonly SourceListing[], mapping: MappingConfig): string[] {
  return (mapping.scope?.idpGroups ?? []).filter((ref) => !sources.some((s) => s.groups.some((g) => groupMatches(g, ref))));
}

function quoted(refs: readonly string[]): string {
  return refs.map((r) => `"${r}"`).join(', ');
}

/** Trips when the run would delete more Wickr accounts than `maxDeletions` (`deprovisioning`): a deletion cannot be undone. */
export function checkDeletions(toDelete: number, guard: GuardConfig): GuardVerdict | null {
  if (toDelete <= guard.maxDeletions) return null;
  return {
    reason: GuardReason.TooManyDeletions,
    message: `${toDelete} deletions planned, more than guard.maxDeletions (${guard.maxDeletions}). ${waysOn('guard.maxDeletions')}`,
  };
}
