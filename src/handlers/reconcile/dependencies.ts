import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoReconcileStore } from '../../adapters/aws/DynamoReconcileStore';
import { LambdaContinuation } from '../../adapters/aws/LambdaContinuation';
import { SqsQueue } from '../../adapters/aws/SqsQueue';
import { WickrClient, createWickrPort } from '../../adapters/wickr';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../core/metrics';
import type { Clock, DirectoryLister, QueuePort, WickrListPort } from '../../core/ports';
import type { ContinuationPort, ReconcileStore } from '../../core/reconcile';
import type { MappingConfig } from '../../core/types';
import type { Config } from '../config';
import { createMappingLoader, oktaTokenSource } from '../sync/dependencies';
import { RECONCILE_CLIENT_TIMEOUTS, awsClientConfig } from '../../adapters/aws/clientConfig';

/** Everything the reconcile handler uses; tests override any part. */
export type ReconcileHandlerDependencies = {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly store: ReconcileStore;
  /** The consumer queue, where ResyncUser messages go. */
  readonly queue: QueuePort;
  /** The Wickr lister for one invocation, calls bounded by `deadline` (epoch ms). */
  readonly wickrListFor: (deadline: number) => WickrListPort;
  /** Read on every start: a run keeps the mapping it started with. */
  readonly loadMapping: () => Promise<MappingConfig>;
  /** Built once, on the first invocation (reads the Okta token from Secrets Manager). */
  readonly loadListers: () => Promise<DirectoryLister[]>;
  /** Continues a run in a fresh invocation of `functionName` (the handler's own). */
  readonly continuationFor: (functionName: string) => ContinuationPort;
  readonly clock: Clock;
  readonly newRunId: () => string;
};

/** Builds the production dependencies from config; `overrides` replace any of them. */
export function buildReconcileDependencies(config: Config, overrides: Partial<ReconcileHandlerDependencies> = {}): ReconcileHandlerDependencies {
  const clock = overrides.clock ?? { now: () => Date.now() };
  const logger = overrides.logger ?? new Logger({ serviceName: SERVICE_NAME });
  const metrics = overrides.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  // AWS SDK clients honour AWS_ENDPOINT_URL(_<SERVICE>) themselves, so moto works unchanged.
  // Every client gets connection and request timeouts (clientConfig.ts).
  const store = overrides.store ?? new DynamoReconcileStore({ client: new DynamoDBClient(awsClientConfig(RECONCILE_CLIENT_TIMEOUTS)), tableName: config.stateTableName, clock });
  const queue = overrides.queue ?? new SqsQueue({ client: new SQSClient(awsClientConfig(RECONCILE_CLIENT_TIMEOUTS)), queueUrl: config.queueUrl, deadLetterUrl: config.deadLetterUrl });
  let wickrListFor = overrides.wickrListFor;
  if (!wickrListFor) {
    const client = new WickrClient({ region: config.wickr.region, endpoint: config.wickr.endpoint, useFips: config.wickr.useFips, useDualStack: config.wickr.useDualStack });
    wickrListFor = (deadline) => createWickrPort(client, config.wickr.networkId, () => ({ deadline }));
  }
  let lambda: LambdaClient | undefined;
  const lambdaClient = (): LambdaClient => {
    lambda ??= new LambdaClient(awsClientConfig());
    return lambda;
  };
  return {
    config,
    logger,
    metrics,
    store,
    queue,
    wickrListFor,
    loadMapping: overrides.loadMapping ?? createMappingLoader(config, logger, metrics),
    loadListers: overrides.loadListers ?? (() => loadListers(config)),
    continuationFor: overrides.continuationFor ?? ((functionName) => new LambdaContinuation({ client: lambdaClient(), functionName })),
    clock,
    newRunId: overrides.newRunId ?? (() => `rc-${new Date(clock.now()).toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`),
  };
}

/**
 * One lister per configured directory, each adapter loaded only when its source is configured.
 * Generic sources have none: they are left to their events.
 */
async function loadListers(config: Config): Promise<DirectoryLister[]> {
  const listers: DirectoryLister[] = [];
  if (config.okta) {
    const { createOktaLister } = await import('../../adapters/okta');
    const getToken = oktaTokenSource(config) as NonNullable<ReturnType<typeof oktaTokenSource>>;
    await getToken(false); // an unreadable secret fails the start, not the first page
    const { orgUrl } = config.okta;
    // Okta's rate-limit windows last a minute: a listing page waits for the reset rather than failing.
    listers.push(createOktaLister({ orgUrl, getToken, requestTimeoutMs: 75_000 }));
  }
  if (config.identityCenter) {
    const [{ createIdentityCenterLister }, { IdentitystoreClient }] = await Promise.all([import('../../adapters/identitycenter'), import('@aws-sdk/client-identitystore')]);
    listers.push(createIdentityCenterLister({ identityStoreId: config.identityCenter.identityStoreId, client: new IdentitystoreClient(awsClientConfig(RECONCILE_CLIENT_TIMEOUTS)) }));
  }
  if (config.scim) {
    const { createScimLister } = await import('../../adapters/scim');
    listers.push(createScimLister({ tableName: config.scim.tableName, client: new DynamoDBClient(awsClientConfig(RECONCILE_CLIENT_TIMEOUTS)) }));
  }
  return listers;
}
