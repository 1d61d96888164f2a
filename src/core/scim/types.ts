/** The plain shapes the SCIM use cases work on: requests and answers, and what the store keeps. */
import type { ScimDetailType } from './events';

/** One HTTP request, as the handler hands it over. Header names are lower case. */
export type ScimRequest = {
  readonly method: string;
  /** The path after `/scim/v2`, e.g. `/Users/123` (`''` for the root). */
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body as text (decoded from base64 by the handler), or undefined. */
  readonly body?: string;
  /** `https://host/…/scim/v2`: the base of `Location` and `meta.location`. */
  readonly baseUrl: string;
};

/** One HTTP answer; `body` is serialised by the handler as `application/scim+json`. */
export type ScimResponse = {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
};

/** A SCIM email as kept in the item (and the consumer reads). */
export type StoredEmail = { readonly value: string; readonly type?: string; readonly primary?: boolean };

/** A user as the store keeps it. `attributes` is the SCIM resource without `id`, `schemas` and `meta`. */
export type StoredUser = {
  readonly id: string;
  readonly userName: string;
  readonly externalId?: string;
  readonly active: boolean;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly displayName?: string;
  readonly emails: readonly StoredEmail[];
  readonly version: number;
  readonly created: string;
  readonly lastModified: string;
  readonly attributes: Readonly<Record<string, unknown>>;
};

/** A group as the store keeps it; members are items of their own (see {@link ScimStore}). */
export type StoredGroup = {
  readonly id: string;
  readonly displayName: string;
  readonly externalId?: string;
  readonly version: number;
  readonly created: string;
  readonly lastModified: string;
};

/** An event waiting to be published (the outbox entry), with its detail. */
export type OutboxEntry = {
  readonly eventId: string;
  readonly detailType: ScimDetailType;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
};

/**
 * One atomic change of the store, always with the outbox entry that announces it.
 * `expectedVersion` undefined means create (the resource must not exist); otherwise the stored
 * version must still be that one. `nameKey` is the uniqueness key of the (new) name, `oldNameKey`
 * the one to release when the name changed.
 */
export type ScimWrite =
  | { readonly kind: 'putUser'; readonly user: StoredUser; readonly expectedVersion?: number; readonly nameKey: string; readonly oldNameKey?: string; readonly outbox: OutboxEntry }
  | { readonly kind: 'deleteUser'; readonly id: string; readonly expectedVersion: number; readonly nameKey: string; readonly groupIds: readonly string[]; readonly outbox: OutboxEntry }
  | {
      readonly kind: 'putGroup';
      readonly group: StoredGroup;
      readonly expectedVersion?: number;
      readonly nameKey: string;
      readonly oldNameKey?: string;
      readonly addMembers: readonly string[];
      readonly removeMembers: readonly string[];
      readonly outbox: OutboxEntry;
    }
  /**
   * Members added to and removed from a group whose version was already taken with
   * `reserveGroupVersion`: the group item is not part of the transaction, so concurrent member
   * changes of one group never conflict (reference: 20 concurrent member PATCHes).
   */
  | { readonly kind: 'changeMembers'; readonly groupId: string; readonly addMembers: readonly string[]; readonly removeMembers: readonly string[]; readonly outbox: OutboxEntry }
  | { readonly kind: 'deleteGroup'; readonly id: string; readonly expectedVersion: number; readonly nameKey: string; readonly removeMembers: readonly string[]; readonly outbox: OutboxEntry };
