/**
 * What the SCIM use cases need from outside: the store (DynamoDB), the publisher (EventBridge),
 * the clock, ids and a sleep. Adapters live in src/adapters/scim; unit tests use in-memory fakes.
 * Every method throws `DependencyError` on an infrastructure failure.
 */
import type { Logger } from '../ports';
import type { OutboxEntry, ScimWrite, StoredGroup, StoredUser } from './types';

/** The SCIM directory as the IdP pushed it. */
export interface ScimStore {
  getUser(id: string): Promise<StoredUser | undefined>;
  /** The id of the user holding the name with this uniqueness key, if any. */
  findUserIdByNameKey(nameKey: string): Promise<string | undefined>;
  /** Every user, in id order (a stable order for paging). */
  listUsers(): Promise<StoredUser[]>;
  /** Those of `ids` that name a stored user. */
  existingUserIds(ids: readonly string[]): Promise<Set<string>>;
  getGroup(id: string): Promise<StoredGroup | undefined>;
  findGroupIdByNameKey(nameKey: string): Promise<string | undefined>;
  /** Every group, in id order. */
  listGroups(): Promise<StoredGroup[]>;
  /**
   * Takes the group's next version for a member change (an atomic increment, which never fails
   * for a race) and sets `lastModified`; undefined when the group does not exist.
   */
  reserveGroupVersion(groupId: string, lastModified: string): Promise<number | undefined>;
  /** The user ids of a group's members, sorted. */
  listMembers(groupId: string): Promise<string[]>;
  /** The ids of the groups a user is a member of. */
  listGroupsOf(userId: string): Promise<string[]>;
  /**
   * Applies one write and its outbox entry in one transaction. Throws `ScimConflictError`
   * (`version` or `uniqueness`) when a condition failed, and stores nothing then.
   */
  commit(write: ScimWrite): Promise<void>;
  /** Outbox entries, oldest writes first as far as the store can tell, at most `limit`. */
  listOutbox(limit: number): Promise<OutboxEntry[]>;
  deleteOutbox(eventId: string): Promise<void>;
}

/** Publishes events to the stack's bus. */
export interface ScimPublisher {
  /** Publishes up to 10 entries; answers the event ids that were refused (the rest were accepted). */
  publish(entries: readonly OutboxEntry[]): Promise<{ readonly failed: readonly string[] }>;
}

/** Everything a SCIM use case is given. */
export type ScimDeps = {
  readonly store: ScimStore;
  readonly publisher: ScimPublisher;
  readonly clock: { now(): number };
  /** A new resource id (a UUID in production). */
  readonly newId: () => string;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
};
