import { readFile } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { GetParameterError } from '@aws-lambda-powertools/parameters';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { awsClientConfig } from '../../adapters/aws/clientConfig';
import { DynamoStateStore } from '../../adapters/aws/DynamoStateStore';
import { createTokenSource, type GetToken } from '../../adapters/aws/secrets';
import { fromAwsError } from '../../adapters/aws/sdkErrors';
import { SqsQueue } from '../../adapters/aws/SqsQueue';
import { WickrClient, createWickrPort, createWickrProvisioningPort } from '../../adapters/wickr';
import { ConfigMetric, METRICS_NAMESPACE, SERVICE_NAME } from '../../core/metrics';
import type { Clock, DirectoryPort, QueuePort, Random, StateStore, WickrPort, WickrProvisioningPort } from '../../core/ports';
import type { IdpSource, MappingConfig } from '../../core/types';
import type { Config } from '../config';
import { WickrRetryMode, configuredSources } from '../config';
import { AdaptiveRetryStrategy, StandardRetryStrategy } from '@smithy/util-retry';
import type { RetryStrategyV2 } from '@smithy/types';
import { InvocationStats } from './invocationStats';
import { createMappingSource } from './mappingSource';

/** Everything the sync handler uses; tests override any part. */
export type SyncHandlerDependencies = {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly stats: InvocationStats;
  readonly store: StateStore;
  readonly queue: QueuePort;
  /** The Wickr port for one invocation, with calls bounded by `deadline` (epoch ms). */
  readonly wickrFor: (deadline: number) => WickrPort;
  /** BatchCreateUser / BatchReinviteUser for one invocation, bounded like `wickrFor`; used only when the mapping provisions. */
  readonly provisioningFor: (deadline: number) => WickrProvisioningPort;
  /**
   * Asked for on every invocation: answers from a cache younger than CONFIG_MAX_AGE_SECONDS
   * (SSM), and keeps the last good mapping when a new one is refused (see mappingSource.ts).
   */
  readonly loadMapping: () => Promise<MappingConfig>;
  /** Built once, on the first invocation (reads the Okta token from Secrets Manager). */
  readonly loadDirectories: () => Promise<Partial<Record<IdpSource, DirectoryPort>>>;
  readonly clock: Clock;
  readonly random: Random;
};

/** Builds the production dependencies from config; `overrides` replace any of them. */
export function buildDependencies(config: Config, overrides: Partial<SyncHandlerDependencies> = {}): SyncHandlerDependencies {
  const logger = overrides.logger ?? new Logger({ serviceName: SERVICE_NAME });
  const metrics = overrides.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  const clock = overrides.clock ?? { now: () => Date.now() };
  const stats = overrides.stats ?? new InvocationStats({}, () => clock.now());
  // AWS SDK clients honour AWS_ENDPOINT_URL(_<SERVICE>) themselves, so moto works unchanged.
  // Every client gets connection and request timeouts (clientConfig.ts).
  const store = overrides.store ?? new DynamoStateStore({ client: new DynamoDBClient(awsClientConfig()), tableName: config.stateTableName, eventTtlSeconds: config.eventTtlSeconds, clock });
  const queue = overrides.queue ?? new SqsQueue({ client: new SQSClient(awsClientConfig()), queueUrl: config.queueUrl, deadLetterUrl: config.deadLetterUrl });

  let wickrFor = overrides.wickrFor;
  let provisioningFor = overrides.provisioningFor;
  if (!wickrFor || !provisioningFor) {
    const client = new WickrClient({
      region: config.wickr.region,
      endpoint: config.wickr.endpoint,
      useFips: config.wickr.useFips,
      useDualStack: config.wickr.useDualStack,
      retryStrategy: retryStrategyFor(config.wickrRetryMode),
      onAttempt: (report) => stats.record(report),
    });
    wickrFor ??= (deadline) => createWickrPort(client, config.wickr.networkId, () => ({ deadline }));
    provisioningFor ??= (deadline) => createWickrProvisioningPort(client, config.wickr.networkId, () => ({ deadline }));
  }

  return {
    config,
    logger,
    metrics,
    stats,
    store,
    queue,
    wickrFor,
    provisioningFor,
    loadMapping: overrides.loadMapping ?? createMappingLoader(config, logger, metrics),
    loadDirectories: overrides.loadDirectories ?? (() => loadDirectories(config)),
    clock,
    random: overrides.random ?? Math.random,
  };
}

