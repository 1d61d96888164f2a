/**
 * The planner: the smallest change that makes Wickr match the desired state. Pure, so that
 * "apply, then plan again" can be checked as a property.
 */
import { isProtectedUsername } from '../mapping/scope';
import { usernameKey } from '../mapping/username';
import type { DesiredUser, MappingConfig, Plan, UserDetailsChange, WickrUser } from '../types';

/**
 * The plan both the consumer and the reconcile apply: {@link planChange}, then the mapping's
 * protections. A `protectedUsernames` account (a break-glass administrator) is never suspended
 * nor moved to another security group, whatever the IdP says.
 */
export function planUser(desired: DesiredUser, current: WickrUser, mapping: MappingConfig): Plan {
  const plan = planChange(desired, current);
  if (!isProtectedUsername(current.username, mapping)) return plan;
  const { securityGroupIds: _moved, ...update } = plan.update ?? {};
  return {
    ...(Object.keys(update).length > 0 && { update }),
    ...(plan.suspend === false && { suspend: false }),
  };
}

/** The fields of `desired` that differ from `current`: an update and/or a suspend toggle. */
export function planChange(desired: DesiredUser, current: WickrUser): Plan {
  const update: { -readonly [K in keyof UserDetailsChange]: UserDetailsChange[K] } = {};
  // Case-only differences are not changes: Wickr usernames (emails) match case-insensitively.
  if (desired.username !== undefined && usernameKey(desired.username) !== usernameKey(current.username)) {
    update.username = desired.username;
  }
  if (desired.firstName !== undefined && desired.firstName !== current.firstName) update.firstName = desired.firstName;
  if (desired.lastName !== undefined && desired.lastName !== current.lastName) update.lastName = desired.lastName;
  const groupId = desired.securityGroupId;
  if (groupId !== undefined && !isExactly(current.securityGroupIds, groupId)) update.securityGroupIds = [groupId];
  const suspend = desired.suspended !== undefined && desired.suspended !== current.suspended ? desired.suspended : undefined;
  return {
    ...(Object.keys(update).length > 0 && { update }),
    ...(suspend !== undefined && { suspend }),
  };
}

/** True when the plan makes no call. */
export function isEmptyPlan(plan: Plan): boolean {
  return (plan.update === undefined || Object.keys(plan.update).length === 0) && plan.suspend === undefined;
}

/** What Wickr holds after the plan is applied to `current`. */
export function applyPlan(current: WickrUser, plan: Plan): WickrUser {
  const { update = {}, suspend } = plan;
  return {
    ...current,
    ...(update.username !== undefined && { username: update.username }),
    ...(update.firstName !== undefined && { firstName: update.firstName }),
    ...(update.lastName !== undefined && { lastName: update.lastName }),
    ...(update.securityGroupIds !== undefined && { securityGroupIds: [...update.securityGroupIds] }),
    ...(suspend !== undefined && { suspended: suspend }),
  };
}

/** Wickr allows one security group per user, so anything but exactly `[id]` needs a write. */
function isExactly(ids: readonly string[], id: string): boolean {
  return ids.length === 1 && ids[0] === id;
}
