import { z } from 'zod';
import type { CreateUserRefusal, WickrFaultSettings, WickrSeed } from './types';

/** A seed or fault setting the emulator cannot use; the message lists every problem. */
export class SeedError extends Error {
  readonly name = 'SeedError' as const;
  constructor(readonly problems: string[]) {
    super(`Invalid seed: ${problems.join('; ')}`);
  }
}

/** Statuses `faults.errorRate` may inject (500 is the model's InternalServerError; the others come from the front-end). */
export const INJECTABLE_STATUSES = ['500', '502', '503', '504'] as const;

const probability = z.number().min(0).max(1);

const rateLimitSchema = z.strictObject({
  requestsPerSecond: z.number().positive(),
  burst: z.number().int().min(1),
});

const faultsSchema = z
  .strictObject({
    errorRate: z.partialRecord(z.enum(INJECTABLE_STATUSES), probability).optional(),
    latencyMs: z
      .strictObject({ min: z.number().min(0), max: z.number().min(0) })
      .refine((l) => l.min <= l.max, 'min must not exceed max')
      .optional(),
    resetRate: probability.optional(),
  })
  .refine((f) => Object.values(f.errorRate ?? {}).reduce((a, b) => a + b, 0) <= 1, {
    message: 'the error rates must add up to at most 1',
    path: ['errorRate'],
  });

// Constraints from the model (shared/wickr-model/service-2.json): NetworkId [0-9]{8}, UserId [0-9]+ of 1..10 chars,
// SecurityGroupId [\S]+, UserStatus 1|2.
const seedSchema = z.strictObject({
  networkId: z.string().regex(/^[0-9]{8}$/, 'must be 8 digits'),
  networkName: z.string().min(1).optional(),
  credentials: z.strictObject({
    accessKeyId: z.string().min(1),
    secretAccessKey: z.string().min(1),
    sessionToken: z.string().min(1).optional(),
  }),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must look like us-east-1')
    .optional(),
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
  rateLimit: rateLimitSchema.optional(),
  faults: faultsSchema.optional(),
  maxUsers: z.number().int().min(0).optional(),
});

const refusalsSchema = z.array(
  z.strictObject({
    username: z.string().min(1),
    as: z.enum(['failedEntry', 'validationError']),
    reason: z.string().min(1).optional(),
    field: z.string().min(1).optional(),
    userId: z.string().nullable().optional(),
  }),
);

const faultSettingsSchema = z.strictObject({
  rateLimit: rateLimitSchema.nullable().optional(),
  faults: faultsSchema.nullable().optional(),
});

function describe(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}

function crossChecks(seed: WickrSeed): string[] {
  const problems: string[] = [];
  const groupIds = new Set<string>();
  for (const g of seed.securityGroups) {
    if (groupIds.has(g.id)) problems.push(`securityGroups: duplicate id ${g.id}`);
    groupIds.add(g.id);
  }
  if (seed.securityGroups.filter((g) => g.isDefault).length > 1) problems.push('securityGroups: at most one group may be the default');
  const userIds = new Set<string>();
  const usernames = new Set<string>();
  seed.users.forEach((u, i) => {
    if (u.userId !== undefined) {
      if (userIds.has(u.userId)) problems.push(`users.${i}.userId: duplicate ${u.userId}`);
      userIds.add(u.userId);
    }
    // The model says usernames are unique in a network; compare case-insensitively as emails are.
    const key = u.username.toLowerCase();
    if (usernames.has(key)) problems.push(`users.${i}.username: duplicate`);
    usernames.add(key);
    for (const id of u.securityGroupIds ?? []) {
      if (!groupIds.has(id)) problems.push(`users.${i}.securityGroupIds: unknown group ${id}`);
    }
    if (!u.securityGroupIds?.length && !seed.securityGroups.some((g) => g.isDefault)) {
      problems.push(`users.${i}.securityGroupIds: required when no group is the default`);
    }
  });
  return problems;
}

/** Validates a seed (shape, model constraints, references between groups and users); throws `SeedError`. */
export function parseSeed(input: unknown): WickrSeed {
  const parsed = seedSchema.safeParse(input);
  if (!parsed.success) throw new SeedError(describe(parsed.error));
  const seed: WickrSeed = parsed.data;
  const problems = crossChecks(seed);
  if (problems.length) throw new SeedError(problems);
  return seed;
}

/** Validates a rate limit / faults change (`PATCH /__emulator/faults`, `setFaults`); throws `SeedError`. */
export function parseFaultSettings(input: unknown): WickrFaultSettings {
  const parsed = faultSettingsSchema.safeParse(input);
  if (!parsed.success) throw new SeedError(describe(parsed.error));
  return parsed.data;
}

/** Validates a list of BatchCreateUser refusals (`PUT /__emulator/create-user-refusals`); throws `SeedError`. */
export function parseCreateUserRefusals(input: unknown): CreateUserRefusal[] {
  const parsed = refusalsSchema.safeParse(input);
  if (!parsed.success) throw new SeedError(describe(parsed.error));
  return parsed.data;
}

/** The seed used when none is given: network 12345678, credentials test/test, three groups, four users. */
export const DEFAULT_SEED: WickrSeed = {
  networkId: '12345678',
  networkName: 'Emulated network',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  region: 'us-east-1',
  securityGroups: [
    { id: 'SGDEFLT1', name: 'Everyone', isDefault: true },
    { id: 'SGADMIN1', name: 'Admins', isDefault: false },
    { id: 'SGENG001', name: 'Engineering', isDefault: false },
  ],
  users: [
    { userId: '1001', username: 'alice.admin@example.com', firstName: 'Alice', lastName: 'Admin', securityGroupIds: ['SGADMIN1'] },
    { userId: '1002', username: 'bob.builder@example.com', firstName: 'Bob', lastName: 'Builder', securityGroupIds: ['SGENG001'] },
    { userId: '1003', username: 'carol.casual@example.com', firstName: 'Carol', lastName: 'Casual', securityGroupIds: ['SGDEFLT1'] },
    { userId: '1004', username: 'dave.dormant@example.com', firstName: 'Dave', lastName: 'Dormant', securityGroupIds: ['SGDEFLT1'], suspended: true },
  ],
};
