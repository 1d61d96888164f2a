/** From the IdP's view of a user to what Wickr should hold, under the mapping configuration. */
import { PoisonError } from '../errors';
import type { DesiredUser, DirectoryUser, IdpGroup, MappingConfig } from '../types';
import { isInScope } from './scope';
import { normalizeUsername } from './username';

/** The Wickr username an IdP user maps to (`usernameAttribute`, NFC and trimmed); throws `UnmappableUser` when it has none. */
export function wickrUsername(user: DirectoryUser, mapping: MappingConfig): string {
  const value = user[mapping.usernameAttribute];
  const username = value === undefined ? undefined : normalizeUsername(value);
  if (username === undefined || username === '') {
    throw new PoisonError('UnmappableUser', `The IdP user has no ${mapping.usernameAttribute} to use as the Wickr username`, {
      field: mapping.usernameAttribute,
    });
  }
  return username;
}

/**
 * The Wickr state a user should have; `undefined` fields are left as they are. A user outside
 * `scope` is only suspended (`onLeaveScope: "suspend"`, or deactivated under `onDeactivate:
 * "suspend"`) or left alone: their names and group no longer follow the IdP.
 */
export function desiredState(user: DirectoryUser, mapping: MappingConfig): DesiredUser {
  const username = wickrUsername(user, mapping);
  if (!isInScope(user.groups, mapping)) {
    const suspend = mapping.onLeaveScope === 'suspend' || (!user.active && mapping.onDeactivate === 'suspend');
    return suspend ? { suspended: true } : {};
  }
  const securityGroupId = mappedSecurityGroup(user.groups, mapping) ?? noMappedGroup(mapping);
  const suspended = user.active ? false : mapping.onDeactivate === 'suspend' ? true : undefined;
  return {
    username,
    ...(user.firstName !== undefined && { firstName: user.firstName }),
    ...(user.lastName !== undefined && { lastName: user.lastName }),
    ...(securityGroupId !== undefined && { securityGroupId }),
    ...(suspended !== undefined && { suspended }),
  };
}

/** What Wickr should hold for a user deleted in the IdP; null when the policy is to do nothing. */
export function desiredForDeleted(mapping: MappingConfig): DesiredUser | null {
  return mapping.onDelete === 'suspend' ? { suspended: true } : null;
}

/**
 * The first rule, in precedence order, naming one of the user's groups: by exact id, or by
 * name ignoring case (names are what admins type; ids are what survive a rename). A rule into a
 * group of `privilegedSecurityGroupIds` matches by id only: anyone who may create or rename an
 * IdP group can give it an administrator group's name, but not its id.
 */
export function mappedSecurityGroup(groups: readonly IdpGroup[], mapping: MappingConfig): string | undefined {
  const ids = new Set(groups.map((g) => g.id));
  const names = new Set(groups.flatMap((g) => (g.name === undefined ? [] : [g.name.toLowerCase()])));
  const rule = mapping.securityGroups.find((r) => ids.has(r.idpGroup) || (!isPrivileged(r.securityGroupId, mapping) && names.has(r.idpGroup.toLowerCase())));
  return rule?.securityGroupId;
}

/** True for a security group of `privilegedSecurityGroupIds`. */
export function isPrivileged(securityGroupId: string, mapping: MappingConfig): boolean {
  return mapping.privilegedSecurityGroupIds.includes(securityGroupId);
}

function noMappedGroup(mapping: MappingConfig): string | undefined {
  return mapping.onNoMappedGroup === 'default' ? mapping.defaultSecurityGroupId : undefined;
}
