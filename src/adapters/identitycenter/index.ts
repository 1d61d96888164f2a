/** The IAM Identity Center directory adapter. */
export { createIdentityCenterDirectory } from './directory';
export type { IdentityCenterDirectoryOptions } from './directory';
