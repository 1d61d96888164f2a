/**
 * Drives the real sync handler against moto (SQS, DynamoDB, SSM, Secrets Manager), the Okta
 * emulator and the Wickr emulator. Events go through a real moto queue, so receipt handles,
 * receive counts and visibility changes are SQS's own.
 */
import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient, SendMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { startOktaEmulator } from '../../../local/okta-emulator';
import type { OktaEmulator, OktaSeed } from '../../../local/okta-emulator';
import { startWickrEmulator } from '../../../local/wickr-emulator';
import type { WickrEmulator, WickrSeed } from '../../../local/wickr-emulator';
import type { Config } from '../../../src/handlers/config';
import { createSyncHandler } from '../../../src/handlers/sync/createSyncHandler';
import type { SyncHandlerDependencies } from '../../../src/handlers/sync/dependencies';
import { createQueues, createStateTable, uniqueName } from '../../helpers/moto';

export const NETWORK = '12345678';

export const MAPPING = {
  networkId: NETWORK,
  usernameAttribute: 'email',
  securityGroups: [
    { idpGroup: 'Wickr Admins', securityGroupId: 'SGADMIN1' },
    { idpGroup: '00gEng', securityGroupId: 'SGENG001' },
  ],
  defaultSecurityGroupId: 'SGDEFLT1',
  onNoMappedGroup: 'default',
  onDeactivate: 'suspend',
  onDelete: 'suspend',
};

export const WICKR_SEED: WickrSeed = {
  networkId: NETWORK,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  securityGroups: [
    { id: 'SGDEFLT1', name: 'Everyone', isDefault: true },
    { id: 'SGADMIN1', name: 'Admins', isDefault: false },
    { id: 'SGENG001', name: 'Engineering', isDefault: false },
  ],
  users: [
    { userId: '1001', username: 'ana@example.com', firstName: 'Ana', lastName: 'Lima', securityGroupIds: ['SGDEFLT1'], suspended: false },
    { userId: '1002', username: 'bo@example.com', firstName: 'Bo', lastName: 'Chen', securityGroupIds: ['SGDEFLT1'], suspended: false },
  ],
};

export const OKTA_SEED: OktaSeed = {
  token: 'okta-secret-token',
  groups: [
    { id: '00gAdmins', name: 'Wickr Admins' },
    { id: '00gEng', name: 'Engineering' },
  ],
  users: [
    { id: '00uAna', status: 'ACTIVE', profile: { login: 'ana@example.com', email: 'ana@example.com', firstName: 'Ana', lastName: 'Lima' }, groupIds: ['00gEng'] },
    { id: '00uBo', status: 'ACTIVE', profile: { login: 'bo@example.com', email: 'bo@example.com', firstName: 'Bo', lastName: 'Chen' }, groupIds: [] },
  ],
};

