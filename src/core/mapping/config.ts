/**
 * The mapping configuration: which Wickr security group each IdP group maps to, and what to do
 * on deactivation and deletion. Validated once at cold start; any problem is a ConfigError that
 * names the field.
 */
import { z } from 'zod';
import { ConfigError } from '../errors';
import { describeIssues } from '../events/zodIssues';
import type { MappingConfig } from '../types';

const nonEmpty = z.string().min(1, { error: 'expected a non-empty string', abort: true });

const count = z.number({ error: 'expected a whole number' }).int({ error: 'expected a whole number' }).min(0, { error: 'expected a whole number of at least 0' });

// The Wickr model's SecurityGroupId pattern is `[\S]+`.
const securityGroupId = nonEmpty.regex(/^\S+$/, { error: 'expected a security group id without spaces' });

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.map((v) => `"${v}"`).join(', ')}` });

const MappingSchema = z
  .strictObject({
    networkId: z.string().regex(/^\d{8}$/, { error: 'expected the 8-digit Wickr network id' }),
    usernameAttribute: oneOf(['email', 'login']).default('email'),
    securityGroups: z.array(z.strictObject({ idpGroup: nonEmpty, securityGroupId })),
    defaultSecurityGroupId: securityGroupId.optional(),
    onNoMappedGroup: oneOf(['default', 'leave']).default('default'),
    onDeactivate: oneOf(['suspend', 'ignore']).default('suspend'),
    onDelete: oneOf(['suspend', 'ignore']).default('suspend'),
    scope: z.strictObject({ idpGroups: z.array(nonEmpty).min(1, { error: 'expected at least one IdP group' }) }).optional(),
    onLeaveScope: oneOf(['suspend', 'ignore']).default('suspend'),
    onUnmanaged: oneOf(['ignore', 'suspend']).default('ignore'),
    protectedUsernames: z.array(nonEmpty).default([]),
    guard: z
      .strictObject({
        maxSuspensions: count.default(25),
        maxSuspensionPercent: z.number({ error: 'expected a number from 0 to 100' }).min(0, { error: 'expected a number from 0 to 100' }).max(100, { error: 'expected a number from 0 to 100' }).default(10),
        maxCreations: count.default(500),
      })
      .default({ maxSuspensions: 25, maxSuspensionPercent: 10, maxCreations: 500 }),
    provisioning: z
      .strictObject({
        createUsers: z.boolean({ error: 'expected true or false' }).default(false),
        reinviteExpired: z.boolean({ error: 'expected true or false' }).default(false),
        reinviteAfterHours: count.min(1, { error: 'expected a whole number of at least 1' }).default(72),
      })
      .default({ createUsers: false, reinviteExpired: false, reinviteAfterHours: 72 }),
  })
  .superRefine((config, ctx) => {
    if (config.onNoMappedGroup === 'default' && config.defaultSecurityGroupId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultSecurityGroupId'],
        message: 'is required when onNoMappedGroup is "default"',
      });
    }
    if (config.provisioning.createUsers && config.scope === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['provisioning', 'createUsers'],
        message: 'requires "scope": without it every IdP user would get a Wickr account',
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
  });

/** Validates the mapping JSON, applies defaults and returns a deep-frozen MappingConfig. */
export function parseMappingConfig(json: unknown): MappingConfig {
  const result = MappingSchema.safeParse(json, { reportInput: true });
  if (!result.success) {
    const { field, message } = describeIssues(result.error);
    throw new ConfigError(field === '' ? 'mapping' : field, message);
  }
  const { defaultSecurityGroupId, scope, ...rest } = result.data;
  const config: MappingConfig = {
    ...rest,
    securityGroups: rest.securityGroups.map((rule) => ({ ...rule })),
    protectedUsernames: [...rest.protectedUsernames],
    guard: { ...rest.guard },
    provisioning: { ...rest.provisioning },
    ...(defaultSecurityGroupId !== undefined && { defaultSecurityGroupId }),
    ...(scope !== undefined && { scope: { idpGroups: [...scope.idpGroups] } }),
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
