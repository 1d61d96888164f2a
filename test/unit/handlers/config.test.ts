import { ConfigError } from '../../../src/core/errors';
import { configuredSources, readConfig } from '../../../src/handlers/config';
import { STACK_DEFAULT_PARAMS } from '../../helpers/stackParams';

const base = {
  WICKR_NETWORK_ID: '12345678',
  WICKR_REGION: 'us-east-1',
  MAPPING_PARAMETER_NAME: '/wickr/mapping',
  STATE_TABLE_NAME: 'state',
  QUEUE_URL: 'http://q',
  DLQ_URL: 'http://dlq',
};

describe('Function: readConfig()', () => {
  it('reads a minimal environment with defaults and freezes it', () => {
    const config = readConfig(base);
    expect(config).toMatchObject({ dryRun: false, concurrency: 4, eventTtlSeconds: 604_800, configMaxAgeSeconds: 300, okta: undefined, identityCenter: undefined });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.wickr)).toBe(true);
  });

  it.each([
    [{ WICKR_NETWORK_ID: undefined }, 'WICKR_NETWORK_ID: is required'],
    [{ WICKR_NETWORK_ID: '123' }, 'WICKR_NETWORK_ID: expected 8 digits'],
    [{ MAPPING_PARAMETER_NAME: undefined }, 'MAPPING_PARAMETER_NAME'],
    [{ DRY_RUN: 'maybe' }, 'DRY_RUN: expected true or false'],
    [{ WICKR_CONCURRENCY: '0' }, 'WICKR_CONCURRENCY: expected an integer from 1 to 50'],
    [{ CONFIG_MAX_AGE_SECONDS: '0' }, 'CONFIG_MAX_AGE_SECONDS: expected an integer from 1 to 3600'],
    [{ OKTA_ORG_URL: 'https://example.okta.com' }, 'OKTA_TOKEN_SECRET_ID: is required when OKTA_ORG_URL is set'],
    [{ WICKR_ENDPOINT: 'localhost:8787' }, 'WICKR_ENDPOINT: expected an http(s) URL'],
    [{ WICKR_RETRY_MODE: 'legacy' }, 'WICKR_RETRY_MODE: expected one of deadline, standard, adaptive'],
  ])('rejects %p with a message naming the variable', (patch, message) => {
    expect(() => readConfig({ ...base, ...patch })).toThrow(ConfigError);
    expect(() => readConfig({ ...base, ...patch })).toThrow(message);
  });

  it('enables Okta and Identity Center only when configured', () => {
    const config = readConfig({ ...base, OKTA_ORG_URL: 'https://example.okta.com', OKTA_TOKEN_SECRET_ID: 'arn:secret', IDENTITY_STORE_ID: 'd-123', DRY_RUN: 'true' });
    expect(config.okta).toEqual({ orgUrl: 'https://example.okta.com', tokenSecretId: 'arn:secret' });
    expect(config.identityCenter).toEqual({ identityStoreId: 'd-123' });
    expect(config.dryRun).toBe(true);
  });

  it('turns the SCIM source on with SCIM_TABLE_NAME, and names the configured sources', () => {
    expect(readConfig(base).scim).toBeUndefined();
    expect(configuredSources(readConfig(base))).toEqual([]);
    const config = readConfig({ ...base, SCIM_TABLE_NAME: ' wickr-idp-sync-dev-scim ', IDENTITY_STORE_ID: 'd-123' });
    expect(config.scim).toEqual({ tableName: 'wickr-idp-sync-dev-scim' });
    expect(configuredSources(config)).toEqual(['identity-center', 'scim']);
  });
});

type Validate = (raw: Record<string, string>) => { errors: string[] };
// stack/settings.js is plain CommonJS (osls loads it), so it is required rather than imported.
const { validate } = require('../../../stack/settings') as { validate: Validate };
const LIMITS = require('../../../stack/limits.json') as Record<string, { min: number; max: number }>;

const STACK_DEFAULTS = STACK_DEFAULT_PARAMS;

describe('Function: readConfig() and the stack parameters', () => {
  it.each([
    ['wickrConcurrency', 'WICKR_CONCURRENCY'],
    ['eventTtlSeconds', 'EVENT_TTL_SECONDS'],
    ['configMaxAgeSeconds', 'CONFIG_MAX_AGE_SECONDS'],
    ['maxReceiveCount', 'MAX_RECEIVE_COUNT'],
  ])('accepts exactly the %s values packaging accepts (%s)', (param, variable) => {
    const { min, max } = LIMITS[param]!;
    for (const value of [min - 1, min, max, max + 1]) {
      const packaged = validate({ ...STACK_DEFAULTS, [param]: String(value) }).errors.length === 0;
      let started = true;
      try {
        readConfig({ ...base, [variable]: String(value) });
      } catch {
        started = false;
      }
      expect({ value, packaged, started }).toEqual({ value, packaged: value >= min && value <= max, started: packaged });
    }
  });
});
