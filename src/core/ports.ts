/**
 * The interfaces core needs from the outside world. Adapters in `src/adapters` implement them;
 * unit tests use in-memory fakes. Every method throws `DependencyError` on failure.
 */
import type { DirectoryUser, IdpGroup, IdpSource, UserDetailsChange, WickrUser } from './types';

/** The Wickr network, seen through the Admin API. */
export interface WickrPort {
  /** GetUser; null when Wickr answers ResourceNotFoundError. */
  getUser(userId: string): Promise<WickrUser | null>;
  /** ListUsers filtered by username, then an exact case-insensitive match; null when none. Throws PoisonError('AmbiguousUser') on several. */
  findUserByUsername(username: string): Promise<WickrUser | null>;
  /** UpdateUser with only the changed fields. */
  updateUser(userId: string, details: UserDetailsChange): Promise<void>;
  /** BatchToggleUserSuspendStatus for one user; `clientToken` must be stable across retries of one logical change. */
  setSuspended(userId: string, suspend: boolean, clientToken: string): Promise<void>;
}

/** One page of a listing; `cursor` is absent on the last page and is opaque to the caller. */
export type Page<T> = { readonly items: readonly T[]; readonly cursor?: string };

/** Bulk reads of the Wickr network, for the reconcile. */
export interface WickrListPort {
  /** One ListUsers page (at most 100 users); pass the previous page's cursor for the next. */
  listUsersPage(cursor?: string): Promise<Page<WickrUser>>;
}

// ── Provisioning (Wickr side) ─────────────────────────────────────────────────────────────────────

// A separate import keeps this block apart from the edits of the lines above.
import type { CreateUserResult, DeleteResult, NewWickrUser, ReinviteResult, UsersCount } from './types';

/** The documented maximum of users (or user ids) in one Wickr batch call. */
export const WICKR_BATCH_MAX = 50;

/**
 * Creating and re-inviting Wickr users. `clientToken` (1–64 of `[a-zA-Z0-9-_:]`) must be the same on every retry of
 * one logical call: Wickr then answers a replay with the first response and creates nobody twice.
 */
export interface WickrProvisioningPort {
  /**
   * BatchCreateUser for at most {@link WICKR_BATCH_MAX} users (more, or a username given twice ignoring case, throws
   * before sending). One result per requested user, in request order, whatever the answer's shape.
   */
  createUsers(users: readonly NewWickrUser[], clientToken: string): Promise<readonly CreateUserResult[]>;
  /** BatchReinviteUser for at most {@link WICKR_BATCH_MAX} user ids; one result per requested id, in request order. */
  reinviteUsers(userIds: readonly string[], clientToken: string): Promise<readonly ReinviteResult[]>;
  /** GetUsersCount. */
  getUsersCount(): Promise<UsersCount>;
  /**
   * BatchDeleteUser for at most {@link WICKR_BATCH_MAX} user ids; one result per requested id, in request order.
   * Optional: without it nothing is ever deleted (`deprovisioning`).
   */
  deleteUsers?(userIds: readonly string[], clientToken: string): Promise<readonly DeleteResult[]>;
}

/** Bulk reads of one directory, for the reconcile. Every method throws `DependencyError` on failure: a partial listing never looks complete. */
export interface DirectoryLister {
  readonly source: IdpSource;
  /** The directory's groups that `refs` name: by id exactly, or by name ignoring case (as the mapping matches). Unknown refs are left out. */
  resolveGroups(refs: readonly string[]): Promise<IdpGroup[]>;
  /** One page of every user, active or not (Okta `DEPROVISIONED` included); `groups` is left empty. */
  listUsersPage(cursor?: string): Promise<Page<DirectoryUser>>;
  /** One page of the member user ids of a group (with their membership ids where the directory has them). */
  listGroupMembersPage(groupId: string, cursor?: string): Promise<MembersPage>;
}

/**
 * A page of group members. `membershipIds`, when present, runs parallel to `items` (the id of the
 * membership of `items[i]`): Identity Center names each membership, and its DeleteGroupMembership
 * events carry only that id. Okta has no membership ids and leaves it out.
 */
export type MembersPage = Page<string> & { readonly membershipIds?: readonly string[] };

/** One identity provider's directory: the truth the consumer re-reads. */
export interface DirectoryPort {
  readonly source: IdpSource;
  /** The user's profile, active flag and complete group list; null when the IdP says the user does not exist. */
  getUser(idpUserId: string): Promise<DirectoryUser | null>;
  /** Current member user ids of a group (for group-wide triggers). */
  listGroupMemberIds(idpGroupId: string): Promise<string[]>;
}