/** A Lambda-like context with a real deadline. */
export function lambdaContext(timeoutMs = 30_000): Context {
  const end = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'wickr-idp-sync-test-sync',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:wickr-idp-sync-test-sync',
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => Math.max(0, end - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** Starts the emulators, creates the AWS resources in moto, and builds a handler. */
export async function startHarness(
  options: {
    wickrSeed?: WickrSeed;
    oktaSeed?: OktaSeed;
    mapping?: object;
    dryRun?: boolean;
    genericEnabled?: boolean;
    deadLetterUrl?: string;
    maxReceiveCount?: number;
    identityStoreId?: string;
  } = {},
) {
  const sqs = new SQSClient({});
  const wickr: WickrEmulator = await startWickrEmulator({ seed: options.wickrSeed ?? WICKR_SEED });
  const okta: OktaEmulator = await startOktaEmulator({ seed: options.oktaSeed ?? OKTA_SEED });
  const queues = await createQueues(sqs, { maxReceiveCount: options.maxReceiveCount ?? 5 });
  const tableName = await createStateTable();
  const parameterName = `/${uniqueName('wickr-idp-sync')}/mapping`;
  await new SSMClient({}).send(new PutParameterCommand({ Name: parameterName, Type: 'String', Value: JSON.stringify(options.mapping ?? MAPPING) }));
  const secretName = uniqueName('okta-token');
  await new SecretsManagerClient({}).send(new CreateSecretCommand({ Name: secretName, SecretString: JSON.stringify({ token: (options.oktaSeed ?? OKTA_SEED).token }) }));

  const config: Config = {
    wickr: { networkId: NETWORK, region: 'us-east-1', endpoint: wickr.url, useFips: false, useDualStack: false },
    mapping: { parameterName },
    okta: { orgUrl: okta.url, tokenSecretId: secretName },
    identityCenter: options.identityStoreId ? { identityStoreId: options.identityStoreId } : undefined,
    stateTableName: tableName,
    queueUrl: queues.queueUrl,
    deadLetterUrl: options.deadLetterUrl ?? queues.dlqUrl,
    dryRun: options.dryRun ?? false,
    genericEnabled: options.genericEnabled ?? true,
    concurrency: 4,
    eventTtlSeconds: 3600,
    maxReceiveCount: options.maxReceiveCount ?? 5,
    configMaxAgeSeconds: 300,
    wickrRetryMode: 'deadline',
  };
  const handlerFor = (overrides: Partial<SyncHandlerDependencies> = {}) => createSyncHandler({ config, ...overrides });
  const handler = handlerFor();

  /** Sends event bodies to the queue. */
  const publish = async (bodies: (string | object)[]): Promise<void> => {
    for (let i = 0; i < bodies.length; i += 10) {
      const entries = bodies.slice(i, i + 10).map((b, j) => ({ Id: String(j), MessageBody: typeof b === 'string' ? b : JSON.stringify(b) }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: queues.queueUrl, Entries: entries }));
    }
  };

  /** Receives up to `max` visible messages as Lambda's event source mapping would build the records. */
  const receive = async (max = 10, waitSeconds = 1): Promise<SQSEvent> => {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queues.queueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: waitSeconds,
        VisibilityTimeout: 30,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const Records: SQSRecord[] = (out.Messages ?? []).map((m) => ({
      messageId: m.MessageId as string,
      receiptHandle: m.ReceiptHandle as string,
      body: m.Body as string,
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? '0',
        SenderId: m.Attributes?.SenderId ?? 'test',
        ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? '0',
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody as string,
      eventSource: 'aws:sqs',
      eventSourceARN: queues.queueArn,
      awsRegion: 'us-east-1',
    }));
    return { Records };
  };

  /** Invokes the handler as Lambda would; a throw is a Lambda error and fails the test. */
  const invoke = async (event: SQSEvent, h = handler, timeoutMs = 30_000): Promise<SQSBatchResponse> => h(event, lambdaContext(timeoutMs));

  /** Acts as the event source mapping until the queue is empty (or the deadline): deletes successes, leaves failures to SQS. */
  const drain = async (deadlineMs = 30_000, h = handler): Promise<{ invocations: number; failures: number }> => {
    const { DeleteMessageBatchCommand, GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
    const deadline = Date.now() + deadlineMs;
    let invocations = 0;
    let failures = 0;
    while (Date.now() < deadline) {
      const event = await receive(10, 1);
      if (event.Records.length === 0) {
        const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queues.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
        if (attrs.Attributes?.ApproximateNumberOfMessages === '0' && attrs.Attributes?.ApproximateNumberOfMessagesNotVisible === '0') return { invocations, failures };
        continue;
      }
      invocations += 1;
      const response = await invoke(event, h);
      failures += response.batchItemFailures.length;
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      const done = event.Records.filter((r) => !failed.has(r.messageId));
      if (done.length) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queues.queueUrl, Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })) }));
    }
    throw new Error('queue did not drain before the deadline');
  };

  const stop = async () => {
    await wickr.stop();
    await okta.stop();
  };
  const wickrUser = (userId: string) => wickr.state().users.find((u) => u.userId === userId);
  const writes = () => wickr.state().requests.UpdateUser ?? {};
  return { sqs, wickr, okta, queues, tableName, config, handler, handlerFor, publish, receive, invoke, drain, stop, wickrUser, writes };
}
