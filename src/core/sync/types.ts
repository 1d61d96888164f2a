/**
 * The types the batch's modules share: the work a batch is sorted into (prepare.ts), what each
 * kind of work hands back, and the batch's dependencies. They live here, apart from every module
 * that uses them, so that `src/core/sync` reads from the top down (processBatch → prepare,
 * processUser, provision, the triggers → syncUser → …) with no import running back up.
 */
import type { Clock, DirectoryPort, Logger, QueuePort, Random, StateStore, UserLink, UserState, WickrPort, WickrProvisioningPort } from '../ports';
import type { DirectoryUser, GroupTrigger, IdpSource, MappingConfig, ParsedEvent, UserTrigger, WickrUserTrigger } from '../types';
import type { RetryDelayPolicy } from './backoff';
import type { Disposition } from './classify';
import type { Creation } from './creation';
import type { QueueRecord, RecordResult } from './records';

/** What syncing one user needs. */
export type SyncDeps = {
  readonly mapping: MappingConfig;
  readonly wickr: WickrPort;
  readonly directories: Partial<Record<IdpSource, DirectoryPort>>;
  readonly store: StateStore;
  /** Preview only: no Wickr write and no state write (links, owners, memberships). */
  readonly dryRun: boolean;
  readonly logger: Logger;
  /** BatchCreateUser and BatchReinviteUser; without it no account is ever created (`notProvisioned`). */
  readonly provisioning?: WickrProvisioningPort;
  /** When a suspension is recorded, and whether a deletion is due. */
  readonly clock: Clock;
};

/** One user to bring in line, as named by an event. */
export type SyncRequest = {
  readonly source: IdpSource;
  readonly idpUserId: string;
  readonly eventId: string;
  readonly occurredAt: string;
  /** Full state carried by the event (generic events); otherwise the directory is read. */
  readonly state?: DirectoryUser;
  readonly deleted?: boolean;
  readonly loginHint?: string;
  /** The reconcile asks to delete the user's Wickr account (`deprovisioning`): done only if still due (deprovision.ts). */
  readonly intent?: 'delete';
};

/** How one user's sync ended. */
export type SyncResult = {
  /** `toCreate`: the account is created by the invocation's BatchCreateUser calls (`creation`), see provision.ts. */
  readonly outcome: 'applied' | 'created' | 'unchanged' | 'ignored' | 'notProvisioned' | 'toCreate' | 'deleted';
  readonly creation?: Creation;
  readonly wickrUserId?: string;
  readonly changed?: readonly string[];
  readonly reason?: string;
  /** The link to store with the user's end (absent: unchanged; null: forget it). Never set in a dry run. */
  readonly link?: UserLink | null;
};

/** Everything one batch needs besides the records. */
export type BatchDeps = SyncDeps & {
  readonly queue: QueuePort;
  /** Users processed at once in this invocation. */
  readonly concurrency: number;
  /** Identifies this invocation as the holder of per-user leases. */
  readonly owner: string;
  /** How long a per-user lease lasts if never released (a crashed invocation). */
  readonly leaseMs: number;
  /** Epoch ms after which no new user is started (the invocation's time budget). */
  readonly startDeadline: number;
  /** True while most Wickr calls are throttled: stop starting new users and hand them back. */
  readonly shouldPause: () => boolean;
  /**
   * The queue's redrive `maxReceiveCount`. On that receive a record that still fails is
   * dead-lettered by the consumer with its reason (`RetriesExhausted`), before SQS would move it
   * without one; a deferral is re-sent as a new message instead.
   */
  readonly maxReceiveCount: number;
  /** The stack's generic source is on (`genericPublisherArns`): otherwise generic bodies end `ignored`. */
  readonly genericEnabled: boolean;
  readonly clock: Clock;
  readonly random: Random;
  readonly retryDelay?: RetryDelayPolicy;
};

/** A record whose event names one user, resolved to an IdP user id (from a login or a membership id if need be). */
export type UserWork = {
  readonly record: QueueRecord;
  readonly trigger: UserTrigger;
  readonly idpUserId: string;
  readonly eventKey: string;
};

/** A record whose event names a whole group. */
export type GroupWork = { readonly record: QueueRecord; readonly trigger: GroupTrigger; readonly eventKey: string };

/** A record whose ResyncUser message names a Wickr user. */
export type WickrUserWork = { readonly record: QueueRecord; readonly trigger: WickrUserTrigger; readonly eventKey: string };

/** How a record ended during preparation. */
export type EarlyEnd =
  | { readonly kind: 'ignored'; readonly event: ParsedEvent; readonly reason: string }
  | { readonly kind: 'duplicate'; readonly event: ParsedEvent }
  | { readonly kind: 'failed'; readonly event?: ParsedEvent; readonly disposition: Disposition };

/** The batch, parsed and sorted into work. */
export type PreparedBatch = {
  readonly users: Map<string, UserWork[]>;
  readonly groups: GroupWork[];
  /** Wickr-targeted ResyncUser messages (the reconcile's unmanaged users). */
  readonly wickrUsers: WickrUserWork[];
  /** Keyed by the record itself: a batch may (rarely) hold one message twice, with one message id. */
  readonly ended: Map<QueueRecord, EarlyEnd>;
};

/** One user waiting, under its lease, for the invocation's BatchCreateUser calls. */
export type PendingCreation = {
  /** The user key, and the lease it holds. */
  readonly key: string;
  /** The user's records not processed before; `lead` among them. */
  readonly works: readonly UserWork[];
  readonly lead: UserWork;
  readonly request: SyncRequest;
  readonly creation: Creation;
  /** The user's item as its lease found it: the end (marks, link, release) is written against it. */
  readonly state: UserState;
};

/** How one user's records ended: settled, or to be settled as failures. */
export type UserOutcome = {
  done: RecordResult[];
  failed: { work: UserWork; disposition: Disposition }[];
  /** The user's account is to be created with the invocation's other creations; its lease is kept until then. */
  pending?: PendingCreation;
};
