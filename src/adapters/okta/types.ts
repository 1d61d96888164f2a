/**
 * The parts of Okta's User and Group objects we read.
 * https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/
 * https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Group/
 */
import type { DirectoryUser, IdpGroup } from '../../core/types';
import { isActiveOktaStatus } from './status';

/** An Okta User, as far as we read it; every field may be missing or null on the wire. */
export type OktaUser = {
  readonly id?: string | null;
  readonly status?: string | null;
  readonly profile?: {
    readonly login?: string | null;
    readonly email?: string | null;
    readonly firstName?: string | null;
    readonly lastName?: string | null;
  } | null;
};

/** An Okta Group, as far as we read it. */
export type OktaGroup = { readonly id?: string | null; readonly profile?: { readonly name?: string | null } | null };

/** Maps an Okta user and its groups to the directory's view; a `null` becomes absent. */
export function toDirectoryUser(user: OktaUser, groups: readonly IdpGroup[]): DirectoryUser {
  const profile = user.profile;
  return {
    idpUserId: user.id ?? '',
    email: profile?.email ?? undefined,
    login: profile?.login ?? undefined,
    firstName: profile?.firstName ?? undefined,
    lastName: profile?.lastName ?? undefined,
    active: isActiveOktaStatus(user.status),
    groups,
  };
}

/** `{ id, name: profile.name }`, the name left out when Okta has none. */
export function toIdpGroup(group: OktaGroup): IdpGroup {
  const name = group.profile?.name;
  return name ? { id: group.id ?? '', name } : { id: group.id ?? '' };
}

/**
 * The rate-limit buckets we keep apart, as Okta does by endpoint family (the emulator keeps the same).
 * https://developer.okta.com/docs/reference/rl-global-mgmt/
 */
export const OktaFamily = {
  /** `GET /api/v1/users` (list, filter). */
  Users: '/api/v1/users',
  /** `GET /api/v1/users/{idOrLogin}` and its `/groups`. */
  User: '/api/v1/users/{id}',
  /** `GET /api/v1/groups` (list, q, search). */
  Groups: '/api/v1/groups',
  /** `GET /api/v1/groups/{id}` and its `/users`. */
  Group: '/api/v1/groups/{id}',
} as const;
export type OktaFamily = (typeof OktaFamily)[keyof typeof OktaFamily];
