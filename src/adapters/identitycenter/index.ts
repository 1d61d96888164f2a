/** The IAM Identity Center directory adapter: the consumer's `DirectoryPort` and the reconcile's `DirectoryLister`. */
export { createIdentityCenterDirectory } from './directory';
export type { IdentityCenterDirectoryOptions } from './directory';
export { createIdentityCenterLister } from './lister';
export type { IdentityCenterListerOptions } from './lister';
