/** The Okta directory adapter. */
export { createOktaDirectory, toDirectoryUser } from './directory';
export type { OktaDirectoryClient, OktaDirectoryOptions } from './directory';
export { OKTA_STATUS_ACTIVE, isActiveOktaStatus } from './status';
export type { OktaUserStatus } from './status';
