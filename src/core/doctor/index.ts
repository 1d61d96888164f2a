/** The doctor: read-only checks of a deployment (or the local stack), one pass/fail row each. */
export { runDoctor } from './runDoctor';
export { formatDoctorReport } from './format';
export { checkMapping, checkSecurityGroups, checkWickrAccess } from './mappingChecks';
export { checkCredential, checkIdpGroups, mappingGroupRefs } from './directoryChecks';
export { checkDeadLetters, checkLastReconcile, checkScimTokens } from './stateChecks';
export { CheckStatus } from './types';
export type { DeadLetterQueuePort, DoctorCheck, DoctorCommands, DoctorDirectory, DoctorPorts, DoctorReport, ScimTokenPort, SecurityGroupSummary } from './types';
