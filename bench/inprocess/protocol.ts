/** Messages between an in-process scenario (parent) and the handler worker (child), over IPC. */
import type { CommandCounts } from '../lib/aws';

/** What the worker needs to build the real handler. */
export type WorkerJob = {
  readonly wickrEndpoint: string;
  /** moto (DynamoDB and SQS), for the record floor's bare DynamoDB calls. */
  readonly awsEndpoint: string;
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

/** A bare Okta GET of the record floor: the path under the org, with the SSWS token. */
export type FloorOktaCall = { readonly path: string };

/** A bare signed DynamoDB call of the record floor: the command the consumer sent (`GetItem`), on an item `key` of its own. */
export type FloorDynamoCall = { readonly command: string; readonly key: string };

/** Every call one round of records needs, made bare: Wickr, Okta and DynamoDB. */
export type RecordFloorCalls = { readonly wickr: readonly FloorCall[]; readonly okta: readonly FloorOktaCall[]; readonly dynamodb: readonly FloorDynamoCall[] };

export type ParentMessage =
  | { readonly type: 'init'; readonly job: WorkerJob }
  | { readonly type: 'invoke'; readonly batches: readonly (readonly BenchRecord[])[] }
  | { readonly type: 'floor'; readonly calls: readonly FloorCall[]; readonly concurrency: number }
  | { readonly type: 'recordFloor'; readonly calls: RecordFloorCalls; readonly concurrency: number }
  | { readonly type: 'exit' };

/** CPU (user + system, µs) and wall time of one measured phase. */
export type PhaseCost = { readonly cpuMicros: number; readonly wallMs: number };

export type WorkerMessage =
  | { readonly type: 'ready' }
  | ({ readonly type: 'invoked'; readonly counts: CommandCounts; readonly failedRecords: number } & PhaseCost)
  | ({ readonly type: 'floored'; readonly statuses: Record<string, number> } & PhaseCost)
  | ({ readonly type: 'recordFloored'; readonly statuses: Record<string, Record<string, number>> } & PhaseCost)
  | { readonly type: 'error'; readonly error: string };
