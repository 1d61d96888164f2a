/**
 * Scope and protection: the rules the event path and the reconcile share, so that they can never
 * disagree about who belongs in Wickr and who must never be touched.
 */
import type { IdpGroup, MappingConfig } from '../types';
import { usernameKey } from './username';

/** True when `group` is the one `ref` names: by id exactly, or by name ignoring case (as in `securityGroups`). */
export function groupMatches(group: IdpGroup, ref: string): boolean {
  return group.id === ref || (group.name !== undefined && group.name.toLowerCase() === ref.toLowerCase());
}

/** True when the user belongs in Wickr: no `scope`, or a member of one of `scope.idpGroups`. */
export function isInScope(groups: readonly IdpGroup[], mapping: MappingConfig): boolean {
  if (mapping.scope === undefined) return true;
  return mapping.scope.idpGroups.some((ref) => groups.some((group) => groupMatches(group, ref)));
}

/** True for a `protectedUsernames` entry (ignoring case): never suspended nor moved to another group. */
export function isProtectedUsername(username: string, mapping: MappingConfig): boolean {
  const key = usernameKey(username);
  return mapping.protectedUsernames.some((name) => usernameKey(name) === key);
}
