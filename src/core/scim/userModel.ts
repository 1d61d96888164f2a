/** A stored user from a checked body, and the SCIM User answered for a stored user. */
import { ScimSchema } from './constants';
import type { StoredEmail, StoredUser } from './types';
import type { Attributes } from './validate';

/** The resource's own parts (id, version, times) that the body does not carry. */
export type UserIdentity = { readonly id: string; readonly version: number; readonly created: string; readonly lastModified: string };

/**
 * The stored user for checked `attributes`. `active` defaults to true when absent: answering a
 * create with `active: false` makes Okta try to reactivate in a loop (reference/scim.md).
 */
export function toStoredUser(identity: UserIdentity, attributes: Attributes): StoredUser {
  const name = (attributes.name ?? {}) as { givenName?: string; familyName?: string };
  const emails = ((attributes.emails ?? []) as StoredEmail[]).filter((e) => typeof e.value === 'string');
  const active = attributes.active === undefined ? true : attributes.active === true;
  return {
    ...identity,
    userName: (attributes.userName as string).trim(),
    externalId: attributes.externalId as string | undefined,
    active,
    givenName: name.givenName,
    familyName: name.familyName,
    displayName: attributes.displayName as string | undefined,
    emails: emails.map((e) => ({ value: e.value, ...(e.type === undefined ? {} : { type: e.type }), ...(e.primary === undefined ? {} : { primary: e.primary }) })),
    attributes: { ...attributes, active },
  };
}

/** The SCIM User for a stored user, `meta.location` under `baseUrl`. */
export function userResource(user: StoredUser, baseUrl: string): Record<string, unknown> {
  const schemas = user.attributes[ScimSchema.enterpriseUser] === undefined ? [ScimSchema.user] : [ScimSchema.user, ScimSchema.enterpriseUser];
  return {
    schemas,
    id: user.id,
    ...user.attributes,
    meta: { resourceType: 'User', created: user.created, lastModified: user.lastModified, location: `${baseUrl}/Users/${user.id}` },
  };
}
