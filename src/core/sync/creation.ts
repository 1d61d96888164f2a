/**
 * Provisioning decisions, pure: whether an IdP user with no Wickr account is created, the
 * client tokens that make a creation idempotent, and how one invocation's creations are grouped
 * into BatchCreateUser calls. The calls themselves are made by provision.ts.
 */
import { createHash } from 'node:crypto';
import { WICKR_BATCH_MAX } from '../ports';
import { type DesiredUser, type DirectoryUser, IdpSource, type MappingConfig, type NewWickrUser } from '../types';

/** A Wickr account to create for one IdP user, as decided by the sync. */
export type Creation = {
  readonly user: NewWickrUser;
  /** Stable for the same user with the same desired state ({@link creationToken}). */
  readonly token: string;
  /** The user's IdP group ids, for the link written once the account exists. */
  readonly groupIds: readonly string[];
};

/** Why a user with no Wickr account is not created, or the account to create. */
export type CreationDecision = { readonly create: Creation } | { readonly reason: string };

/**
 * An IdP user with no Wickr account (no link, no username match) is created only when
 * `provisioning.createUsers` is on, the user exists, is active, is in `scope` (desired then
 * carries the username) and maps to exactly one security group.
 */
export function decideCreation(
  request: { readonly source: IdpSource; readonly idpUserId: string; readonly deleted?: boolean },
  user: DirectoryUser | null,
  desired: DesiredUser,
  mapping: MappingConfig,
): CreationDecision {
  const none = 'no Wickr user with this username';
  if (!mapping.provisioning.createUsers) return { reason: none };
  if (user === null || request.deleted) return { reason: `${none}; a deleted IdP user is never created` };
  if (!user.active) return { reason: `${none}; an inactive IdP user is never created` };
  if (desired.username === undefined) return { reason: `${none}; a user out of scope is never created` };
  // Without `scope` only SCIM's users are created: its assignment is its scope (config.ts allows no other).
  if (mapping.scope === undefined && request.source !== IdpSource.Scim) return { reason: `${none}; without "scope" only SCIM users are created` };
  if (desired.securityGroupId === undefined) return { reason: `${none}; no security group is mapped for this user (onNoMappedGroup "leave"), so none is created` };
  const created: NewWickrUser = {
    username: desired.username,
    ...(desired.firstName !== undefined && { firstName: desired.firstName }),
    ...(desired.lastName !== undefined && { lastName: desired.lastName }),
    securityGroupId: desired.securityGroupId,
  };
  return { create: { user: created, token: creationToken(request.source, request.idpUserId, created), groupIds: user.groups.map((g) => g.id) } };
}

/**
 * The logical change "create this user with this state": the same IdP user with the same desired
 * state gives the same token, whichever event or retry asks (model `ClientToken`: 1–64 of `[a-zA-Z0-9-_:]`).
 */
export function creationToken(source: IdpSource, idpUserId: string, user: NewWickrUser): string {
  const material = JSON.stringify([source, idpUserId, user.username, user.firstName ?? null, user.lastName ?? null, user.securityGroupId]);
  return `create-${sha(material)}`;
}

/**
 * The token of one BatchCreateUser call. It covers the whole call, so it is derived from its
 * members' tokens, sorted: the same users with the same states give the same call and token
 * (a replay after a lost response), and any other call gets another one.
 */
export function batchToken(memberTokens: readonly string[]): string {
  return `batch-${sha([...memberTokens].sort().join(','))}`;
}

/**
 * Groups creations into BatchCreateUser calls: one security group per call (the API takes one
 * group per request), at most {@link WICKR_BATCH_MAX} users each, in a stable order (by group,
 * then username) so the same set of users always forms the same calls.
 */
export function creationBatches<T extends { readonly creation: Creation }>(items: readonly T[], max = WICKR_BATCH_MAX): T[][] {
  const byGroup = new Map<string, T[]>();
  for (const item of items) {
    const group = item.creation.user.securityGroupId;
    const list = byGroup.get(group);
    if (list) list.push(item);
    else byGroup.set(group, [item]);
  }
  const batches: T[][] = [];
  for (const group of [...byGroup.keys()].sort()) {
    const members = (byGroup.get(group) as T[]).sort((a, b) => compare(a.creation.user.username.toLowerCase(), b.creation.user.username.toLowerCase()) || compare(a.creation.token, b.creation.token));
    for (let i = 0; i < members.length; i += max) batches.push(members.slice(i, i + max));
  }
  return batches;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 40);
}
