/**
 * The SCIM store's items in its DynamoDB table (`SCIM_TABLE_NAME`, keys `pk`/`sk`, index
 * `byKind` on `kind`/`id`): the contract between the SCIM endpoint, which writes them, and the
 * consumer, the reconcile's lister and the doctor, which read them. Key prefixes are fixed here
 * because IAM limits each role to them with `dynamodb:LeadingKeys`.
 */

/** Partition-key prefixes. */
export const ScimKey = {
  user: (id: string) => `user#${id}`,
  group: (id: string) => `group#${id}`,
  token: (tokenId: string) => `token#${tokenId}`,
  outbox: (eventId: string) => `outbox#${eventId}`,
  /** A user name's uniqueness item; `key` is the SHA-256 (hex) of the name after NFC, trim and case-folding. */
  userName: (key: string) => `userName#${key}`,
  /** A group display name's uniqueness item; `key` as for `userName`. */
  displayName: (key: string) => `displayName#${key}`,
} as const;

/** Sort keys. A user's `memberOf#<groupId>` and the group's `member#<userId>` are written together. */
export const ScimSort = {
  user: 'user',
  group: 'group',
  token: 'token',
  outbox: 'outbox',
  userName: 'userName',
  displayName: 'displayName',
  memberOf: (groupId: string) => `memberOf#${groupId}`,
  member: (userId: string) => `member#${userId}`,
} as const;

/** The `kind` attribute: the `byKind` index lists every item of a kind in `id` order. */
export const ScimKind = { user: 'user', group: 'group', token: 'token', outbox: 'outbox' } as const;
export type ScimKind = (typeof ScimKind)[keyof typeof ScimKind];

/** The name of the index that lists users, groups, tokens or outbox entries. */
export const SCIM_KIND_INDEX = 'byKind';

export type ScimEmail = { readonly value: string; readonly type?: string; readonly primary?: boolean };

/** `pk = user#<id>`, `sk = user`. `resource` is the SCIM resource as last answered (JSON). */
export type ScimUserItem = {
  readonly pk: string;
  readonly sk: 'user';
  readonly kind: 'user';
  readonly id: string;
  readonly userName: string;
  readonly externalId?: string;
  readonly active: boolean;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly displayName?: string;
  readonly emails: readonly ScimEmail[];
  readonly version: number;
  readonly created: string;
  readonly lastModified: string;
  readonly resource: string;
};

/** `pk = group#<id>`, `sk = group`. */
export type ScimGroupItem = {
  readonly pk: string;
  readonly sk: 'group';
  readonly kind: 'group';
  readonly id: string;
  readonly displayName: string;
  readonly externalId?: string;
  readonly version: number;
  readonly created: string;
  readonly lastModified: string;
};

/** `pk = user#<userId>`, `sk = memberOf#<groupId>`: one of the user's groups. */
export type ScimMemberOfItem = { readonly pk: string; readonly sk: string; readonly groupId: string };

/** `pk = group#<groupId>`, `sk = member#<userId>`: one of the group's members. */
export type ScimMemberItem = { readonly pk: string; readonly sk: string; readonly userId: string };

/**
 * `pk = token#<tokenId>`, `sk = token`: a bearer token, stored only as its SHA-256 (hex).
 * At most two live at once; `expiresAt` (ISO 8601) only when one was asked for.
 */
export type ScimTokenItem = {
  readonly pk: string;
  readonly sk: 'token';
  readonly kind: 'token';
  readonly id: string;
  readonly sha256: string;
  readonly createdAt: string;
  readonly expiresAt?: string;
};

/**
 * `pk = userName#<key>`, `sk = userName` (or `displayName#<key>`, `sk = displayName` for groups):
 * written in the same transaction as the user or group, on condition that it does not exist or
 * already names the same owner, so two resources can never hold one name.
 */
export type ScimUniqueItem = { readonly pk: string; readonly sk: 'userName' | 'displayName'; readonly ownerId: string };

/**
 * `pk = outbox#<eventId>`, `sk = outbox`: an event written in the same transaction as the change
 * it announces, deleted once PutEvents accepted it; `detail` is the event's detail (JSON).
 * Entries left behind (PutEvents failed, the function stopped) are published again by the drain.
 */
export type ScimOutboxItem = {
  readonly pk: string;
  readonly sk: 'outbox';
  readonly kind: 'outbox';
  readonly id: string;
  readonly detailType: string;
  readonly detail: string;
  readonly createdAt: string;
};
