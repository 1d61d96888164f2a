/** The mapping configuration and the desired Wickr state it yields. */
export { GUARD_DEFAULTS, parseMappingConfig } from './config';
export { desiredForDeleted, desiredState, isPrivileged, mappedSecurityGroup, wickrUsername } from './desiredState';
export { groupMatches, isInScope, isProtectedUsername } from './scope';
export { normalizeUsername, usernameKey } from './username';
export { AWAITING_SCOPE_REASON, isAwaitingScope } from './assignment';
export { deletionRefusal, suspensionReason } from './deprovisioning';
