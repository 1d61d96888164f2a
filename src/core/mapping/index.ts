/** The mapping configuration and the desired Wickr state it yields. */
export { parseMappingConfig } from './config';
export { desiredForDeleted, desiredState, mappedSecurityGroup } from './desiredState';
