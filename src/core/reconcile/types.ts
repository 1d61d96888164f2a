/** The reconcile's vocabulary: what it reads, what it decides, what it reports. */
import type { SuspendedFor } from '../ports';
import type { DirectoryUser, IdpGroup, IdpSource, MappingConfig, Plan, WickrUser } from '../types';

/** A stored IdP → Wickr link, as the bulk read returns it. */
export type LinkEntry = { readonly source: IdpSource; readonly idpUserId: string; readonly wickrUserId: string };

/** Why and when (epoch ms) the sync suspended a linked user, by user key: the links' `suspendedAt`/`suspendedFor`. */
export type SuspensionEntry = { readonly userKey: string; readonly suspendedAt: number; readonly suspendedFor: SuspendedFor };

/** One directory's complete listing: every user, with their groups among `groups` filled in. */
export type SourceListing = {
  readonly source: IdpSource;
  /** The directory groups the mapping, the scope and the run's filter name (resolved by id or name). */
  readonly groups: readonly IdpGroup[];
  readonly users: readonly DirectoryUser[];
};

/** Narrows an on-demand run to one user or one group; every user is still read, for matching. */
export type ReconcileFilter = {
  /** An IdP user id, or the Wickr username it maps to (ignoring case). */
  readonly user?: string;
  /** An IdP group id, or its name ignoring case. */
  readonly group?: string;
};

/** Everything one reconcile decides from. */
export type ReconcileInput = {
  readonly mapping: MappingConfig;
  readonly wickrUsers: readonly WickrUser[];
  readonly links: readonly LinkEntry[];
  /** The directories listed in this run; links of other sources (generic) are only counted. */
  readonly sources: readonly SourceListing[];
  readonly filter?: ReconcileFilter;
  /** The recorded suspensions of linked users now suspended in Wickr (read only under `deprovisioning`). */
  readonly suspensions?: readonly SuspensionEntry[];
  /** Epoch ms the run plans for (its start, so every invocation of a run plans the same): deletions fall due against it. */
  readonly now?: number;
};

/** Why a user needs a change. */
export const ActionReason = {
  /** An IdP user whose Wickr account differs from the mapping (in or out of scope). */
  Drift: 'drift',
  /** A linked IdP user the directory no longer lists: `onDelete`. */
  Deleted: 'deleted',
  /** A Wickr user that maps to no IdP user, under `onUnmanaged: "suspend"`. */
  Unmanaged: 'unmanaged',
  /** An in-scope, active IdP user with no Wickr account, under `provisioning.createUsers`. */
  Create: 'create',
  /** An in-scope Wickr user whose invitation expired, under `provisioning.reinviteExpired`. */
  Reinvite: 'reinvite',
  /** A Wickr user suspended for a delete or deactivation at least `deprovisioning.deleteAfterDays` ago. */
  Delete: 'delete',
} as const;
export type ActionReason = (typeof ActionReason)[keyof typeof ActionReason];

/** One user the run acts on: a ResyncUser message when `plan` changes something, and/or a link to write. */
export type ReconcileAction = {
  /** Stable sort key: `idp:<source>:<idpUserId>` or `wickr:<wickrUserId>`. */
  readonly key: string;
  /** Absent only for a creation (`reason: "create"`): the account does not exist yet. */
  readonly wickrUserId?: string;
  readonly source?: IdpSource;
  readonly idpUserId?: string;
  readonly reason: ActionReason;
  /** The change the consumer will make (empty when only a link is written). */
  readonly plan: Plan;
  /** Changed fields, names only (never values): `firstName`, `securityGroupIds`, `suspended`… */
  readonly fields: readonly string[];
  /** The match was made by username (or the stored link was stale): the run writes the link. */
  readonly writeLink: boolean;
};

/** Counts of one run. The first keys are the report contract (issue 11); the rest are additions. */
export type ReconcileCounts = {
  runs: number;
  dryRun: boolean;
  guardTripped: boolean;
  /** IdP users in scope (all listed users when there is no `scope`). */
  inScope: number;
  wickrUsers: number;
  /** Wickr users matched to a listed IdP user (by link or username). */
  linked: number;
  /** Users who needed any change. */
  drifted: number;
  messagesSent: number;
  toUpdate: number;
  toSuspend: number;
  toUnsuspend: number;
  /** Wickr users that map to no IdP user (admins included). */
  unmanaged: number;
  /** Wickr users linked to generic-source users: left to their events. */
  skippedGeneric: number;
  /** Wickr users claimed by two IdP users (two sources, or two users of one): left alone. */
  conflicts: number;
  /** IdP users with no Wickr account (those to create among them). */
  notProvisioned: number;
  /** In-scope, active IdP users with no Wickr account, created through the consumer (`provisioning.createUsers`). */
  toCreate: number;
  /** In-scope Wickr users whose invitation expired, re-invited through the consumer (`provisioning.reinviteExpired`). */
  toReinvite: number;
  /** Wickr users suspended for a delete or deactivation at least `deprovisioning.deleteAfterDays` ago, deleted through the consumer. */
  toDelete: number;
  /** IdP users with no value in `usernameAttribute`. */
  unmappable: number;
  /** Wickr users whose change was limited by `protectedUsernames`, or left alone as unmanaged. */
  protected: number;
  linksWritten: number;
  /** Drifted users per field (`username`, `firstName`, `lastName`, `securityGroupIds`, `suspended`, `unsuspended`). */
  driftedByField: Record<string, number>;
};

/** The pure result of a reconcile. */
export type ReconcileOutcome = {
  readonly actions: readonly ReconcileAction[];
  readonly counts: ReconcileCounts;
  /** Wickr users matched to an IdP user or a generic link: the guard's percentage base. */
  readonly managed: number;
};
