/**
 * The mapping configuration: which Wickr security group each IdP group maps to, and what to do
 * on deactivation and deletion. Validated once at cold start; any problem is a ConfigError that
 * names the field.
 */
import * as z from 'zod/mini';
import { ConfigError } from '../errors';
import { describeIssues } from '../events/zodIssues';
import { IdpSource, type MappingConfig } from '../types';

// `zod/mini`, as the event schemas: functional checks, the same messages (docs/performance.md).
const nonEmpty = z.string().check(z.minLength(1, { error: 'expected a non-empty string', abort: true }));

const count = z.number({ error: 'expected a whole number' }).check(z.int({ error: 'expected a whole number' }), z.gte(0, { error: 'expected a whole number of at least 0' }));

// The Wickr model's SecurityGroupId pattern is `[\S]+`.
const securityGroupId = nonEmpty.check(z.regex(/^\S+$/, { error: 'expected a security group id without spaces' }));

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `expected one of ${values.map((v) => `"${v}"`).join(', ')}` });

const percent = z.number({ error: 'expected a number from 0 to 100' }).check(z.gte(0, { error: 'expected a number from 0 to 100' }), z.lte(100, { error: 'expected a number from 0 to 100' }));
const flag = z.boolean({ error: 'expected true or false' });

const MappingSchema = z
  .strictObject({
    networkId: z.string().check(z.regex(/^\d{8}$/, { error: 'expected the 8-digit Wickr network id' })),
    usernameAttribute: z._default(oneOf(['email', 'login']), 'email'),
    securityGroups: z.array(z.strictObject({ idpGroup: nonEmpty, securityGroupId })),
    defaultSecurityGroupId: z.optional(securityGroupId),
    onNoMappedGroup: z._default(oneOf(['default', 'leave']), 'default'),
    onDeactivate: z._default(oneOf(['suspend', 'ignore']), 'suspend'),
    onDelete: z._default(oneOf(['suspend', 'ignore']), 'suspend'),
    scope: z.optional(z.strictObject({ idpGroups: z.array(nonEmpty).check(z.minLength(1, { error: 'expected at least one IdP group' })) })),
    onLeaveScope: z._default(oneOf(['suspend', 'ignore']), 'suspend'),
    onUnmanaged: z._default(oneOf(['ignore', 'suspend']), 'ignore'),
    protectedUsernames: z._default(z.array(nonEmpty), []),
    guard: z._default(
      z.strictObject({
        maxSuspensions: z._default(count, 25),
        maxSuspensionPercent: z._default(percent, 10),
        maxCreations: z._default(count, 500),
        maxDeletions: z._default(count, 10),
      }),
      { maxSuspensions: 25, maxSuspensionPercent: 10, maxCreations: 500, maxDeletions: 10 },
    ),
    provisioning: z._default(
      z.strictObject({
        createUsers: z._default(flag, false),
        reinviteExpired: z._default(flag, false),
        reinviteAfterHours: z._default(count.check(z.gte(1, { error: 'expected a whole number of at least 1' })), 72),
      }),
      { createUsers: false, reinviteExpired: false, reinviteAfterHours: 72 },
    ),
    // Opt-in: without it nothing is ever deleted.
    deprovisioning: z.optional(z.strictObject({ deleteAfterDays: count.check(z.gte(1, { error: 'expected a whole number of at least 1' })) })),
  })
  .check(
    z.superRefine((config, ctx) => {
      if (config.onNoMappedGroup === 'default' && config.defaultSecurityGroupId === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['defaultSecurityGroupId'],
          message: 'is required when onNoMappedGroup is "default"',
        });
      }
      // A repeated idpGroup can never win: it is always shadowed by the earlier rule.
      config.securityGroups.forEach((rule, index) => {
        const first = config.securityGroups.findIndex((r) => r.idpGroup === rule.idpGroup);
        if (first < index) {
          ctx.addIssue({
            code: 'custom',
            path: ['securityGroups', index, 'idpGroup'],
            message: `repeats securityGroups[${first}].idpGroup`,
          });
        }
      });
    }),
  );

/** What the mapping is checked against besides itself. */
export type MappingContext = {
  /**
   * The sources configured in this deployment. Absent: any may be on. `provisioning.createUsers` needs `scope`
   * unless SCIM is the only source: the IdP pushes only the users assigned to the app, so assignment is scope.
   */
  readonly sources?: readonly IdpSource[];
};

/** Validates the mapping JSON, applies defaults and returns a deep-frozen MappingConfig. */
export function parseMappingConfig(json: unknown, context: MappingContext = {}): MappingConfig {
  const result = MappingSchema.safeParse(json, { reportInput: true });
  if (!result.success) {
    const { field, message } = describeIssues(result.error);
    throw new ConfigError(field === '' ? 'mapping' : field, message);
  }
  const assignedOnly = context.sources !== undefined && context.sources.length > 0 && context.sources.every((s) => s === IdpSource.Scim);
  if (result.data.provisioning.createUsers && result.data.scope === undefined && !assignedOnly) {
    throw new ConfigError('provisioning.createUsers', 'requires "scope" when a source other than SCIM is on: without it every IdP user would get a Wickr account');
  }
  const { defaultSecurityGroupId, scope, deprovisioning, ...rest } = result.data;
  const config: MappingConfig = {
    ...rest,
    securityGroups: rest.securityGroups.map((rule) => ({ ...rule })),
    protectedUsernames: [...rest.protectedUsernames],
    guard: { ...rest.guard },
    provisioning: { ...rest.provisioning },
    ...(defaultSecurityGroupId !== undefined && { defaultSecurityGroupId }),
    ...(scope !== undefined && { scope: { idpGroups: [...scope.idpGroups] } }),
    ...(deprovisioning !== undefined && { deprovisioning: { ...deprovisioning } }),
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
