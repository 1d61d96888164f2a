/**
 * AWS clients pointed at moto, command counting, and the resources the in-process scenarios
 * need (the state table as stack/table.yml defines it, the queue and its DLQ).
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';

export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/**
 * Commands sent per `<service>.<Command>`, e.g. `dynamodb.GetItemCommand`; for DynamoDB also the
 * capacity they cost under {@link DYNAMODB_UNITS} keys (outside the `<service>.` namespace).
 */
export type CommandCounts = Record<string, number>;

/**
 * Request units of the DynamoDB commands counted, for items up to 1 KB (writes) and 4 KB (reads):
 * a strongly consistent read is 1 unit, an eventually consistent one half, a write 1, and each
 * item of a transaction twice that.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
 */
export const DYNAMODB_UNITS = { consistentReads: 'units:dynamodb.consistentReads', eventualReads: 'units:dynamodb.eventualReads', writeUnits: 'units:dynamodb.writeUnits' } as const;

type DynamoInput = {
  ConsistentRead?: boolean;
  TransactItems?: unknown[];
  RequestItems?: Record<string, unknown[] | { Keys?: unknown[]; ConsistentRead?: boolean }>;
};

/** The units one DynamoDB command costs (by item count; sizes assumed within one unit). */
export function dynamodbUnits(command: string, input: DynamoInput): { consistentReads: number; eventualReads: number; writeUnits: number } {
  const none = { consistentReads: 0, eventualReads: 0, writeUnits: 0 };
  const read = (n: number, consistent: boolean | undefined) => (consistent ? { ...none, consistentReads: n } : { ...none, eventualReads: n });
  switch (command.replace(/Command$/, '')) {
    case 'GetItem':
    case 'Query':
    case 'Scan':
      return read(1, input.ConsistentRead);
    case 'BatchGetItem':
      return Object.values(input.RequestItems ?? {}).reduce(
        (sum, t) => {
          const r = Array.isArray(t) ? read(t.length, false) : read(t.Keys?.length ?? 0, t.ConsistentRead);
          sum.consistentReads += r.consistentReads;
          sum.eventualReads += r.eventualReads;
          return sum;
        },
        { ...none },
      );
    case 'TransactGetItems':
      return { ...none, consistentReads: 2 * (input.TransactItems?.length ?? 0) };
    case 'TransactWriteItems':
      return { ...none, writeUnits: 2 * (input.TransactItems?.length ?? 0) };
    case 'BatchWriteItem':
      return { ...none, writeUnits: Object.values(input.RequestItems ?? {}).reduce((n, t) => n + (Array.isArray(t) ? t.length : 0), 0) };
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return { ...none, writeUnits: 1 };
    default:
      return none;
  }
}

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
      if (service === 'dynamodb') {
        const units = dynamodbUnits(context.commandName ?? '', args.input as DynamoInput);
        for (const [name, n] of Object.entries(units)) if (n) counts[DYNAMODB_UNITS[name as keyof typeof DYNAMODB_UNITS]] = (counts[DYNAMODB_UNITS[name as keyof typeof DYNAMODB_UNITS]] ?? 0) + n;
      }
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
