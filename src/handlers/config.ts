import { ConfigError } from '../core/errors';
import { IdpSource } from '../core/types';
// The bounds packaging checks too (stack/settings.js), so the two can never disagree.
import LIMITS from '../../stack/limits.json';

/** The consumer's configuration, read once from the environment at cold start. */
export type Config = {
  readonly wickr: {
    readonly networkId: string;
    readonly region: string;
    readonly endpoint?: string;
    readonly useFips: boolean;
    readonly useDualStack: boolean;
  };
  readonly mapping: { readonly parameterName?: string; readonly file?: string };
  readonly okta?: { readonly orgUrl: string; readonly tokenSecretId: string };
  readonly identityCenter?: { readonly identityStoreId: string };
  /** The SCIM store (SCIM_TABLE_NAME); absent: the SCIM source is off and its events are ignored. */
  readonly scim?: { readonly tableName: string };
  readonly stateTableName: string;
  readonly queueUrl: string;
  readonly deadLetterUrl: string;
  readonly dryRun: boolean;
  /** The generic source is on (the stack sets it when `genericPublisherArns` names publishers); off, generic bodies end `ignored`. */
  readonly genericEnabled: boolean;
  /** Users processed at once in one invocation. */
  readonly concurrency: number;
  readonly eventTtlSeconds: number;
  /** The queue's redrive `maxReceiveCount` (from the stack): on that receive the consumer dead-letters a failing record itself, with its reason. */
  readonly maxReceiveCount: number;
  /** Oldest the mapping (SSM) and the Okta token (Secrets Manager) may be before they are read again. */
  readonly configMaxAgeSeconds: number;
  /** Wickr client retry strategy: ours (`deadline`), or smithy's `standard`/`adaptive` (what a plain SDK client does). */
  readonly wickrRetryMode: WickrRetryMode;
};

/** The Wickr retry strategies that can be chosen. */
export const WickrRetryMode = { Deadline: 'deadline', Standard: 'standard', Adaptive: 'adaptive' } as const;
export type WickrRetryMode = (typeof WickrRetryMode)[keyof typeof WickrRetryMode];

/** The default retry budget: with the consumer's backoff, at least 83 minutes (docs/consumer.md § Retry schedule). */
export const DEFAULT_MAX_RECEIVE_COUNT = 20;

type Env = Record<string, string | undefined>;

function str(env: Env, key: string, options: { required: true }): string;
function str(env: Env, key: string, options?: { required?: false }): string | undefined;
function str(env: Env, key: string, options: { required?: boolean } = {}): string | undefined {
  const value = env[key]?.trim();
  if (value) return value;
  if (options.required) throw new ConfigError(key, 'is required');
  return undefined;
}

function bool(env: Env, key: string, fallback: boolean): boolean {
  const value = str(env, key);
  if (value === undefined) return fallback;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new ConfigError(key, `expected true or false, got "${value}"`);
}

/** An integer bounded by stack/limits.json, with its default. */
function limited(env: Env, key: string, limit: { readonly min: number; readonly max: number; readonly default: number }): number {
  return int(env, key, limit.default, limit.min, limit.max);
}

function int(env: Env, key: string, fallback: number, min: number, max: number): number {
  const value = str(env, key);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(key, `expected an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

/**
 * Reads and validates the environment (see src/handlers/README.md). Throws {@link ConfigError}
 * naming the variable, so a bad deployment fails at cold start, not on the first event.
 */
export function readConfig(env: Env = process.env): Config {
  const networkId = str(env, 'WICKR_NETWORK_ID', { required: true });
  if (!/^[0-9]{8}$/.test(networkId)) throw new ConfigError('WICKR_NETWORK_ID', `expected 8 digits, got "${networkId}"`);
  const endpoint = str(env, 'WICKR_ENDPOINT');
  if (endpoint && !/^https?:\/\//.test(endpoint)) throw new ConfigError('WICKR_ENDPOINT', 'expected an http(s) URL');

  const parameterName = str(env, 'MAPPING_PARAMETER_NAME');
  const file = str(env, 'MAPPING_FILE');
  if (!parameterName && !file) throw new ConfigError('MAPPING_PARAMETER_NAME', 'set it (or MAPPING_FILE for local runs)');

  const orgUrl = str(env, 'OKTA_ORG_URL');
  const tokenSecretId = str(env, 'OKTA_TOKEN_SECRET_ID');
  if (orgUrl && !tokenSecretId) throw new ConfigError('OKTA_TOKEN_SECRET_ID', 'is required when OKTA_ORG_URL is set');
  if (orgUrl && !/^https?:\/\//.test(orgUrl)) throw new ConfigError('OKTA_ORG_URL', 'expected an http(s) URL');
  const identityStoreId = str(env, 'IDENTITY_STORE_ID');
  const scimTableName = str(env, 'SCIM_TABLE_NAME');

  return Object.freeze({
    wickr: Object.freeze({
      networkId,
      region: str(env, 'WICKR_REGION', { required: true }),
      endpoint,
      useFips: bool(env, 'WICKR_USE_FIPS', false),
      useDualStack: bool(env, 'WICKR_USE_DUALSTACK', false),
    }),
    mapping: Object.freeze({ parameterName, file }),
    okta: orgUrl && tokenSecretId ? Object.freeze({ orgUrl, tokenSecretId }) : undefined,
    identityCenter: identityStoreId ? Object.freeze({ identityStoreId }) : undefined,
    scim: scimTableName ? Object.freeze({ tableName: scimTableName }) : undefined,
    stateTableName: str(env, 'STATE_TABLE_NAME', { required: true }),
    queueUrl: str(env, 'QUEUE_URL', { required: true }),
    deadLetterUrl: str(env, 'DLQ_URL', { required: true }),
    dryRun: bool(env, 'DRY_RUN', false),
    // Off unless the stack says so: a generic body reaching a deployment without publishers was never admitted by the bus.
    genericEnabled: bool(env, 'GENERIC_ENABLED', false),
    concurrency: limited(env, 'WICKR_CONCURRENCY', LIMITS.wickrConcurrency),
    eventTtlSeconds: limited(env, 'EVENT_TTL_SECONDS', LIMITS.eventTtlSeconds),
    maxReceiveCount: limited(env, 'MAX_RECEIVE_COUNT', LIMITS.maxReceiveCount),
    configMaxAgeSeconds: limited(env, 'CONFIG_MAX_AGE_SECONDS', LIMITS.configMaxAgeSeconds),
    wickrRetryMode: retryMode(env),
  });
}

/** The directory sources this deployment reads (the generic source has none). */
export function configuredSources(config: Pick<Config, 'okta' | 'identityCenter' | 'scim'>): IdpSource[] {
  return [...(config.okta ? [IdpSource.Okta] : []), ...(config.identityCenter ? [IdpSource.IdentityCenter] : []), ...(config.scim ? [IdpSource.Scim] : [])];
}

function retryMode(env: Env): WickrRetryMode {
  const value = str(env, 'WICKR_RETRY_MODE') ?? WickrRetryMode.Deadline;
  const modes: readonly string[] = Object.values(WickrRetryMode);
  if (!modes.includes(value)) throw new ConfigError('WICKR_RETRY_MODE', `expected one of ${modes.join(', ')}, got "${value}"`);
  return value as WickrRetryMode;
}
