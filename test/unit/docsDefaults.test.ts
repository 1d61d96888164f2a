/**
 * The defaults the docs state are the code's: serverless.yml's `params.default`, stack/limits.json
 * (bounds and defaults, read by packaging and by the function's configuration), and the mapping's
 * defaults (src/core/mapping/config.ts). docs/operations.md once said 5 for maxReceiveCount while
 * the code used 20; this reads both sides, so such a drift fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import LIMITS from '../../stack/limits.json';
import { GUARD_DEFAULTS, parseMappingConfig } from '../../src/core/mapping';
import { DEFAULT_MAX_RECEIVE_COUNT, readConfig } from '../../src/handlers/config';

const ROOT = join(__dirname, '../..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
/** Docs text with wrapped lines joined and padding collapsed, so a statement reads as one line; each table row stays a line. */
const prose = (path: string): string =>
  read(path)
    .replace(/\n(?!\|)/g, ' ')
    .replace(/[ \t]+/g, ' ');

/** serverless.yml's `params.default`: `name: value  # comment` lines, quotes removed. */
function stackDefaults(): Map<string, string> {
  const lines = read('serverless.yml').split('\n');
  const start = lines.indexOf('  default:');
  const params = new Map<string, string>();
  for (const line of lines.slice(start + 1)) {
    const m = /^ {4}(\w+): (.*?)\s*(?:#.*)?$/.exec(line);
    if (!m) break;
    params.set(m[1] as string, (m[2] as string).replace(/^'(.*)'$/, '$1'));
  }
  return params;
}

/** docs/operations.md § Parameters: parameter name → [default cell, meaning cell]. */
function documentedParameters(): Map<string, [string, string]> {
  const text = read('docs/operations.md');
  const section = text.slice(text.indexOf('## Parameters'), text.indexOf('## Deploy'));
  const rows = new Map<string, [string, string]>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (!cells[1]?.startsWith('`')) continue;
    for (const [, name] of cells[1].matchAll(/`(\w+)`/g)) rows.set(name as string, [cells[2] as string, cells[3] as string]);
  }
  return rows;
}

/** Every number a doc states as the default of `name`: "`name` … default **N**" within one clause. */
function statedDefaults(text: string, name: string): number[] {
  const pattern = new RegExp(`\`${name.replace(/\./g, '\\.')}\`[^.;\\n]{0,160}?default \\**([\\d,]+)`, 'g');
  return [...text.matchAll(pattern)].map((m) => Number((m[1] as string).replace(/,/g, '')));
}

const LIMIT_KEYS = Object.keys(LIMITS).filter((k) => typeof (LIMITS as Record<string, unknown>)[k] === 'object') as (keyof typeof LIMITS & string)[];
const limit = (key: string) => (LIMITS as unknown as Record<string, { min: number; max: number; default: number }>)[key] as { min: number; max: number; default: number };
const thousands = (n: number): string => n.toLocaleString('en-US');