/** What the consumer remembers about an IdP user between events. */
export type UserLink = {
  readonly wickrUserId: string;
  /** Newest `occurredAt` applied from a state-carrying (generic) event. */
  readonly lastOccurredAt?: string;
  /** The event id applied at `lastOccurredAt`: breaks ties between events of the same time. */
  readonly lastEventId?: string;
  /** Group ids seen at the last sync, so group-wide triggers also reach users who left the group. */
  readonly groupIds?: readonly string[];
  /**
   * When (ISO 8601) the sync suspended the Wickr user because the IdP user was deleted or deactivated, and which;
   * cleared when it no longer holds (unsuspended). The reconcile deletes after `deprovisioning.deleteAfterDays`.
   */
  readonly suspendedAt?: string;
  readonly suspendedFor?: SuspendedFor;
};

/** Why the sync suspended a Wickr user, as recorded on the link: only these may lead to a deletion. */
export const SuspendedFor = { Delete: 'delete', Deactivate: 'deactivate' } as const;
export type SuspendedFor = (typeof SuspendedFor)[keyof typeof SuspendedFor];

/**
 * One IdP user's item as the consumer found it when it took the user's lease: the link, and
 * which of the events asked about were processed before.
 */
export type UserState = {
  readonly link: UserLink | null;
  /** The event keys asked about that were completed before (within the TTL). */
  readonly processed: ReadonlySet<string>;
  /** The adapter's own view of the item, handed back to {@link StateStore.endUser}. */
  readonly stored?: unknown;
};

/** How a user's sync ends: the events to mark processed, and the link (absent: unchanged; null: forget it). */
export type UserEnd = { readonly processed: readonly string[]; readonly link?: UserLink | null };

/** Durable state: processed events, per-user leases, IdP→Wickr links, membership ids. */
export interface StateStore {
  /**
   * Takes the user's lease (free, expired or already `owner`'s) and returns what the user's item
   * holds, in one conditional write; null when another invocation holds it. When every event
   * in `eventKeys` was processed before, answers with them all processed and takes no lease
   * (`leaseTaken: false`), so a redelivered event costs no release.
   */
  beginUser(userKey: string, owner: string, leaseMs: number, eventKeys: readonly string[]): Promise<(UserState & { readonly leaseTaken: boolean }) | null>;
  /** What the user's item holds, without taking the lease (dry run). */
  readUser(userKey: string, eventKeys: readonly string[]): Promise<UserState>;
  /** Marks events processed, writes the link if given and releases the lease, in one write; throws if `owner` no longer holds it. */
  endUser(userKey: string, owner: string, begun: UserState, end: UserEnd): Promise<void>;
  /** True if this event key was completed before (within the TTL). */
  isProcessed(eventKey: string): Promise<boolean>;
  /** Records a completed event key, expiring after the configured TTL. */
  markProcessed(eventKey: string): Promise<void>;
  /** Takes the per-user lease if free or expired; false when another invocation holds it. */
  acquireLease(userKey: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Releases the lease if `owner` still holds it. */
  releaseLease(userKey: string, owner: string): Promise<void>;
  getLink(userKey: string): Promise<UserLink | null>;
  putLink(userKey: string, link: UserLink): Promise<void>;
  deleteLink(userKey: string): Promise<void>;
  /** The source that owns a Wickr user (the first to link it); null when none has. */
  getWickrOwner(wickrUserId: string): Promise<IdpSource | null>;
  /** Makes `source` the owner unless another source already is; returns the owner either way. */
  claimWickrOwner(wickrUserId: string, source: IdpSource): Promise<IdpSource>;
  getMembershipUser(membershipId: string): Promise<string | null>;
  putMembershipUser(membershipId: string, idpUserId: string): Promise<void>;
  /** User keys last seen in a group, however many (one stored item per member, read page by page). */
  listGroupUserKeys(groupKey: string): Promise<string[]>;
  /** Records that a user joined and left groups (by group key) since its last sync; repeating it is harmless. */
  moveGroupMember(userKey: string, joined: readonly string[], left: readonly string[]): Promise<void>;
}

/** A structured logger (Powertools Logger satisfies it). */
export interface Logger {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** Injected sources of time, randomness and waiting. */
export type Clock = { now(): number };
export type Random = () => number;
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A message the consumer could not process, bound for the consumer DLQ. */
export type DeadLetter = {
  readonly body: string;
  readonly messageId: string;
  readonly errorClass: string;
  readonly reason: string;
  readonly eventId?: string;
  readonly source?: string;
};

/** The consumer's queues: poison goes to the DLQ, retries back off through visibility. */
export interface QueuePort {
  /** SendMessage to the consumer DLQ with the reason as message attributes. */
  sendToDeadLetter(letter: DeadLetter): Promise<void>;
  /** ChangeMessageVisibility for records handed back to SQS, so they back off instead of spinning. */
  delayRetry(entries: readonly { receiptHandle: string; delaySeconds: number }[]): Promise<void>;
  /** SendMessageBatch to the consumer queue (ResyncUser messages, deferrals); throws unless every message was sent. */
  sendMessages(messages: readonly { body: string; delaySeconds?: number }[]): Promise<void>;
}
