/**
 * The mass-change guard. ssosync users lost whole directories to an empty or failed read
 * (awslabs/ssosync#194, #278); Entra ID stops a provisioning job above its accidental-deletion
 * threshold. A run that trips sends nothing.
 */
import type { GuardConfig, MappingConfig, WickrUser } from '../types';
import type { SourceListing } from './types';

/** Why a run stopped before sending anything. */
export const GuardReason = {
  TooManySuspensions: 'TooManySuspensions',
  TooManyCreations: 'TooManyCreations',
  TooManyDeletions: 'TooManyDeletions',
  EmptyIdpListing: 'EmptyIdpListing',
  ScopeGroupsNotFound: 'ScopeGroupsNotFound',
  IdpListingFailed: 'IdpListingFailed',
} as const;
export type GuardReason = (typeof GuardReason)[keyof typeof GuardReason];

/** A tripped guard: the reason code and a sentence for operators. */
export type GuardVerdict = { readonly reason: GuardReason; readonly message: string };

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
    return { reason: GuardReason.EmptyIdpListing, message: `${empty.join(', ')} listed no users while Wickr has users; nothing is suspended on an empty read` };
  }
  if (mapping.scope !== undefined && sources.length > 0) {
    const refs = mapping.scope.idpGroups;
    const found = sources.some((s) => s.groups.some((g) => refs.some((ref) => g.id === ref || g.name?.toLowerCase() === ref.toLowerCase())));
    if (!found) return { reason: GuardReason.ScopeGroupsNotFound, message: 'none of scope.idpGroups exists in the directories; every user would leave scope' };
  }
  return null;
}

/** Trips when the run would suspend more than `maxSuspensions`, or more than `maxSuspensionPercent` of the managed users. */
export function checkSuspensions(toSuspend: number, managed: number, guard: GuardConfig): GuardVerdict | null {
  if (toSuspend === 0) return null;
  if (toSuspend > guard.maxSuspensions) {
    return { reason: GuardReason.TooManySuspensions, message: `${toSuspend} suspensions planned, more than guard.maxSuspensions (${guard.maxSuspensions})` };
  }
  if (toSuspend * 100 > guard.maxSuspensionPercent * managed) {
    const percent = managed === 0 ? 100 : Math.round((toSuspend * 1000) / managed) / 10;
    return {
      reason: GuardReason.TooManySuspensions,
      message: `${toSuspend} suspensions planned, ${percent} % of ${managed} managed users, more than guard.maxSuspensionPercent (${guard.maxSuspensionPercent} %)`,
    };
  }
  return null;
}

/** Trips when the run would create more Wickr accounts than `maxCreations` (a scope group that suddenly holds the whole directory). */
export function checkCreations(toCreate: number, guard: GuardConfig): GuardVerdict | null {
  if (toCreate <= guard.maxCreations) return null;
  return { reason: GuardReason.TooManyCreations, message: `${toCreate} creations planned, more than guard.maxCreations (${guard.maxCreations})` };
}

/** Trips when the run would delete more Wickr accounts than `maxDeletions` (`deprovisioning`): a deletion cannot be undone. */
export function checkDeletions(toDelete: number, guard: GuardConfig): GuardVerdict | null {
  if (toDelete <= guard.maxDeletions) return null;
  return { reason: GuardReason.TooManyDeletions, message: `${toDelete} deletions planned, more than guard.maxDeletions (${guard.maxDeletions})` };
}
