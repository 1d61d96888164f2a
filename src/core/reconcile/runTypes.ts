/** A run's request, checkpoint and result: the shapes the handler, the script and the store share. */
import type { IdpGroup, IdpSource } from '../types';
import type { GuardReason } from './guard';
import type { ActionReason, ReconcileCounts } from './types';

/** What starts a run (the Lambda payload; also the console Test event). */
export type ReconcileRequest = {
  /** Compute and report the plan; send nothing, write no link. */
  readonly dryRun?: boolean;
  /** Act on one user only: an IdP user id or the Wickr username it maps to. */
  readonly user?: string;
  /** Act on the members of one IdP group only (id, or name ignoring case). */
  readonly group?: string;
  /**
   * Overrides the guard's limits (suspensions, promotions, group changes, creations), never the
   * empty-listing and scope checks. Only for this request: a run resumes only for the same request.
   */
  readonly allowMassChange?: boolean;
};

/** The Lambda payload: a request, or a continuation of a run handed over by an earlier invocation. */
export type ReconcilePayload = ReconcileRequest & { readonly continueRunId?: string; readonly token?: string };

/** What one invocation did. */
export type InvocationOutcome =
  /** Not started: another run holds the record. `request` is that run's, when there is one. */
  | { readonly status: 'inProgress'; readonly runId: string; readonly message: string; readonly request?: ReconcileRequest }
  | { readonly status: 'continuing'; readonly runId: string; readonly phase: ReconcileCheckpoint['phase'] }
  | { readonly status: 'finished'; readonly result: RunResult; readonly finishedNow: boolean };

/** One listing being read page by page into snapshot chunks. */
export type StreamState = {
  /** `wickr`, `links`, `users:<source>`, `members:<source>:<groupId>`. */
  readonly name: string;
  readonly cursor?: string;
  /** Chunks stored so far. */
  readonly chunks: number;
  readonly items: number;
  readonly done: boolean;
};

/** Where a run is, saved after every chunk and every sent slice. */
export type ReconcileCheckpoint = {
  readonly phase: 'list' | 'send' | 'members' | 'done';
  readonly streams: readonly StreamState[];
  /** Directory groups resolved per source (mapping, scope and filter groups), fixed at the run's start. */
  readonly groups: Partial<Record<IdpSource, readonly IdpGroup[]>>;
  /** Actions done so far in the send phase (index into the deterministic action list). */
  readonly sent: number;
  readonly messagesSent: number;
  readonly linksWritten: number;
  /** Links not written because another identity owns their Wickr user (counted as conflicts). */
  readonly ownerConflicts?: number;
  /** How many invocations the run has used. */
  readonly invocations: number;
  /** Where the members phase is (absent before it starts). */
  readonly members?: MembersCursor;
};

/** The members phase's place: the next Identity Center group (index into `groups`) and chunk of its members. */
export type MembersCursor = {
  readonly group: number;
  readonly chunk: number;
  /** Group-member and membership items written so far. */
  readonly written: number;
};

/** One line of the plan as reported: field names only, never values. */
export type PlanLine = {
  /** Absent for a creation: the account does not exist yet. */
  readonly wickrUserId?: string;
  readonly source?: IdpSource;
  readonly idpUserId?: string;
  readonly reason: ActionReason;
  readonly fields: readonly string[];
};

/** Why a run ended as `failed` without a listing failure (the guard's reasons are {@link GuardReason}). */
export const RunEndReason = {
  /** A snapshot chunk expired or cannot be decoded: the run was abandoned, the next request starts fresh. */
  SnapshotUnreadable: 'SnapshotUnreadable',
  WickrListingFailed: 'WickrListingFailed',
} as const;
export type RunEndReason = (typeof RunEndReason)[keyof typeof RunEndReason];

/** The summary of a finished (or stopped) run. */
export type RunResult = {
  readonly runId: string;
  readonly status: 'succeeded' | 'guardTripped' | 'failed';
  readonly counts: ReconcileCounts;
  readonly durationMs: number;
  readonly invocations: number;
  readonly reason?: GuardReason | RunEndReason | string;
  /** For a stopped or failed run: what happened, with the numbers and the ways on. */
  readonly message?: string;
  /** Mapping problems that did not stop the run, e.g. a privileged rule that matched no IdP group by id. */
  readonly warnings?: readonly string[];
  /** The first lines of the plan (all of them for small runs). */
  readonly plan: readonly PlanLine[];
  readonly planTruncated: boolean;
  /** The Wickr users counted in `unmanaged`, by id (the first 500; absent in older run records). */
  readonly unmanagedUsers?: readonly string[];
  /** The IdP users counted in `notProvisioned`, by source and id (the first 500; absent in older run records). */
  readonly notProvisionedUsers?: readonly { readonly source: IdpSource; readonly idpUserId: string }[];
};
