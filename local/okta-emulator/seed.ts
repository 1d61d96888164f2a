/**
 * The Okta emulator's seed: the users, groups, API token and rate limit it serves. The shape is
 * the `okta` section of the local stack's seed file.
 */
import { z } from 'zod';
import type { RateLimitConfig } from './rateLimit';

/** The API token accepted when a seed names none. */
export const DEFAULT_OKTA_TOKEN = 'test-okta-token';

/** A generous default so local runs and benchmarks are not throttled unless a test asks for it. */
export const DEFAULT_RATE_LIMIT = { limit: 10_000, windowSeconds: 60 } as const;

// https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/ (UserStatus)
const OKTA_USER_STATUSES = ['ACTIVE', 'DEPROVISIONED', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'PROVISIONED', 'RECOVERY', 'STAGED', 'SUSPENDED'] as const;

/** The endpoint families the emulator budgets apart, as Okta does. */
export const OKTA_FAMILIES = ['/api/v1/users', '/api/v1/users/{id}', '/api/v1/groups', '/api/v1/groups/{id}'] as const;

const userSchema = z.object({
  id: z.string().min(1),
  status: z.enum(OKTA_USER_STATUSES).default('ACTIVE'),
  profile: z.object({
    login: z.string().min(1),
    email: z.string().optional(),
    firstName: z.string().nullable().optional(),
    lastName: z.string().nullable().optional(),
  }),
  groupIds: z.array(z.string().min(1)).default([]),
});

const groupSchema = z.object({ id: z.string().min(1), name: z.string().min(1) });

const rateLimitSchema = z.object({
  limit: z.number().int().positive(),
  windowSeconds: z.number().int().positive(),
  /** Per-family limits, e.g. `{ "/api/v1/users": 600 }`; other families get `limit`. */
  families: z.partialRecord(z.enum(OKTA_FAMILIES), z.number().int().positive()).optional(),
});

const seedSchema = z.object({
  token: z.string().min(1).optional(),
  users: z.array(userSchema).default([]),
  groups: z.array(groupSchema).default([]),
  rateLimit: rateLimitSchema.optional(),
});

/** An Okta user status. */
export type OktaUserStatus = (typeof OKTA_USER_STATUSES)[number];

/** An Okta user as seeded: `groupIds` names the groups it belongs to. */
export type OktaSeedUser = {
  id: string;
  status: OktaUserStatus;
  profile: { login: string; email?: string; firstName?: string | null; lastName?: string | null };
  groupIds: string[];
};
/** An Okta group as seeded. */
export type OktaSeedGroup = { id: string; name: string };
/**
 * The emulator's whole truth. `token` defaults to {@link DEFAULT_OKTA_TOKEN}, `rateLimit` to
 * {@link DEFAULT_RATE_LIMIT}. JSON seeds may also omit `users` and `groups` (empty), a user's
 * `status` (ACTIVE) and `groupIds` (empty).
 */
export type OktaSeed = {
  token?: string;
  users: OktaSeedUser[];
  groups: OktaSeedGroup[];
  rateLimit?: RateLimitConfig;
};

/** A seed user after defaults are applied. */
export type OktaUserRecord = z.infer<typeof userSchema>;
/** A seed after defaults are applied. */
export type OktaSeedParsed = {
  readonly token: string;
  readonly users: OktaUserRecord[];
  readonly groups: OktaSeedGroup[];
  readonly rateLimit: RateLimitConfig;
};

/** Validates a seed and applies defaults; throws with the offending paths. */
export function parseOktaSeed(input: unknown): OktaSeedParsed {
  const seed = seedSchema.parse(input ?? {});
  const groupIds = new Set(seed.groups.map((g) => g.id));
  for (const user of seed.users) checkGroupsExist(user, groupIds);
  assertUnique(
    seed.users.map((u) => u.id),
    'user id',
  );
  assertUnique(
    seed.users.map((u) => u.profile.login.toLowerCase()),
    'user login',
  );
  assertUnique(
    seed.groups.map((g) => g.id),
    'group id',
  );
  return {
    token: seed.token ?? DEFAULT_OKTA_TOKEN,
    users: seed.users,
    groups: seed.groups,
    rateLimit: seed.rateLimit ?? DEFAULT_RATE_LIMIT,
  };
}

/** Validates one user for a runtime change. */
export function parseOktaUser(input: unknown, groupIds: ReadonlySet<string>): OktaUserRecord {
  const user = userSchema.parse(input);
  checkGroupsExist(user, groupIds);
  return user;
}

/** Validates one group for a runtime change. */
export function parseOktaGroup(input: unknown): OktaSeedGroup {
  return groupSchema.parse(input);
}

function checkGroupsExist(user: OktaUserRecord, groupIds: ReadonlySet<string>): void {
  const unknown = user.groupIds.filter((id) => !groupIds.has(id));
  // A typo in a hand-written seed would otherwise silently drop a membership.
  if (unknown.length > 0) throw new Error(`user ${user.id} names unknown group ids: ${unknown.join(', ')}`);
}

function assertUnique(values: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new Error(`duplicate ${what}: ${value}`);
    seen.add(value);
  }
}
