import type { Config } from '../../src/handlers/config';

/** A valid handler configuration for tests that inject every dependency (nothing here is called). */
export const TEST_CONFIG: Config = Object.freeze({
  wickr: { networkId: '12345678', region: 'us-east-1', useFips: false, useDualStack: false },
  mapping: { file: 'unused.json' },
  stateTableName: 'table',
  queueUrl: 'https://queue',
  deadLetterUrl: 'https://dlq',
  dryRun: false,
  genericEnabled: true,
  concurrency: 4,
  eventTtlSeconds: 3600,
  wickrRetryMode: 'deadline',
  maxReceiveCount: 5,
  configMaxAgeSeconds: 300,
});
