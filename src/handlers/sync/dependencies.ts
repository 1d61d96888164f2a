import { readFile } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoStateStore } from '../../adapters/aws/DynamoStateStore';
import { fromAwsError } from '../../adapters/aws/sdkErrors';
import { SqsQueue } from '../../adapters/aws/SqsQueue';
import { WickrClient, createWickrPort } from '../../adapters/wickr';
import { ConfigError } from '../../core/errors';
import { parseMappingConfig } from '../../core/mapping';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../core/metrics';
import type { Clock, DirectoryPort, QueuePort, Random, StateStore, WickrPort } from '../../core/ports';
import type { IdpSource, MappingConfig } from '../../core/types';
import type { Config } from '../config';
import { WickrRetryMode } from '../config';
import { AdaptiveRetryStrategy, StandardRetryStrategy } from '@smithy/util-retry';
import type { RetryStrategyV2 } from '@smithy/types';
import { InvocationStats } from './invocationStats';

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
  /** Loaded once, on the first invocation (SSM or file). */
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
  const store = overrides.store ?? new DynamoStateStore({ client: new DynamoDBClient({}), tableName: config.stateTableName, eventTtlSeconds: config.eventTtlSeconds, clock });
  const queue = overrides.queue ?? new SqsQueue({ client: new SQSClient({}), queueUrl: config.queueUrl, deadLetterUrl: config.deadLetterUrl });

  let wickrFor = overrides.wickrFor;
  if (!wickrFor) {
    const client = new WickrClient({
      region: config.wickr.region,
      endpoint: config.wickr.endpoint,
      useFips: config.wickr.useFips,
      useDualStack: config.wickr.useDualStack,
      retryStrategy: retryStrategyFor(config.wickrRetryMode),
      onAttempt: (report) => stats.record(report),
    });
    wickrFor = (deadline) => createWickrPort(client, config.wickr.networkId, () => ({ deadline }));
  }

  return {
    config,
    logger,
    metrics,
    stats,
    store,
    queue,
    wickrFor,
    loadMapping: overrides.loadMapping ?? (() => loadMapping(config)),
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

/** The mapping from SSM (or MAPPING_FILE), validated against the configured network. */
export async function loadMapping(config: Config): Promise<MappingConfig> {
  let raw: string;
  if (config.mapping.file) {
    raw = await readFile(config.mapping.file, 'utf8');
  } else {
    try {
      const out = await new SSMClient({}).send(new GetParameterCommand({ Name: config.mapping.parameterName, WithDecryption: true }));
      raw = out.Parameter?.Value ?? '';
    } catch (error) {
      throw fromAwsError(error, 'config', `SSM GetParameter ${config.mapping.parameterName}`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError('mapping', `is not valid JSON: ${(error as Error).message}`);
  }
  const mapping = parseMappingConfig(json);
  if (mapping.networkId !== config.wickr.networkId) {
    throw new ConfigError('mapping.networkId', `is ${mapping.networkId} but WICKR_NETWORK_ID is ${config.wickr.networkId}`);
  }
  return mapping;
}

/**
 * Each source's adapter is imported only when that source is configured, so a deployment without
 * Okta never evaluates the Okta client (nor Identity Center's SDK client without Identity Center).
 */
async function loadDirectories(config: Config): Promise<Partial<Record<IdpSource, DirectoryPort>>> {
  const directories: Partial<Record<IdpSource, DirectoryPort>> = {};
  if (config.okta) {
    const { orgUrl, tokenSecretId } = config.okta;
    const [{ createOktaDirectory }, { loadSecretString }, { SecretsManagerClient }] = await Promise.all([
      import('../../adapters/okta'),
      import('../../adapters/aws/secrets'),
      import('@aws-sdk/client-secrets-manager'),
    ]);
    const secrets = new SecretsManagerClient({});
    // Read at cold start, so a missing or unreadable secret fails the init as before; read again
    // when Okta answers 401, so a rotated token is picked up without a new execution environment.
    let token = await loadSecretString(tokenSecretId, secrets);
    const getToken = async (refresh: boolean): Promise<string> => {
      if (refresh) token = await loadSecretString(tokenSecretId, secrets);
      return token;
    };
    directories.okta = createOktaDirectory({ orgUrl, getToken });
  }
  if (config.identityCenter) {
    const [{ createIdentityCenterDirectory }, { IdentitystoreClient }] = await Promise.all([
      import('../../adapters/identitycenter'),
      import('@aws-sdk/client-identitystore'),
    ]);
    directories['identity-center'] = createIdentityCenterDirectory({ identityStoreId: config.identityCenter.identityStoreId, client: new IdentitystoreClient({}) });
  }
  return directories;
}
