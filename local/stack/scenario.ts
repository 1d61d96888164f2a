import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { scimSeedSchema } from './scim/seed';
import { seedProblems } from './seedCheck';

/**
 * A scenario: the directories' truth and the Wickr network to start from (seed.json), and the
 * EventBridge events to publish (events.jsonl), in the format of issue #6 (docs/local.md).
 */

const identityCenterSchema = z.strictObject({
  identityStoreId: z.string().regex(/^d-[0-9a-f]{10}$|^[0-9a-f-]{36}$/, 'must look like d-1234567890'),
  users: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        userName: z.string().min(1),
        email: z.string().optional(),
        givenName: z.string().optional(),
        familyName: z.string().optional(),
        displayName: z.string().optional(),
        active: z.boolean().default(true),
        groupIds: z.array(z.string().min(1)).default([]),
      }),
    )
    .default([]),
  groups: z.array(z.strictObject({ id: z.string().min(1), displayName: z.string().min(1) })).default([]),
});

const wickrSchema = z.looseObject({
  networkId: z.string(),
  securityGroups: z.array(z.looseObject({ id: z.string() })),
  users: z.array(z.looseObject({ username: z.string() })),
  rateLimit: z.unknown().optional(),
  faults: z.unknown().optional(),
});

const seedSchema = z.strictObject({
  mapping: z.record(z.string(), z.unknown()),
  wickr: wickrSchema,
  okta: z.record(z.string(), z.unknown()).optional(),
  identityCenter: identityCenterSchema.optional(),
  /** SCIM users and groups already in the store (local/stack/scim/seed.ts). */
  scim: scimSeedSchema.optional(),
});

/** The seed file (the mapping, the Wickr network, and the directories' truth at the end of the scenario). */
export type ScenarioSeed = z.output<typeof seedSchema>;
/** The Identity Center section, with defaults applied. */
export type IdentityCenterSeed = z.output<typeof identityCenterSchema>;

/** One whole EventBridge event, as a line of events.jsonl. */
export type ScenarioEvent = {
  readonly source: string;
  readonly 'detail-type': string;
  readonly detail: Record<string, unknown>;
  readonly time?: string;
  readonly resources?: string[];
  readonly [key: string]: unknown;
};

/** A seed or events file that cannot be used; the message names the file and the field or line. */
export class ScenarioError extends Error {
  public override readonly name = 'ScenarioError';
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/**
 * Validates a parsed seed: every section strictly, the mapping with the functions' own schema,
 * and the references between sections (seedCheck.ts). The message lists every problem.
 */
export function parseSeed(input: unknown, origin = 'seed'): ScenarioSeed {
  const problems = seedProblems(input);
  if (problems.length) throw new ScenarioError(`${origin}:\n  ${problems.join('\n  ')}`);
  const parsed = seedSchema.safeParse(input);
  if (!parsed.success) throw new ScenarioError(`${origin}: ${describe(parsed.error)}`);
  return parsed.data;
}

/** Validates one event: an object with `source`, `detail-type` and an object `detail`. */
export function parseEvent(input: unknown, origin: string): ScenarioEvent {
  const e = input as Record<string, unknown> | null;
  if (!e || typeof e !== 'object' || Array.isArray(e)) throw new ScenarioError(`${origin}: not a JSON object`);
  if (typeof e.source !== 'string' || !e.source) throw new ScenarioError(`${origin}: "source" must be a non-empty string`);
  if (typeof e['detail-type'] !== 'string' || !e['detail-type']) throw new ScenarioError(`${origin}: "detail-type" must be a non-empty string`);
  if (!e.detail || typeof e.detail !== 'object' || Array.isArray(e.detail)) throw new ScenarioError(`${origin}: "detail" must be an object (EventBridge requires it)`);
  return e as ScenarioEvent;
}

/** Reads seed.json. */
export function readSeedFile(path: string): ScenarioSeed {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ScenarioError(`${path}: ${(error as Error).message}`);
  }
  return parseSeed(json, path);
}

/** Reads events.jsonl: one event per non-blank line, in file order. */
export function readEventsFile(path: string): ScenarioEvent[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, index) => ({ line: line.trim(), origin: `${path}:${index + 1}` }))
    .filter(({ line }) => line !== '')
    .map(({ line, origin }) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (error) {
        throw new ScenarioError(`${origin}: ${(error as Error).message}`);
      }
      return parseEvent(json, origin);
    });
}

/**
 * Replaces every symbolic id (Identity Center ids from the seed) in string values of the event
 * with the id moto assigned, also inside longer strings such as ARNs. Ids are matched whole:
 * `iic-user-bo` does not match inside `iic-user-bob`.
 */
export function replaceSymbolicIds<T>(value: T, ids: ReadonlyMap<string, string>): T {
  if (!ids.size) return value;
  const escaped = [...ids.keys()].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![A-Za-z0-9_-])(${escaped.join('|')})(?![A-Za-z0-9_-])`, 'g');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(pattern, (id) => ids.get(id) ?? id);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
