/** The Okta directory adapter: the consumer's `DirectoryPort` and the reconcile's `DirectoryLister`. */
export { createOktaClient } from './client';
export type { OktaAnswer, OktaClient, OktaClientOptions, OktaGet } from './client';
export { createOktaDirectory } from './directory';
export type { OktaDirectoryOptions } from './directory';
export { createOktaLister } from './lister';
export type { OktaListerOptions } from './lister';
export { OKTA_STATUS_ACTIVE, isActiveOktaStatus } from './status';
export type { OktaUserStatus } from './status';
export { toDirectoryUser } from './types';
export type { OktaGroup, OktaUser } from './types';
