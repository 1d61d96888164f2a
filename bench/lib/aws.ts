/**
 * AWS clients pointed at moto, command counting, and the resources the in-process scenarios
 * need (the state table as stack/table.yml defines it, the queue and its DLQ).
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';

export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/** Commands sent per `<service>.<Command>`, e.g. `dynamodb.GetItemCommand`. */
export type CommandCounts = Record<string, number>;

type Countable = { middlewareStack: DynamoDBClient['middlewareStack'] | SQSClient['middlewareStack'] };

/**
 * Counts every command `client` sends into `counts` (once per command, retries not counted: moto
 * never throttles). A middleware, so the code under measurement is unchanged.
 */
export function countCommands(client: Countable, service: string, counts: CommandCounts): void {
  (client.middlewareStack as DynamoDBClient['middlewareStack']).add(
    (next, context) => async (args) => {
      const key = `${service}.${context.commandName ?? 'unknown'}`;
      counts[key] = (counts[key] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchCommandCounter' },
  );
}

/** Clients for moto (fresh credentials object each: the SDK annotates the object it is given). */
export function motoClients(endpoint: string) {
  const config = () => ({ endpoint, region: REGION, credentials: { ...CREDENTIALS } });
  return { dynamodb: new DynamoDBClient(config()), sqs: new SQSClient(config()) };
}

/** The table, queue and DLQ of one scenario, with unique names (scenarios share one moto). */
export async function createScenarioResources(endpoint: string, label: string): Promise<{ tableName: string; queueUrl: string; deadLetterUrl: string }> {
  const { dynamodb, sqs } = motoClients(endpoint);
  const suffix = `${label}-${randomUUID().slice(0, 8)}`;
  const tableName = `bench-state-${suffix}`;
  // As stack/table.yml: partition key `pk`, on demand.
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `bench-dlq-${suffix}` }));
  const queue = await sqs.send(new CreateQueueCommand({ QueueName: `bench-events-${suffix}` }));
  return { tableName, queueUrl: queue.QueueUrl as string, deadLetterUrl: dlq.QueueUrl as string };
}
