/** The SCIM source's adapters: the consumer's `DirectoryPort` and the reconcile's `DirectoryLister`, both reading the SCIM store (schema.ts). */
export { createScimDirectory } from './directory';
export type { ScimDirectoryOptions } from './directory';
export { createScimLister } from './lister';
export type { ScimListerOptions } from './lister';
export { chooseEmail, toDirectoryUser } from './directoryItems';
