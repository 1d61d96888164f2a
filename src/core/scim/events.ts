/**
 * The events the SCIM endpoint publishes to the stack's bus for each accepted write, and the
 * consumer parses (the contract between `src/handlers/scim` and `src/core/events`). Like every
 * other event they are triggers only: the consumer re-reads the user from the SCIM store.
 */

/** EventBridge `source` of every SCIM event. */
export const SCIM_SOURCE = 'wickr-idp-sync.scim';

/** EventBridge `detail-type`s of SCIM events. */
export const ScimDetailType = {
  /** A user was created, replaced, patched or deleted. */
  UserChanged: 'ScimUserChanged',
  /** A group was created, renamed, deleted, or its members changed. */
  GroupChanged: 'ScimGroupChanged',
} as const;
export type ScimDetailType = (typeof ScimDetailType)[keyof typeof ScimDetailType];

/**
 * `eventId` is unique per accepted write and the same each time that write is (re)published
 * (`<resourceId>:<version>`), so a re-published outbox entry is a duplicate to the consumer.
 */
type ScimEventBase = { readonly eventId: string; readonly occurredAt: string };

/** Detail of `ScimUserChanged`. */
export type ScimUserChangedDetail = ScimEventBase & { readonly userId: string };

/**
 * Detail of `ScimGroupChanged`. `memberIds` lists the users whose membership changed (added or
 * removed), or every member a deleted group had; absent when the whole group is concerned
 * (a `displayName` change), in which case the consumer fans out to the group's members.
 */
export type ScimGroupChangedDetail = ScimEventBase & { readonly groupId: string; readonly memberIds?: readonly string[] };
