/** Helpers for tests against moto (started by jest's globalSetup; AWS_ENDPOINT_URL points at it). */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Message } from '@aws-sdk/client-sqs';
import { LIST_INDEX } from '../../src/adapters/aws/linkIndex';

/** A name no other test uses. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Creates the consumer's state table (pk string key, the byList index), as stack/table.yml defines it. */
export async function createStateTable(client = new DynamoDBClient({})): Promise<string> {
  const name = uniqueName('state');
  await client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'gpk', AttributeType: 'S' },
        { AttributeName: 'gsk', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      // The one sparse index of stack/table.yml: links (the reconcile) and group members.
      GlobalSecondaryIndexes: [
        {
          IndexName: LIST_INDEX,
          KeySchema: [
            { AttributeName: 'gpk', KeyType: 'HASH' },
            { AttributeName: 'gsk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['wickrUserId'] },
        },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return name;
}

/** Creates a queue and its DLQ (redrive after `maxReceiveCount`); returns URLs and ARNs. */
export async function createQueues(client = new SQSClient({}), options: { maxReceiveCount?: number; visibilityTimeout?: number } = {}) {
  const base = uniqueName('q');
  const dlqUrl = (await client.send(new CreateQueueCommand({ QueueName: `${base}-dlq` }))).QueueUrl as string;
  const dlqArn = await queueArn(client, dlqUrl);
  const queueUrl = (
    await client.send(
      new CreateQueueCommand({
        QueueName: base,
        Attributes: {
          VisibilityTimeout: String(options.visibilityTimeout ?? 30),
          RedrivePolicy: JSON.stringify({ maxReceiveCount: options.maxReceiveCount ?? 5, deadLetterTargetArn: dlqArn }),
        },
      }),
    )
  ).QueueUrl as string;
  return { queueUrl, queueArn: await queueArn(client, queueUrl), dlqUrl, dlqArn };
}

export async function queueArn(client: SQSClient, url: string): Promise<string> {
  const out = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return out.Attributes?.QueueArn as string;
}

/** Receives until `count` messages arrived or the deadline passes (long polls, no sleeps). */
export async function receiveAll(client: SQSClient, queueUrl: string, count: number, timeoutMs = 10_000): Promise<Message[]> {
  const got: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (got.length < count && Date.now() < deadline) {
    const out = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'], VisibilityTimeout: 30 }),
    );
    got.push(...(out.Messages ?? []));
  }
  return got;
}