/** undefined → the client's default DeadlineRetryStrategy. smithy's strategies give up after 3 attempts. */
function retryStrategyFor(mode: WickrRetryMode): RetryStrategyV2 | undefined {
  if (mode === WickrRetryMode.Standard) return new StandardRetryStrategy(3);
  if (mode === WickrRetryMode.Adaptive) return new AdaptiveRetryStrategy(async () => 3);
  return undefined;
}

/**
 * The mapping, asked for on every invocation (sync) or run start (reconcile): read through
 * {@link mappingReader}, validated against the configured network, and the last good one kept
 * when a new one is refused (mappingSource.ts), which counts `MappingRejected`.
 */
export function createMappingLoader(config: Config, logger: Logger, metrics: Metrics): () => Promise<MappingConfig> {
  return createMappingSource({
    read: mappingReader(config),
    networkId: config.wickr.networkId,
    logger: { info: (m, e) => logger.info(m, e ?? {}), warn: (m, e) => logger.warn(m, e ?? {}), error: (m, e) => logger.error(m, e ?? {}) },
    onRejected: () => metrics.addMetric(ConfigMetric.mappingRejected, MetricUnit.Count, 1),
    sources: configuredSources(config),
  });
}

/**
 * Reads the mapping's text: from SSM through Powertools' SSMProvider, which keeps it for
 * CONFIG_MAX_AGE_SECONDS, so an edit reaches every execution environment within that age
 * without a cold start; or from MAPPING_FILE (local runs), read each time.
 * https://docs.powertools.aws.dev/lambda/typescript/latest/features/parameters/
 */
function mappingReader(config: Config): () => Promise<string> {
  const { file, parameterName } = config.mapping;
  if (file) return () => readFile(file, 'utf8');
  const name = parameterName as string;
  const provider = new SSMProvider({ awsSdkV3Client: new SSMClient(awsClientConfig()) });
  return async () => {
    try {
      return (await provider.get(name, { maxAge: config.configMaxAgeSeconds, decrypt: true })) ?? '';
    } catch (error) {
      // Powertools wraps the SDK's error; classify the SDK's own.
      throw fromAwsError(error instanceof GetParameterError && error.cause !== undefined ? error.cause : error, 'config', `SSM GetParameter ${name}`);
    }
  };
}

/**
 * The Okta API token, kept for CONFIG_MAX_AGE_SECONDS; `getToken(true)` reads it again at once
 * (after a 401). Undefined when Okta is not configured.
 */
export function oktaTokenSource(config: Config): GetToken | undefined {
  if (!config.okta) return undefined;
  const provider = new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient(awsClientConfig()) });
  return createTokenSource({ secretId: config.okta.tokenSecretId, provider, maxAgeSeconds: config.configMaxAgeSeconds });
}

/**
 * The directories of the configured sources. Each adapter (and its SDK client) is imported only
 * when its source is configured, so a deployment without Okta never evaluates the Okta code.
 */
async function loadDirectories(config: Config): Promise<Partial<Record<IdpSource, DirectoryPort>>> {
  const directories: Partial<Record<IdpSource, DirectoryPort>> = {};
  const getToken = oktaTokenSource(config);
  if (config.okta && getToken) {
    const { createOktaDirectory } = await import('../../adapters/okta');
    // Read at cold start, so a missing or unreadable secret fails the init; read again when Okta
    // answers 401, so a rotated token is picked up without a new execution environment.
    await getToken(false);
    directories.okta = createOktaDirectory({ orgUrl: config.okta.orgUrl, getToken });
  }
  if (config.identityCenter) {
    const [{ createIdentityCenterDirectory }, { IdentitystoreClient }] = await Promise.all([import('../../adapters/identitycenter'), import('@aws-sdk/client-identitystore')]);
    directories['identity-center'] = createIdentityCenterDirectory({ identityStoreId: config.identityCenter.identityStoreId, client: new IdentitystoreClient(awsClientConfig()) });
  }
  if (config.scim) {
    const { createScimDirectory } = await import('../../adapters/scim');
    directories.scim = createScimDirectory({ tableName: config.scim.tableName, client: new DynamoDBClient(awsClientConfig()) });
  }
  return directories;
}
