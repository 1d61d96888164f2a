/**
 * The handler worker: a child process that builds the real sync handler (createSyncHandler, the
 * production adapters, DynamoDB and SQS in moto, the emulators over HTTP) and runs measured
 * phases the parent asks for. The emulators live in the parent, so this process's CPU time is
 * the consumer's own. Its stdout (the handler's logs and EMF metrics) goes to /dev/null, which
 * still costs the serialisation and the write, as Lambda's log pipe would.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { DynamoStateStore } from '../../src/adapters/aws/DynamoStateStore';
import { SqsQueue } from '../../src/adapters/aws/SqsQueue';
import { createOktaDirectory } from '../../src/adapters/okta';
import { parseMappingConfig } from '../../src/core/mapping';
import type { Config } from '../../src/handlers/config';
import { createSyncHandler } from '../../src/handlers/sync/createSyncHandler';
import { countCommands, REGION, type CommandCounts } from '../lib/aws';
import { runFloor } from './floor';
import { runRecordFloor } from './recordFloor';
import type { BenchRecord, ParentMessage, PhaseCost, WorkerJob, WorkerMessage } from './protocol';

type Handler = (event: SQSEvent, context: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

const send = (message: WorkerMessage): void => void process.send?.(message);
const counts: CommandCounts = {};
let handler: Handler | undefined;
let job: WorkerJob | undefined;

function build(j: WorkerJob): Handler {
  const config: Config = {
    wickr: { networkId: String(j.mapping.networkId), region: REGION, endpoint: j.wickrEndpoint, useFips: false, useDualStack: false },
    mapping: { parameterName: 'unused: loadMapping is given' },
    okta: { orgUrl: j.oktaOrgUrl, tokenSecretId: 'unused: loadDirectories is given' },
    stateTableName: j.tableName,
    queueUrl: j.queueUrl,
    deadLetterUrl: j.deadLetterUrl,
    dryRun: false,
    genericEnabled: true,
    concurrency: j.concurrency,
    eventTtlSeconds: 604_800,
    maxReceiveCount: 5, // the bench stack's queue (benchStack.ts)
    configMaxAgeSeconds: 300,
    wickrRetryMode: 'deadline',
  };
  const dynamodb = new DynamoDBClient({});
  const sqs = new SQSClient({});
  countCommands(dynamodb, 'dynamodb', counts);
  countCommands(sqs, 'sqs', counts);
  return createSyncHandler({
    config,
    store: new DynamoStateStore({ client: dynamodb, tableName: j.tableName, eventTtlSeconds: config.eventTtlSeconds }),
    queue: new SqsQueue({ client: sqs, queueUrl: j.queueUrl, deadLetterUrl: j.deadLetterUrl }),
    // The same objects the production loaders build, without the SSM and Secrets Manager round trips.
    loadMapping: async () => parseMappingConfig(j.mapping),
    loadDirectories: async () => ({ okta: createOktaDirectory({ orgUrl: j.oktaOrgUrl, token: j.oktaToken }) }),
  }) as unknown as Handler;
}

function context(): Context {
  const end = Date.now() + 60_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'bench-sync',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:123456789012:function:bench-sync`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/bench-sync',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => Math.max(0, end - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function toEvent(records: readonly BenchRecord[]): SQSEvent {
  const now = String(Date.now());
  return {
    Records: records.map((r) => ({
      messageId: r.messageId,
      receiptHandle: `bench-${r.messageId}`,
      body: r.body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: now, SenderId: 'bench', ApproximateFirstReceiveTimestamp: now },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${REGION}:123456789012:bench`,
      awsRegion: REGION,
    })),
  };
}

async function measure<T>(work: () => Promise<T>): Promise<PhaseCost & { value: T }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { cpuMicros: used.user + used.system, wallMs: performance.now() - started, value };
}

async function onMessage(message: ParentMessage): Promise<void> {
  switch (message.type) {
    case 'init':
      job = message.job;
      handler = build(job);
      send({ type: 'ready' });
      return;
    case 'invoke': {
      if (!handler) throw new Error('invoke before init');
      for (const key of Object.keys(counts)) delete counts[key];
      const h = handler;
      const { value: failedRecords, ...cost } = await measure(async () => {
        let failed = 0;
        for (const batch of message.batches) failed += (await h(toEvent(batch), context())).batchItemFailures.length;
        return failed;
      });
      send({ type: 'invoked', ...cost, counts: { ...counts }, failedRecords });
      return;
    }
    case 'floor': {
      if (!job) throw new Error('floor before init');
      const endpoint = job.wickrEndpoint;
      const { value: statuses, ...cost } = await measure(() => runFloor(endpoint, message.calls, message.concurrency));
      send({ type: 'floored', ...cost, statuses });
      return;
    }
    case 'recordFloor': {
      if (!job) throw new Error('recordFloor before init');
      const endpoints = { wickr: job.wickrEndpoint, okta: job.oktaOrgUrl, oktaToken: job.oktaToken, dynamodb: job.awsEndpoint, tableName: job.tableName };
      const { value: statuses, ...cost } = await measure(() => runRecordFloor(endpoints, message.calls, message.concurrency));
      send({ type: 'recordFloored', ...cost, statuses });
      return;
    }
    case 'exit':
      process.exit(0);
  }
}

process.on('message', (message: ParentMessage) => {
  onMessage(message).catch((error: unknown) => send({ type: 'error', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }));
});
process.on('disconnect', () => process.exit(0));
