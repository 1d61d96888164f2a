/**
 * Stored users, groups and outbox entries to and from their DynamoDB items (schema.ts). The
 * codec is written out by hand: the shapes are few and flat, and no marshalling library is
 * bundled for them.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ScimSchema } from '../../core/scim/constants';
import type { ScimDetailType } from '../../core/scim/events';
import type { OutboxEntry, StoredEmail, StoredGroup, StoredUser } from '../../core/scim/types';
import { ScimKey, ScimKind, ScimSort } from './schema';

/** A DynamoDB item. */
export type Item = Record<string, AttributeValue>;

const s = (value: string): AttributeValue => ({ S: value });
const optional = (name: string, value: string | undefined): Item => (value === undefined ? {} : { [name]: s(value) });
const text = (item: Item, name: string): string | undefined => item[name]?.S;

/** The key of a user, group, member, outbox or name item. */
export const keys = {
  user: (id: string): Item => ({ pk: s(ScimKey.user(id)), sk: s(ScimSort.user) }),
  group: (id: string): Item => ({ pk: s(ScimKey.group(id)), sk: s(ScimSort.group) }),
  member: (groupId: string, userId: string): Item => ({ pk: s(ScimKey.group(groupId)), sk: s(ScimSort.member(userId)) }),
  memberOf: (userId: string, groupId: string): Item => ({ pk: s(ScimKey.user(userId)), sk: s(ScimSort.memberOf(groupId)) }),
  outbox: (eventId: string): Item => ({ pk: s(ScimKey.outbox(eventId)), sk: s(ScimSort.outbox) }),
  userName: (key: string): Item => ({ pk: s(ScimKey.userName(key)), sk: s(ScimSort.userName) }),
  displayName: (key: string): Item => ({ pk: s(ScimKey.displayName(key)), sk: s(ScimSort.displayName) }),
} as const;

const emailItem = (e: StoredEmail): AttributeValue => ({
  M: { value: s(e.value), ...optional('type', e.type), ...(e.primary === undefined ? {} : { primary: { BOOL: e.primary } }) },
});

/** The item of a user; `resource` holds the SCIM resource as answered, less `meta.location`. */
export function userItem(user: StoredUser): Item {
  const resource = {
    schemas: user.attributes[ScimSchema.enterpriseUser] === undefined ? [ScimSchema.user] : [ScimSchema.user, ScimSchema.enterpriseUser],
    id: user.id,
    ...user.attributes,
    meta: { resourceType: 'User', created: user.created, lastModified: user.lastModified },
  };
  return {
    ...keys.user(user.id),
    kind: s(ScimKind.user),
    id: s(user.id),
    userName: s(user.userName),
    ...optional('externalId', user.externalId),
    active: { BOOL: user.active },
    ...optional('givenName', user.givenName),
    ...optional('familyName', user.familyName),
    ...optional('displayName', user.displayName),
    emails: { L: user.emails.map(emailItem) },
    version: { N: String(user.version) },
    created: s(user.created),
    lastModified: s(user.lastModified),
    resource: s(JSON.stringify(resource)),
  };
}

/** The stored user of an item. */
export function userFromItem(item: Item): StoredUser {
  const { schemas: _schemas, id: _id, meta: _meta, ...attributes } = JSON.parse(text(item, 'resource') ?? '{}') as Record<string, unknown>;
  return {
    id: text(item, 'id') as string,
    userName: text(item, 'userName') as string,
    externalId: text(item, 'externalId'),
    active: item.active?.BOOL ?? true,
    givenName: text(item, 'givenName'),
    familyName: text(item, 'familyName'),
    displayName: text(item, 'displayName'),
    emails: (item.emails?.L ?? []).map((e) => {
      const m = e.M ?? {};
      return { value: m.value?.S ?? '', ...(m.type?.S === undefined ? {} : { type: m.type.S }), ...(m.primary?.BOOL === undefined ? {} : { primary: m.primary.BOOL }) };
    }),
    version: Number(item.version?.N ?? 0),
    created: text(item, 'created') as string,
    lastModified: text(item, 'lastModified') as string,
    attributes,
  };
}

/** The item of a group. */
export function groupItem(group: StoredGroup): Item {
  return {
    ...keys.group(group.id),
    kind: s(ScimKind.group),
    id: s(group.id),
    displayName: s(group.displayName),
    ...optional('externalId', group.externalId),
    version: { N: String(group.version) },
    created: s(group.created),
    lastModified: s(group.lastModified),
  };
}

/** The stored group of an item. */
export function groupFromItem(item: Item): StoredGroup {
  return {
    id: text(item, 'id') as string,
    displayName: text(item, 'displayName') as string,
    externalId: text(item, 'externalId'),
    version: Number(item.version?.N ?? 0),
    created: text(item, 'created') as string,
    lastModified: text(item, 'lastModified') as string,
  };
}

/** The item of an outbox entry. */
export function outboxItem(entry: OutboxEntry): Item {
  return {
    ...keys.outbox(entry.eventId),
    kind: s(ScimKind.outbox),
    id: s(entry.eventId),
    detailType: s(entry.detailType),
    detail: s(JSON.stringify(entry.detail)),
    createdAt: s(entry.createdAt),
  };
}

/** The outbox entry of an item. */
export function outboxFromItem(item: Item): OutboxEntry {
  return {
    eventId: text(item, 'id') as string,
    detailType: text(item, 'detailType') as ScimDetailType,
    detail: JSON.parse(text(item, 'detail') ?? '{}') as Record<string, unknown>,
    createdAt: text(item, 'createdAt') as string,
  };
}

/** A member item and its `memberOf` twin. */
export function membershipItems(groupId: string, userId: string): [Item, Item] {
  return [
    { ...keys.member(groupId, userId), userId: s(userId) },
    { ...keys.memberOf(userId, groupId), groupId: s(groupId) },
  ];
}
