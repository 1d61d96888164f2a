/**
 * SCIM's assignment is its scope: the IdP pushes only the users assigned to the app, so a pushed
 * user is in scope and `scope.idpGroups`, if set, narrows further. Entra creates a user before it
 * pushes their group memberships, so a SCIM user outside every scope group who never was in one
 * (the consumer has no link for them: it links a SCIM user only once in scope) is waiting for
 * their memberships, not leaving: nothing is done to a Wickr account of the same username until
 * they arrive. Only leaving a scope group, `active: false` or a DELETE takes access away.
 */
import { type DirectoryUser, IdpSource, type MappingConfig } from '../types';
import { isInScope } from './scope';

/** Why an awaiting SCIM user is left alone (`notProvisioned`). */
export const AWAITING_SCOPE_REASON = 'SCIM user has never been in a scope group (Entra pushes group memberships after the user): nothing is done until one arrives';

/** True for a SCIM user who is out of scope and was never in it (`linked`: the consumer holds a link for them). */
export function isAwaitingScope(source: IdpSource, user: DirectoryUser, mapping: MappingConfig, linked: boolean): boolean {
  return source === IdpSource.Scim && !linked && !isInScope(user.groups, mapping);
}
