/** The SCIM function's configuration, read once from the environment at cold start. */
import { ConfigError } from '../../core/errors';
import { SCIM_THROTTLE_DEFAULTS, SCIM_TOKEN_CACHE_SECONDS } from '../../core/scim/constants';

/** See src/handlers/README.md § SCIM function. */
export type ScimConfig = {
  /** The SCIM store's table (schema.ts). */
  readonly tableName: string;
  /** The stack's event bus, where SCIM events are published. */
  readonly eventBusName: string;
  /** The function's own throttle per execution environment. */
  readonly ratePerSecond: number;
  readonly burst: number;
  /** How long token hashes are cached (s): the longest a revoked token still works. */
  readonly tokenCacheSeconds: number;
};

type Env = Record<string, string | undefined>;

function required(env: Env, key: string): string {
  const value = env[key]?.trim();
  if (!value) throw new ConfigError(key, 'is required');
  return value;
}

function int(env: Env, key: string, fallback: number, min: number, max: number): number {
  const value = env[key]?.trim();
  if (!value) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(key, `expected an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

/** Reads and validates the SCIM function's environment; throws {@link ConfigError} naming the variable. */
export function readScimConfig(env: Env = process.env): ScimConfig {
  return Object.freeze({
    tableName: required(env, 'SCIM_TABLE_NAME'),
    eventBusName: required(env, 'EVENT_BUS_NAME'),
    ratePerSecond: int(env, 'SCIM_RATE_PER_SECOND', SCIM_THROTTLE_DEFAULTS.ratePerSecond, 1, 10_000),
    burst: int(env, 'SCIM_BURST', SCIM_THROTTLE_DEFAULTS.burst, 1, 10_000),
    tokenCacheSeconds: int(env, 'SCIM_TOKEN_CACHE_SECONDS', SCIM_TOKEN_CACHE_SECONDS, 0, 900),
  });
}
