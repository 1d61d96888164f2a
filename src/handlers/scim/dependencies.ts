/** The SCIM function's dependencies, built once per execution environment; tests override any. */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { awsClientConfig } from '../../adapters/aws/clientConfig';
import { DynamoScimStore } from '../../adapters/scim/DynamoScimStore';
import { DynamoTokenStore } from '../../adapters/scim/DynamoTokenStore';
import { EventBridgePublisher } from '../../adapters/scim/EventBridgePublisher';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../core/metrics';
import type { ScimPublisher, ScimStore } from '../../core/scim/ports';
import type { TokenStore } from '../../core/scim/tokens';
import type { ScimConfig } from './config';

/** Everything the SCIM handler uses. */
export type ScimHandlerDependencies = {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly store: ScimStore;
  readonly publisher: ScimPublisher;
  readonly tokens: TokenStore;
  readonly clock: { now(): number };
  readonly newId: () => string;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
};

/** Builds the production dependencies from config; `overrides` replace any of them. */
export function buildScimDependencies(config: ScimConfig, overrides: Partial<ScimHandlerDependencies> = {}): ScimHandlerDependencies {
  // One DynamoDB client for the store and the tokens; SDK clients honour AWS_ENDPOINT_URL (moto).
  const dynamo = overrides.store && overrides.tokens ? undefined : new DynamoDBClient(awsClientConfig());
  return {
    logger: overrides.logger ?? new Logger({ serviceName: SERVICE_NAME }),
    metrics: overrides.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
    store: overrides.store ?? new DynamoScimStore({ client: dynamo as DynamoDBClient, tableName: config.tableName }),
    tokens: overrides.tokens ?? new DynamoTokenStore({ client: dynamo as DynamoDBClient, tableName: config.tableName }),
    publisher: overrides.publisher ?? new EventBridgePublisher({ client: new EventBridgeClient(awsClientConfig()), busName: config.eventBusName }),
    clock: overrides.clock ?? { now: () => Date.now() },
    newId: overrides.newId ?? randomUUID,
    random: overrides.random ?? Math.random,
    sleep: overrides.sleep ?? ((ms) => sleep(ms)),
  };
}
