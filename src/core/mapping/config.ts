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
  })
  .superRefine((config, ctx) => {
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
  });

/** Validates the mapping JSON, applies defaults and returns a deep-frozen MappingConfig. */
export function parseMappingConfig(json: unknown): MappingConfig {
  const result = MappingSchema.safeParse(json, { reportInput: true });
  if (!result.success) {
    const { field, message } = describeIssues(result.error);
    throw new ConfigError(field === '' ? 'mapping' : field, message);
  }
  const { defaultSecurityGroupId, ...rest } = result.data;
  const config: MappingConfig = {
    ...rest,
    securityGroups: rest.securityGroups.map((rule) => ({ ...rule })),
    ...(defaultSecurityGroupId !== undefined && { defaultSecurityGroupId }),
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
