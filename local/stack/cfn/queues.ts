import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Resolver } from './intrinsics';
import type { LocalAccount } from './localNames';
import { ResourceType, resourcesOfType, type CfnTemplate } from './template';

/** A queue created in moto. */
export type LocalQueue = { readonly logicalId: string; readonly name: string; readonly url: string; readonly arn: string; readonly attributes: Readonly<Record<string, string>> };

// CFN property → SQS attribute; KMS keys are skipped (the key would not exist in moto; SSE is not what is tested locally).
const QUEUE_ATTRIBUTES = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'SqsManagedSseEnabled',
] as const;

/** Queues that others redrive into come first, so every RedrivePolicy names an existing queue. */
function queueCreationOrder(template: CfnTemplate, resolver: Resolver): [string, Record<string, unknown>][] {
  const queues = resourcesOfType(template, ResourceType.Queue)
    .filter(([, r]) => !r.Condition || resolver.condition(r.Condition))
    .map(([id, r]) => [id, resolver.resolve(r.Properties ?? {}, `Resources.${id}.Properties`) as Record<string, unknown>] as [string, Record<string, unknown>]);
  const redrives = (p: Record<string, unknown>): boolean => p.RedrivePolicy !== undefined;
  return [...queues.filter(([, p]) => !redrives(p)), ...queues.filter(([, p]) => redrives(p))];
}

function queueAttributes(properties: Record<string, unknown>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const key of QUEUE_ATTRIBUTES) {
    const value = properties[key];
    if (value === undefined) continue;
    attributes[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return attributes;
}

/** Creates the template's queues whose condition holds, with their attributes, in redrive order. */
export async function createQueues(template: CfnTemplate, resolver: Resolver, names: ReadonlyMap<string, string>, account: LocalAccount, sqs: SQSClient): Promise<LocalQueue[]> {
  const queues: LocalQueue[] = [];
  for (const [id, properties] of queueCreationOrder(template, resolver)) {
    const name = names.get(id) as string;
    const attributes = queueAttributes(properties);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    queues.push({ logicalId: id, name, url: QueueUrl as string, arn: `arn:aws:sqs:${account.region}:${account.accountId}:${name}`, attributes });
  }
  return queues;
}
