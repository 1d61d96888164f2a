/** Each configured directory's credential works, and the groups the mapping names resolve in them. */
import { Dependency, DependencyError } from '../errors';
import { groupMatches } from '../mapping';
import type { IdpGroup, IdpSource, MappingConfig } from '../types';
import { describeError, isAuth, isNotFound, transientFix, type Settled } from './failure';
import { plural } from './mappingChecks';
import { CheckStatus, type DoctorCheck, type DoctorDirectory } from './types';

/** What each source's credential is, and how to renew it. */
const CREDENTIAL_FIX: Record<IdpSource, string> = {
  okta: 'the Okta API token was refused: create a token of a read-only admin (Okta Admin → Security → API → Tokens) and store it in the secret oktaTokenSecretId names (aws secretsmanager put-secret-value --secret-id <it> --secret-string <token>)',
  'identity-center': 'the caller lacks identitystore:ListUsers on the identity store, or identityStoreId is wrong (aws sso-admin list-instances shows the id)',
  generic: 'the generic source has no credential',
  scim: "the functions could not read the SCIM table: check that SCIM_TABLE_NAME names the stack's SCIM table and the roles may read it",
};

/** A probe (one cheap read) per directory: the credential and the access work. */
export function checkCredential(directory: DoctorDirectory, probe: Settled<void>): DoctorCheck {
  const name = `${directory.source} credential`;
  if (probe.ok) return { name, status: CheckStatus.Pass, detail: 'a one-user read answered' };
  const error = probe.error;
  const detail = describeError(error);
  // The token is read from Secrets Manager first: a secret that cannot be read is a different fix.
  if (error instanceof DependencyError && error.dependency === Dependency.Config) {
    return {
      name,
      status: CheckStatus.Fail,
      detail,
      fix: 'the token secret cannot be read: the caller needs secretsmanager:GetSecretValue on it (and kms:Decrypt with a customer key), and the secret must hold the token',
    };
  }
  if (isAuth(error)) return { name, status: CheckStatus.Fail, detail, fix: CREDENTIAL_FIX[directory.source] };
  if (isNotFound(error)) return { name, status: CheckStatus.Fail, detail, fix: CREDENTIAL_FIX[directory.source] };
  return { name, status: CheckStatus.Fail, detail, fix: transientFix(error) };
}

/** Every IdP group ref of the mapping (rules and scope), with the field it comes from. */
export function mappingGroupRefs(mapping: MappingConfig): { readonly ref: string; readonly field: string }[] {
  return [
    ...mapping.securityGroups.map((rule, i) => ({ ref: rule.idpGroup, field: `securityGroups[${i}].idpGroup` })),
    ...(mapping.scope?.idpGroups ?? []).map((ref, i) => ({ ref, field: `scope.idpGroups[${i}]` })),
  ];
}

/**
 * Every group the mapping names resolves in at least one configured directory (a deployment
 * with Okta and Identity Center maps groups of both). A ref no directory knows fails, or only
 * warns when a source the doctor cannot list is on (generic; SCIM until it has a lister here).
 */
export function checkIdpGroups(
  mapping: MappingConfig | undefined,
  directories: readonly DoctorDirectory[],
  resolved: readonly Settled<readonly IdpGroup[]>[],
  unlistedSources: readonly string[],
): DoctorCheck {
  const name = 'IdP groups';
  if (mapping === undefined) return { name, status: CheckStatus.Skipped, detail: 'skipped: the mapping did not parse' };
  if (directories.length === 0) return { name, status: CheckStatus.Skipped, detail: 'skipped: no directory to list (the generic source sends groups with its events)' };
  const refs = mappingGroupRefs(mapping);
  if (refs.length === 0) return { name, status: CheckStatus.Pass, detail: 'the mapping names no IdP group' };
  const failed = directories.filter((_, i) => !resolved[i]?.ok);
  const foundIn = (ref: string): IdpSource[] =>
    directories
      .filter((_, i) => {
        const r = resolved[i];
        return r?.ok === true && r.value.some((g) => groupMatches(g, ref));
      })
      .map((d) => d.source);
  const missing = refs.filter((r) => foundIn(r.ref).length === 0);
  if (missing.length === 0) {
    const bySource = directories.map((d) => `${refs.filter((r) => foundIn(r.ref).includes(d.source)).length} in ${d.source}`);
    return { name, status: CheckStatus.Pass, detail: `${plural(refs.length, 'group ref')} resolved (${bySource.join(', ')})` };
  }
  const where = directories.map((d) => d.source).join(' or ');
  const listing = missing.map((m) => `"${m.ref}" (${m.field})`).join(', ');
  if (failed.length > 0) {
    const reasons = failed.map((d) => `${d.source}: ${describeError((resolved[directories.indexOf(d)] as { error: unknown }).error)}`).join('; ');
    return { name, status: CheckStatus.Fail, detail: `could not check ${listing}: ${reasons}`, fix: 'fix the directory credential above, then run the doctor again' };
  }
  return {
    name,
    status: unlistedSources.length > 0 ? CheckStatus.Warn : CheckStatus.Fail,
    detail: `not found in ${where}: ${listing}`,
    fix: `correct the group in the mapping: an IdP group id exactly, or its name ignoring case${unlistedSources.length > 0 ? `; a group of the ${unlistedSources.join(' or ')} source cannot be checked here` : ''}`,
  };
}
