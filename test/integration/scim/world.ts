/**
 * The real SCIM handler against moto: a SCIM table as the stack defines it (pk/sk, the byKind
 * index), an event bus with a rule that sends `wickr-idp-sync.scim` events to an SQS queue, and a
 * stored token. `call` sends an HTTP API (payload 2.0) event through the handler.
 */
import { createScimTable as createStoreTable } from '../../helpers/scimStore';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DynamoTokenStore } from '../../../src/adapters/scim/DynamoTokenStore';
import { SCIM_SOURCE } from '../../../src/core/scim/events';
import { storeToken } from '../../../src/core/scim/tokens';
import { createScimHandler } from '../../../src/handlers/scim/createScimHandler';
import type { ScimHandlerDependencies } from '../../../src/handlers/scim/dependencies';
import { queueArn, receiveAll, uniqueName } from '../../helpers/moto';

/** Creates a SCIM table: `pk`/`sk`, and the `byKind` index (`kind`/`id`, all attributes). */
export const createScimTable = (client: DynamoDBClient): Promise<string> => createStoreTable('ALL', { client });

export type CallOptions = { body?: unknown; query?: Record<string, string>; token?: string | null; headers?: Record<string, string> };
export type Answer = { status: number; headers: Record<string, string>; body: Record<string, unknown> | undefined };

/** A SCIM endpoint over moto. */
export async function scimWorld(overrides: Partial<ScimHandlerDependencies> = {}) {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const dynamo = new DynamoDBClient({});
  const events = new EventBridgeClient({});
  const sqs = new SQSClient({});
  const tableName = await createScimTable(dynamo);
  const busName = uniqueName('scim-bus');
  await events.send(new CreateEventBusCommand({ Name: busName }));
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('scim-events') }))).QueueUrl as string;
  const rule = uniqueName('scim-rule');
  await events.send(new PutRuleCommand({ Name: rule, EventBusName: busName, EventPattern: JSON.stringify({ source: [SCIM_SOURCE] }) }));
  await events.send(new PutTargetsCommand({ Rule: rule, EventBusName: busName, Targets: [{ Id: 'queue', Arn: await queueArn(sqs, queueUrl) }] }));
  const token = `integration-${randomUUID()}`;
  await storeToken(new DynamoTokenStore({ client: dynamo, tableName }), token, { now: Date.now() });
  const handler = createScimHandler({
    config: { tableName, eventBusName: busName, ratePerSecond: 10_000, burst: 10_000, tokenCacheSeconds: 60 },
    logger: new Logger({ serviceName: 'scim-test', logLevel: 'SILENT' }),
    ...overrides,
  });

  const call = async (method: string, path: string, options: CallOptions = {}): Promise<Answer> => {
    const rawPath = `/scim/v2${path}`;
    const text = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath,
      rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
      headers: { host: 'scim.example.com', 'content-type': 'application/scim+json', ...(options.token === null ? {} : { authorization: `Bearer ${options.token ?? token}` }), ...options.headers },
      queryStringParameters: options.query,
      requestContext: { domainName: 'scim.example.com', http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' }, requestId: randomUUID() },
      body: text,
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    const result = (await handler(event, { awsRequestId: randomUUID() } as Context)) as APIGatewayProxyStructuredResultV2;
    return { status: result.statusCode as number, headers: result.headers as Record<string, string>, body: result.body ? (JSON.parse(result.body) as Record<string, unknown>) : undefined };
  };

  /** Every item of the table. */
  const items = async (): Promise<Record<string, AttributeValue>[]> => {
    const all: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out = await dynamo.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
      all.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return all;
  };

  /** The details of the SCIM events the rule delivered, waiting for at least `count`. */
  const delivered = async (count: number, timeoutMs = 10_000) =>
    (await receiveAll(sqs, queueUrl, count, timeoutMs)).map((m) => JSON.parse(m.Body as string) as { source: string; 'detail-type': string; detail: Record<string, unknown> });

  return { call, items, delivered, handler, dynamo, events, sqs, tableName, busName, queueUrl, token };
}
