/**
 * Deletion after a grace period (`deprovisioning.deleteAfterDays`, off by default): the rules the
 * consumer and the reconcile share. Only a suspension the sync made because the IdP user was
 * deleted or deactivated can lead to a deletion; a user who left scope, or was suspended by hand,
 * is never deleted. Administrators and protected usernames are never deleted.
 */
import { SuspendedFor } from '../ports';
import type { DirectoryUser, MappingConfig, WickrUser } from '../types';
import { isProtectedUsername } from './scope';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Why the mapping suspends this user, when it is for a delete or a deactivation; undefined otherwise. */
export function suspensionReason(user: DirectoryUser | null, deleted: boolean, mapping: MappingConfig): SuspendedFor | undefined {
  if (user === null || deleted) return mapping.onDelete === 'suspend' ? SuspendedFor.Delete : undefined;
  if (!user.active && mapping.onDeactivate === 'suspend') return SuspendedFor.Deactivate;
  return undefined;
}

/**
 * Why a suspended Wickr user may not be deleted now, or null when the deletion is due:
 * `deleteAfterDays` set, the user suspended in Wickr, suspended by the sync for a delete or a
 * deactivation (`suspendedAt`, epoch ms) at least that many days before `now`, and neither an
 * administrator nor a protected username.
 */
export function deletionRefusal(current: WickrUser, suspendedAt: number | undefined, mapping: MappingConfig, now: number): string | null {
  const days = mapping.deprovisioning?.deleteAfterDays;
  if (days === undefined) return 'deprovisioning.deleteAfterDays is not set';
  if (!current.suspended) return 'the Wickr user is not suspended';
  if (suspendedAt === undefined || Number.isNaN(suspendedAt)) return 'no suspension for a delete or deactivation is recorded';
  if (suspendedAt + days * DAY_MS > now) return `suspended less than ${days} days ago`;
  if (current.isAdmin === true) return 'a Wickr administrator is never deleted';
  if (isProtectedUsername(current.username, mapping)) return 'a protected username is never deleted';
  return null;
}
