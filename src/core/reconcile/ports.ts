/** What a reconcile run needs from the outside world, besides the listers and the queue. */
import type { Page } from '../ports';
import type { MappingConfig } from '../types';
import type { ReconcileCheckpoint, ReconcileRequest, RunResult } from './runTypes';
import type { SuspensionEntry } from './types';

/** A stored link, as the bulk read returns it: the user key `<source>:<idpUserId>`. */
export type StoredLink = {
  readonly userKey: string;
  readonly wickrUserId: string;
  /** Written with a link the run establishes for an Identity Center user: the listed groups it is in (see members.ts). */
  readonly groupIds?: readonly string[];
};

/** The one run record: the lock and the checkpoint in one item, updated under optimistic versioning. */
export type RunRecord = {
  readonly runId: string;
  readonly status: RunStatus;
  readonly request: ReconcileRequest;
  /** The mapping the run started with: every invocation of the run plans with it. */
  readonly mapping: MappingConfig;
  /** Epoch ms. */
  readonly startedAt: number;
  /** Who may work on the run now: an invocation id, or the hand-off token a continuation carries. */
  readonly owner: string;
  /** Epoch ms after which another invocation may take the run over (its holder crashed). */
  readonly leaseUntil: number;
  /** Incremented on every write; a write expecting an older version loses. */
  readonly version: number;
  readonly checkpoint: ReconcileCheckpoint;
  readonly result?: RunResult;
};

/** Where a run is. */
export const RunStatus = { Running: 'running', Succeeded: 'succeeded', GuardTripped: 'guardTripped', Failed: 'failed' } as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

/** The reconcile's durable state (the consumer's table). */
export interface ReconcileStore {
  /** The current (or last) run; null before the first. */
  getRun(): Promise<RunRecord | null>;
  /** Writes the run if the stored version is `expectedVersion` (null: no run stored yet); false when another writer won. */
  putRun(run: RunRecord, expectedVersion: number | null): Promise<boolean>;
  /** Stores one chunk of a listing snapshot (items are plain JSON values). */
  putChunk(runId: string, stream: string, index: number, items: readonly unknown[]): Promise<void>;
  getChunk(runId: string, stream: string, index: number): Promise<unknown[]>;
  /** One page of every stored link (all sources). */
  listLinksPage(cursor?: string): Promise<Page<StoredLink>>;
  /**
   * The suspensions the consumer recorded on these users' links (`suspendedAt`, `suspendedFor`), for
   * `deprovisioning`; users with none are left out. Read apart from the links: the `byList` index projects only `wickrUserId`.
   */
  readSuspensions(userKeys: readonly string[]): Promise<SuspensionEntry[]>;
  /** Writes links the run established (batched); a link already stored for the key is replaced. */
  putLinks(links: readonly StoredLink[]): Promise<void>;
  /**
   * What is recorded for a group (`<source>:group:<id>`): the user keys of its `gm#` member items,
   * and the membership ids of the `mem#` items the reconcile wrote for it.
   */
  readGroupRecords(groupKey: string): Promise<{ userKeys: Set<string>; membershipIds: Set<string> }>;
  /** Writes `gm#` member items (by user key) and `mem#` membership items of a group (batched; repeating it is harmless). */
  putGroupRecords(groupKey: string, userKeys: readonly string[], memberships: readonly { membershipId: string; idpUserId: string }[]): Promise<void>;
}

/** Continues a run in a fresh invocation (a Lambda async self-invoke; a loop locally). */
export interface ContinuationPort {
  continueRun(payload: { readonly continueRunId: string; readonly token: string }): Promise<void>;
}
