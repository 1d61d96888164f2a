/** Messages between an in-process scenario (parent) and the handler worker (child), over IPC. */
import type { CommandCounts } from '../lib/aws';

/** What the worker needs to build the real handler. */
export type WorkerJob = {
  readonly wickrEndpoint: string;
  readonly oktaOrgUrl: string;
  readonly oktaToken: string;
  readonly tableName: string;
  readonly queueUrl: string;
  readonly deadLetterUrl: string;
  readonly mapping: Record<string, unknown>;
  /** Users processed at once inside one invocation (WICKR_CONCURRENCY). */
  readonly concurrency: number;
};

/** One SQS record: the worker builds the Lambda record around it. */
export type BenchRecord = { readonly messageId: string; readonly body: string };

/** A bare signed Wickr call of the floor loop. */
export type FloorCall = { readonly operation: 'GetUser' | 'UpdateUser'; readonly userId: string; readonly securityGroupId?: string };

export type ParentMessage =
  | { readonly type: 'init'; readonly job: WorkerJob }
  | { readonly type: 'invoke'; readonly batches: readonly (readonly BenchRecord[])[] }
  | { readonly type: 'floor'; readonly calls: readonly FloorCall[]; readonly concurrency: number }
  | { readonly type: 'exit' };

/** CPU (user + system, µs) and wall time of one measured phase. */
export type PhaseCost = { readonly cpuMicros: number; readonly wallMs: number };

export type WorkerMessage =
  | { readonly type: 'ready' }
  | ({ readonly type: 'invoked'; readonly counts: CommandCounts; readonly failedRecords: number } & PhaseCost)
  | ({ readonly type: 'floored'; readonly statuses: Record<string, number> } & PhaseCost)
  | { readonly type: 'error'; readonly error: string };
