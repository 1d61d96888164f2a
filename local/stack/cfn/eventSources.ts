import type { Resolver } from './intrinsics';
import type { LocalQueue } from './queues';
import { ResourceType, referencedLogicalId, resourcesOfType, type CfnTemplate } from './template';

/** The Lambda function behind an event source mapping, as the template defines it. */
export type LocalFunction = {
  readonly logicalId: string;
  readonly name: string;
  /** `path/to/module.export`, relative to the project root (osls keeps the source layout in the bundle). */
  readonly handler: string;
  readonly runtime?: string;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  /** Environment.Variables with every intrinsic resolved to local values. */
  readonly environment: Readonly<Record<string, string>>;
};

/** An SQS event source mapping with Lambda's defaults filled in. */
export type LocalEventSource = {
  readonly logicalId: string;
  readonly queue: LocalQueue;
  /** The queue's redrive target, when it has one. */
  readonly deadLetterQueue?: LocalQueue;
  readonly maxReceiveCount?: number;
  readonly batchSize: number;
  readonly maximumBatchingWindowSeconds: number;
  /** ScalingConfig.MaximumConcurrency; undefined when the template sets none. */
  readonly maximumConcurrency?: number;
  readonly reportBatchItemFailures: boolean;
  readonly enabled: boolean;
  readonly function: LocalFunction;
};

// Lambda's defaults: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-eventsourcemapping.html
// and https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html
const DEFAULT_BATCH_SIZE = 10;
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

function findFunction(template: CfnTemplate, resolver: Resolver, functionName: unknown, names: ReadonlyMap<string, string>, path: string): LocalFunction {
  const functions = resourcesOfType(template, ResourceType.Function);
  const byReference = referencedLogicalId(functionName);
  const resolvedName = byReference ? undefined : String(resolver.resolve(functionName, path));
  const found = functions.find(([id]) => id === byReference || names.get(id) === resolvedName || resolvedName?.endsWith(`:function:${names.get(id)}`));
  if (!found) throw new Error(`${path}: no AWS::Lambda::Function in the template matches ${JSON.stringify(functionName)}`);
  const [id, resource] = found;
  const p = resolver.resolve(resource.Properties ?? {}, `Resources.${id}.Properties`) as Record<string, unknown>;
  if (typeof p.Handler !== 'string') throw new Error(`Resources.${id}.Properties.Handler: a zip-packaged function with a handler is required locally`);
  const variables = (p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  return {
    logicalId: id,
    name: names.get(id) ?? id,
    handler: p.Handler,
    runtime: typeof p.Runtime === 'string' ? p.Runtime : undefined,
    timeoutSeconds: Number(p.Timeout ?? DEFAULT_TIMEOUT_SECONDS),
    memorySizeMb: Number(p.MemorySize ?? DEFAULT_MEMORY_MB),
    environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])),
  };
}

/** Reads every SQS event source mapping (and its function) from the template. */
export function readEventSources(template: CfnTemplate, resolver: Resolver, queues: readonly LocalQueue[], names: ReadonlyMap<string, string>): LocalEventSource[] {
  const sources: LocalEventSource[] = [];
  for (const [id, resource] of resourcesOfType(template, ResourceType.EventSourceMapping)) {
    if (resource.Condition && !resolver.condition(resource.Condition)) continue;
    const path = `Resources.${id}.Properties`;
    const raw = resource.Properties ?? {};
    const p = resolver.resolve({ ...raw, FunctionName: undefined }, path) as Record<string, unknown>;
    const queue = queues.find((q) => q.arn === p.EventSourceArn);
    if (!queue) continue; // not an SQS mapping of this stack (Kinesis, DynamoDB streams…)
    const redrive = queue.attributes.RedrivePolicy ? (JSON.parse(queue.attributes.RedrivePolicy) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string }) : undefined;
    const scaling = p.ScalingConfig as { MaximumConcurrency?: number } | undefined;
    const responseTypes = (p.FunctionResponseTypes as string[] | undefined) ?? [];
    sources.push({
      logicalId: id,
      queue,
      deadLetterQueue: queues.find((q) => q.arn === redrive?.deadLetterTargetArn),
      maxReceiveCount: redrive?.maxReceiveCount === undefined ? undefined : Number(redrive.maxReceiveCount),
      batchSize: Number(p.BatchSize ?? DEFAULT_BATCH_SIZE),
      maximumBatchingWindowSeconds: Number(p.MaximumBatchingWindowInSeconds ?? 0),
      maximumConcurrency: scaling?.MaximumConcurrency === undefined ? undefined : Number(scaling.MaximumConcurrency),
      reportBatchItemFailures: responseTypes.includes('ReportBatchItemFailures'),
      enabled: p.Enabled === undefined ? true : p.Enabled === true || p.Enabled === 'true',
      function: findFunction(template, resolver, raw.FunctionName, names, `${path}.FunctionName`),
    });
  }
  return sources;
}
