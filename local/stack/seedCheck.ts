/**
 * The whole seed checked before anything starts (`npm start` exits 2 on any problem): every
 * section with unknown keys refused, the mapping with the schema the functions use
 * (parseMappingConfig, so a mapping that passes here is one the functions accept), and the
 * references between sections (the mapping's security-group ids in the seeded network, users'
 * groups in their directory). Every problem is reported with its full path, e.g.
 * `wickr.users[0].securityGroupIDs: unknown key`.
 */
import { z } from 'zod';
import { ConfigError } from '../../src/core/errors';
import { parseMappingConfig } from '../../src/core/mapping';
import { IdpSource, type MappingConfig } from '../../src/core/types';
import { scimSeedSchema } from './scim/seed';
import { INJECTABLE_STATUSES } from '../wickr-emulator/seed';

// https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/ (UserStatus)
const OKTA_USER_STATUSES = ['ACTIVE', 'DEPROVISIONED', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'PROVISIONED', 'RECOVERY', 'STAGED', 'SUSPENDED'] as const;
const OKTA_FAMILIES = ['/api/v1/users', '/api/v1/users/{id}', '/api/v1/groups', '/api/v1/groups/{id}'] as const;

const probability = z.number().min(0).max(1);

// The Wickr emulator's seed (local/wickr-emulator/seed.ts) less `credentials`, which the stack sets.
const wickrSection = z.strictObject({
  networkId: z.string().regex(/^[0-9]{8}$/, 'must be the 8-digit Wickr network id'),
  networkName: z.string().min(1).optional(),
  region: z.string().optional(),
  securityGroups: z.array(z.strictObject({ id: z.string().regex(/^\S+$/, 'must be non-empty without spaces'), name: z.string().min(1), isDefault: z.boolean().optional() })),
  users: z.array(
    z.strictObject({
      userId: z
        .string()
        .regex(/^[0-9]{1,10}$/, 'must be 1 to 10 digits')
        .optional(),
      username: z.string().min(1),
      firstName: z.string().optional(),
      lastName: z.string().optional(),
      securityGroupIds: z.array(z.string()).max(1, 'a user belongs to at most one security group').optional(),
      suspended: z.boolean().optional(),
      status: z.union([z.literal(1), z.literal(2)]).optional(),
      isAdmin: z.boolean().optional(),
      isInviteExpired: z.boolean().optional(),
    }),
  ),
  rateLimit: z.strictObject({ requestsPerSecond: z.number().positive(), burst: z.number().int().min(1) }).optional(),
  faults: z
    .strictObject({
      errorRate: z.partialRecord(z.enum(INJECTABLE_STATUSES), probability).optional(),
      latencyMs: z.strictObject({ min: z.number().min(0), max: z.number().min(0) }).optional(),
      resetRate: probability.optional(),
    })
    .optional(),
  maxUsers: z.number().int().min(0).optional(),
});

const oktaSection = z.strictObject({
  token: z.string().min(1).optional(),
  users: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        status: z.enum(OKTA_USER_STATUSES).optional(),
        profile: z.strictObject({
          login: z.string().min(1),
          email: z.string().optional(),
          firstName: z.string().nullable().optional(),
          lastName: z.string().nullable().optional(),
        }),
        groupIds: z.array(z.string().min(1)).optional(),
      }),
    )
    .optional(),
  groups: z.array(z.strictObject({ id: z.string().min(1), name: z.string().min(1) })).optional(),
  rateLimit: z
    .strictObject({
      limit: z.number().int().positive(),
      windowSeconds: z.number().int().positive(),
      families: z.partialRecord(z.enum(OKTA_FAMILIES), z.number().int().positive()).optional(),
    })
    .optional(),
});

const identityCenterSection = z.strictObject({
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
        active: z.boolean().optional(),
        groupIds: z.array(z.string().min(1)).optional(),
      }),
    )
    .optional(),
  groups: z.array(z.strictObject({ id: z.string().min(1), displayName: z.string().min(1) })).optional(),
});

const seedShape = z.strictObject({
  mapping: z.record(z.string(), z.unknown()),
  wickr: wickrSection,
  okta: oktaSection.optional(),
  identityCenter: identityCenterSection.optional(),
  scim: scimSeedSchema.optional(),
});

