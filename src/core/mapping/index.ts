/** The mapping configuration and the desired Wickr state it yields. */
export { parseMappingConfig } from './config';
export { desiredForDeleted, desiredState, mappedSecurityGroup, wickrUsername } from './desiredState';
export { groupMatches, isInScope, isProtectedUsername } from './scope';
export { AWAITING_SCOPE_REASON, isAwaitingScope } from './assignment';
export { deletionRefusal, suspensionReason } from './deprovisioning';