describe('docs/operations.md § Parameters and serverless.yml', () => {
  const stack = stackDefaults();
  const docs = documentedParameters();

  it('documents every parameter of serverless.yml, and no other', () => {
    expect(stack.size).toBeGreaterThan(20);
    expect([...docs.keys()].sort()).toEqual([...stack.keys()].sort());
  });

  it.each([...stackDefaults().keys()])('states the default of %s as serverless.yml has it', (name) => {
    const [cell] = docs.get(name) ?? [''];
    const value = stack.get(name) as string;
    const stated = /^`([^`]*)`/.exec(cell)?.[1];
    if (stated !== undefined) {
      expect(stated).toBe(value.replace('${self:service}', 'wickr-idp-sync').replace('${sls:stage}', '<stage>'));
    } else if (value === '') {
      // Empty: an optional part left off, or a required value with no default.
      expect(cell).toMatch(/^(empty|— \(required)/);
    } else {
      expect([value, cell]).toEqual(['${self:provider.region}', "the stack's region"]);
    }
  });
});

describe('stack/limits.json, the docs and the code', () => {
  const stack = stackDefaults();
  const docs = documentedParameters();

  it.each(LIMIT_KEYS)('%s: one default in limits.json, serverless.yml and docs/operations.md, and the bounds the docs state', (key) => {
    const { min, max, default: fallback } = limit(key);
    const [cell, meaning] = docs.get(key) ?? ['', ''];
    expect(Number(stack.get(key))).toBe(fallback);
    expect(cell).toBe(`\`${fallback}\``);
    expect(meaning).toContain(`${thousands(min)}–${thousands(max)}`);
  });

  it('gives the function the same defaults when the stack passes nothing', () => {
    const config = readConfig({ WICKR_NETWORK_ID: '12345678', WICKR_REGION: 'us-east-1', MAPPING_PARAMETER_NAME: '/m', STATE_TABLE_NAME: 's', QUEUE_URL: 'http://q', DLQ_URL: 'http://dlq' });
    expect(config).toMatchObject({
      concurrency: LIMITS.wickrConcurrency.default,
      eventTtlSeconds: LIMITS.eventTtlSeconds.default,
      maxReceiveCount: LIMITS.maxReceiveCount.default,
      configMaxAgeSeconds: LIMITS.configMaxAgeSeconds.default,
    });
    expect(DEFAULT_MAX_RECEIVE_COUNT).toBe(LIMITS.maxReceiveCount.default);
  });

  it.each([
    ['docs/consumer.md', 'maxReceiveCount', LIMITS.maxReceiveCount.default],
    ['docs/operations.md', 'configMaxAgeSeconds', LIMITS.configMaxAgeSeconds.default],
    ['src/handlers/README.md', 'WICKR_CONCURRENCY', LIMITS.wickrConcurrency.default],
    ['src/handlers/README.md', 'EVENT_TTL_SECONDS', LIMITS.eventTtlSeconds.default],
    ['src/handlers/README.md', 'CONFIG_MAX_AGE_SECONDS', LIMITS.configMaxAgeSeconds.default],
  ])('%s states the default of %s as %i wherever it states one', (path, name, fallback) => {
    const stated = statedDefaults(prose(path), name);
    expect(stated.length).toBeGreaterThan(0);
    for (const n of stated) expect(n).toBe(fallback);
  });
});

describe('docs/events.md § Mapping configuration and the mapping schema', () => {
  const parsed = parseMappingConfig({ networkId: '12345678', securityGroups: [], defaultSecurityGroupId: 'SGDEFLT1' }) as unknown as Record<string, unknown>;
  const text = read('docs/events.md');
  const table = text.slice(text.indexOf('## Mapping configuration'), text.indexOf('### What Wickr should hold'));
  const rows = table
    .split('\n')
    .map((line) => line.split('|').map((c) => c.trim()))
    .filter((cells) => /^`\w+`$/.test(cells[1] ?? '') && (cells[3] ?? '').startsWith('`'))
    .map((cells) => [(cells[1] as string).slice(1, -1), (cells[3] as string).slice(1, -1)] as const);

  it('documents a default for every field the schema fills in', () => {
    const documented = rows.map(([field]) => field).sort();
    expect(documented).toEqual(
      Object.keys(parsed)
        .filter((k) => !['networkId', 'securityGroups', 'defaultSecurityGroupId'].includes(k))
        .sort(),
    );
  });

  it.each(rows)('states the default of %s as the schema applies it', (field, stated) => {
    const value = /^[[{]/.test(stated) ? JSON.parse(stated) : stated;
    expect(value).toEqual(parsed[field]);
  });

  it.each(Object.entries(GUARD_DEFAULTS))('docs/operations.md § The guard states guard.%s as %i', (key, fallback) => {
    const stated = statedDefaults(prose('docs/operations.md'), `guard.${key}`);
    expect(stated).toEqual([fallback]);
  });

  it('states reinviteAfterHours as the schema applies it, wherever it is stated', () => {
    const provisioning = parsed.provisioning as { reinviteAfterHours: number };
    for (const path of ['docs/events.md', 'docs/operations.md']) for (const n of statedDefaults(prose(path), 'reinviteAfterHours')) expect(n).toBe(provisioning.reinviteAfterHours);
  });
});