/** `['wickr', 'users', 0, 'securityGroupIDs']` → `wickr.users[0].securityGroupIDs`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '') || '(root)';
}

function shapeProblems(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key`) : [`${formatPath(issue.path)}: ${issue.message}`],
  );
}

/**
 * The sources the local functions will have on, as their configuration reads them: a directory
 * section turns its source on, and a `scim` section stands for the SCIM endpoint (`--scim-port`).
 */
function seedSources(seed: Loose): IdpSource[] {
  return [...(seed.okta ? [IdpSource.Okta] : []), ...(seed.identityCenter ? [IdpSource.IdentityCenter] : []), ...(seed.scim ? [IdpSource.Scim] : [])];
}

function mappingProblem(mapping: unknown, sources: readonly IdpSource[]): { mapping?: MappingConfig; problem?: string } {
  try {
    return { mapping: parseMappingConfig(mapping, { sources }) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const message = error.message.slice(error.key.length + 2).replace(/^is not a known field/, 'unknown key');
    return { problem: `${error.key === 'mapping' ? 'mapping' : `mapping.${error.key}`}: ${message}` };
  }
}

type Loose = { readonly [key: string]: unknown };
const list = (value: unknown): Loose[] => (Array.isArray(value) ? value.filter((v): v is Loose => v !== null && typeof v === 'object') : []);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * References between sections: what the functions or the emulators would refuse later, or
 * silently ignore. Read loosely, so that they are reported next to any shape problem.
 */
function crossProblems(seed: Loose, mapping: MappingConfig | undefined): string[] {
  const problems: string[] = [];
  const wickr = (seed.wickr ?? {}) as Loose;
  const groupIds = new Set(list(wickr.securityGroups).flatMap((g) => (typeof g.id === 'string' ? [g.id] : [])));
  const known = [...groupIds].join(', ') || 'none';
  if (mapping && typeof wickr.networkId === 'string') {
    if (mapping.networkId !== wickr.networkId)
      problems.push(`mapping.networkId: is ${mapping.networkId} but wickr.networkId is ${wickr.networkId} (the functions refuse a mapping for another network)`);
  }
  if (mapping && Array.isArray(wickr.securityGroups)) {
    mapping.securityGroups.forEach((rule, i) => {
      if (!groupIds.has(rule.securityGroupId))
        problems.push(`mapping.securityGroups[${i}].securityGroupId: ${rule.securityGroupId} is not a security group of the network (wickr.securityGroups: ${known})`);
    });
    if (mapping.defaultSecurityGroupId !== undefined && !groupIds.has(mapping.defaultSecurityGroupId)) {
      problems.push(`mapping.defaultSecurityGroupId: ${mapping.defaultSecurityGroupId} is not a security group of the network (wickr.securityGroups: ${known})`);
    }
  }
  list(wickr.users).forEach((u, i) => {
    for (const id of strings(u.securityGroupIds)) if (!groupIds.has(id)) problems.push(`wickr.users[${i}].securityGroupIds: unknown group ${id} (wickr.securityGroups: ${known})`);
  });
  for (const section of ['okta', 'identityCenter'] as const) {
    const directory = (seed[section] ?? {}) as Loose;
    const ids = new Set(list(directory.groups).flatMap((g) => (typeof g.id === 'string' ? [g.id] : [])));
    list(directory.users).forEach((u, i) => {
      for (const id of strings(u.groupIds)) if (!ids.has(id)) problems.push(`${section}.users[${i}].groupIds: unknown group ${id} (not in ${section}.groups)`);
    });
  }
  return problems;
}

/**
 * Every problem of a parsed seed.json, each with its full path; empty when the seed can be used.
 * The mapping is parsed by the functions' own parseMappingConfig.
 */
export function seedProblems(input: unknown): string[] {
  const shape = seedShape.safeParse(input);
  const problems = shape.success ? [] : shapeProblems(shape.error);
  const raw = input !== null && typeof input === 'object' ? (input as { mapping?: unknown }).mapping : undefined;
  const { mapping, problem } = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? mappingProblem(raw, seedSources(input as Loose)) : { mapping: undefined, problem: undefined };
  if (problem) problems.push(problem);
  if (input !== null && typeof input === 'object') problems.push(...crossProblems(input as Loose, mapping));
  return problems;
}
