import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { awsClientConfig } from '../../../src/adapters/aws/clientConfig';
import type { Config } from '../../../src/handlers/config';
import { buildDependencies, oktaTokenSource } from '../../../src/handlers/sync/dependencies';

/**
 * A server that accepts connections and never answers: what a hung connection looks like to
 * the SDK. Every AWS client the consumer builds must give up on it long before a Lambda
 * timeout, instead of waiting for the socket.
 */
let server: Server;
let endpoint: string;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

/** The error's `cause` chain, outermost first. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

/** Runs `call`, expecting it to fail with the SDK's TimeoutError within `withinMs`. */
async function expectTimeout(call: () => Promise<unknown>, withinMs: number): Promise<void> {
  const started = Date.now();
  const error = await call().then(
    () => new Error('the call succeeded against a server that never answers'),
    (e: unknown) => e,
  );
  expect(causes(error).map((e) => (e as Error).name)).toContain('TimeoutError');
  expect(Date.now() - started).toBeLessThan(withinMs);
}

describe('Function: awsClientConfig()', () => {
  it('fails a request that gets no answer after the request timeout', async () => {
    const client = new DynamoDBClient({
      ...awsClientConfig({ connectionTimeoutMs: 200, requestTimeoutMs: 300 }),
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    await expectTimeout(() => client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'k' } } })), 2_000);
  });
});

describe('Function: buildDependencies()', () => {
  const saved = process.env.AWS_ENDPOINT_URL;
  beforeAll(() => (process.env.AWS_ENDPOINT_URL = endpoint));
  afterAll(() => (process.env.AWS_ENDPOINT_URL = saved));

  const config: Config = {
    wickr: { networkId: '12345678', region: 'us-east-1', useFips: false, useDualStack: false },
    mapping: { parameterName: '/wickr-idp-sync/hung/mapping' },
    okta: { orgUrl: 'https://example.okta.com', tokenSecretId: 'wickr-idp-sync/hung/okta-token' },
    stateTableName: 'state',
    queueUrl: `${endpoint}/123456789012/events`,
    deadLetterUrl: `${endpoint}/123456789012/events-dlq`,
    dryRun: false,
    genericEnabled: false,
    concurrency: 4,
    eventTtlSeconds: 3600,
    configMaxAgeSeconds: 300,
    maxReceiveCount: 20,
    wickrRetryMode: 'deadline',
  };

  it('gives the DynamoDB, SQS, SSM, Secrets Manager and Identity Store clients timeouts far below the shortest function timeout', async () => {
    const deps = buildDependencies({ ...config, okta: undefined, identityCenter: { identityStoreId: 'd-1234567890' } });
    const identityCenter = (await deps.loadDirectories())['identity-center']!;
    // Three attempts of a call that hangs each time, with the SDK's backoff between them.
    const within = 10_000;
    await Promise.all([
      expectTimeout(() => deps.store.isProcessed('event#1'), within),
      expectTimeout(() => deps.queue.sendToDeadLetter({ body: '{}', messageId: 'm-1', errorClass: 'MalformedEvent', reason: 'test' }), within),
      expectTimeout(() => deps.loadMapping(), within),
      expectTimeout(() => oktaTokenSource(config)!(false), within),
      expectTimeout(() => identityCenter.getUser('user-1'), within),
    ]);
  });
});
