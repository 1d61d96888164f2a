import { ConfigError } from '../../../../src/core/errors';
import { parseMappingConfig } from '../../../../src/core/mapping';

const EXAMPLE = {
  networkId: '12345678',
  usernameAttribute: 'email',
  securityGroups: [
    { idpGroup: 'Wickr Admins', securityGroupId: 'SGADMIN1' },
    { idpGroup: '00g1engineering', securityGroupId: 'SGENG001' },
  ],
  defaultSecurityGroupId: 'SGDEFLT1',
  onNoMappedGroup: 'default',
  onDeactivate: 'suspend',
  onDelete: 'suspend',
};

const LIFECYCLE_DEFAULTS = {
  onLeaveScope: 'suspend',
  onUnmanaged: 'ignore',
  protectedUsernames: [],
  guard: { maxSuspensions: 25, maxSuspensionPercent: 10, maxCreations: 500, maxDeletions: 10 },
  provisioning: { createUsers: false, reinviteExpired: false, reinviteAfterHours: 72 },
};

function configError(json: unknown): ConfigError {
  try {
    parseMappingConfig(json);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseMappingConfig', () => {
  it('accepts the documented example as is', () => {
    expect(parseMappingConfig(EXAMPLE)).toEqual({ ...EXAMPLE, ...LIFECYCLE_DEFAULTS });
  });

  it('validates scope, the guard and provisioning, naming the field', () => {
    expect(configError({ ...EXAMPLE, scope: { idpGroups: [] } }).key).toBe('scope.idpGroups');
    expect(configError({ ...EXAMPLE, onLeaveScope: 'delete' }).key).toBe('onLeaveScope');
    expect(configError({ ...EXAMPLE, guard: { maxSuspensions: -1 } }).key).toBe('guard.maxSuspensions');
    expect(configError({ ...EXAMPLE, guard: { maxSuspensionPercent: 101 } }).key).toBe('guard.maxSuspensionPercent');
    const noScope = configError({ ...EXAMPLE, provisioning: { createUsers: true } });
    expect(noScope.key).toBe('provisioning.createUsers');
    expect(noScope.message).toMatch(/requires "scope"/);
  });

  it('keeps lifecycle settings that are given and defaults the rest', () => {
    const config = parseMappingConfig({
      ...EXAMPLE,
      scope: { idpGroups: ['Wickr Users'] },
      guard: { maxSuspensions: 3 },
      provisioning: { createUsers: true },
      protectedUsernames: ['root@example.com'],
    });
    expect(config.scope).toEqual({ idpGroups: ['Wickr Users'] });
    expect(config.guard).toEqual({ maxSuspensions: 3, maxSuspensionPercent: 10, maxCreations: 500, maxDeletions: 10 });
    expect(config.provisioning).toEqual({ createUsers: true, reinviteExpired: false, reinviteAfterHours: 72 });
    expect(config.protectedUsernames).toEqual(['root@example.com']);
    expect(Object.isFrozen(config.guard)).toBe(true);
  });

  it('applies the defaults', () => {
    // Act
    const config = parseMappingConfig({ networkId: '12345678', securityGroups: [], defaultSecurityGroupId: 'SGDEFLT1' });

    // Assess
    expect(config).toEqual({
      networkId: '12345678',
      usernameAttribute: 'email',
      securityGroups: [],
      defaultSecurityGroupId: 'SGDEFLT1',
      onNoMappedGroup: 'default',
      onDeactivate: 'suspend',
      onDelete: 'suspend',
      ...LIFECYCLE_DEFAULTS,
    });
  });

  it('allows no default group when unmapped users are left alone', () => {
    const config = parseMappingConfig({ ...EXAMPLE, defaultSecurityGroupId: undefined, onNoMappedGroup: 'leave' });
    expect(config.onNoMappedGroup).toBe('leave');
    expect(config).not.toHaveProperty('defaultSecurityGroupId');
  });

  it('returns a deep-frozen object', () => {
    // Prepare
    const config = parseMappingConfig(EXAMPLE);

    // Assess
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.securityGroups)).toBe(true);
    expect(Object.isFrozen(config.securityGroups[0])).toBe(true);
    expect(() => (config.securityGroups as unknown[]).push({})).toThrow(TypeError);
  });

  it('does not share or freeze the caller object', () => {
    const input = structuredClone(EXAMPLE);
    parseMappingConfig(input);
    expect(Object.isFrozen(input.securityGroups[0])).toBe(false);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['an empty security group id', { securityGroups: [EXAMPLE.securityGroups[0], { idpGroup: 'Eng', securityGroupId: '' }] }, 'securityGroups[1].securityGroupId', /expected a non-empty string/],
    ['a security group id with a space', { securityGroups: [{ idpGroup: 'Eng', securityGroupId: 'SG ENG' }] }, 'securityGroups[0].securityGroupId', /without spaces/],
    ['an empty idpGroup', { securityGroups: [{ idpGroup: '', securityGroupId: 'SG1' }] }, 'securityGroups[0].idpGroup', /non-empty/],
    ['a rule without idpGroup', { securityGroups: [{ securityGroupId: 'SG1' }] }, 'securityGroups[0].idpGroup', /is required/],
    ['a rule with an unknown field', { securityGroups: [{ idpGroup: 'a', securityGroupId: 'SG1', priority: 1 }] }, 'securityGroups[0].priority', /not a known field/],
    ['securityGroups as an object', { securityGroups: { Eng: 'SG1' } }, 'securityGroups', /expected an array/],
    ['no securityGroups', { securityGroups: undefined }, 'securityGroups', /is required/],
    ['a 7-digit network id', { networkId: '1234567' }, 'networkId', /8-digit/],
    ['a numeric network id', { networkId: 12345678 }, 'networkId', /expected a string/],
    ['no network id', { networkId: undefined }, 'networkId', /is required/],
    ['an unknown usernameAttribute', { usernameAttribute: 'upn' }, 'usernameAttribute', /"email", "login"/],
    ['an unknown onNoMappedGroup', { onNoMappedGroup: 'drop' }, 'onNoMappedGroup', /"default", "leave"/],
    ['an unknown onDeactivate', { onDeactivate: 'delete' }, 'onDeactivate', /"suspend", "ignore"/],
    ['an unknown onDelete', { onDelete: 'delete' }, 'onDelete', /"suspend", "ignore"/],
    ['a misspelt key', { onDeactivte: 'ignore' }, 'onDeactivte', /not a known field/],
    ['"default" without a default group', { defaultSecurityGroupId: undefined }, 'defaultSecurityGroupId', /required when onNoMappedGroup is "default"/],
    ['an empty default group', { defaultSecurityGroupId: '' }, 'defaultSecurityGroupId', /non-empty/],
    ['a repeated idpGroup', { securityGroups: [...EXAMPLE.securityGroups, { idpGroup: 'Wickr Admins', securityGroupId: 'SGX' }] }, 'securityGroups[2].idpGroup', /repeats securityGroups\[0\]/],
  ])('rejects %s, naming the field', (_name, patch, key, message) => {
    // Act
    const error = configError({ ...EXAMPLE, ...patch });

    // Assess
    expect(error.key).toBe(key);
    expect(error.message.startsWith(`${key}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('rejects the exact message for an empty security group id', () => {
    const error = configError({ ...EXAMPLE, securityGroups: [EXAMPLE.securityGroups[0], { idpGroup: 'x', securityGroupId: '' }] });
    expect(error.message).toBe('securityGroups[1].securityGroupId: expected a non-empty string');
  });

  it.each([null, [], 'config', 42])('rejects a mapping that is not an object (%p)', (json) => {
    expect(configError(json).key).toBe('mapping');
  });
});

describe('parseMappingConfig with SCIM and deprovisioning', () => {
  const createWithoutScope = { ...EXAMPLE, provisioning: { createUsers: true } };

  it('lets createUsers go without scope when SCIM is the only source: assignment is its scope', () => {
    expect(parseMappingConfig(createWithoutScope, { sources: ['scim'] }).provisioning.createUsers).toBe(true);
  });

  it.each([[['scim', 'okta'] as const], [['identity-center'] as const], [[] as const]])('still requires scope for createUsers when the sources are %j', (sources) => {
    expect(() => parseMappingConfig(createWithoutScope, { sources: [...sources] })).toThrow(
      expect.objectContaining({ key: 'provisioning.createUsers', message: expect.stringMatching(/requires "scope" when a source other than SCIM is on/) }),
    );
  });

  it('accepts deprovisioning.deleteAfterDays and keeps it off by default', () => {
    expect(parseMappingConfig({ ...EXAMPLE, deprovisioning: { deleteAfterDays: 30 } }).deprovisioning).toEqual({ deleteAfterDays: 30 });
    expect(parseMappingConfig(EXAMPLE).deprovisioning).toBeUndefined();
  });

  it.each([
    [{ deleteAfterDays: 0 }, 'deprovisioning.deleteAfterDays'],
    [{ deleteAfterDays: 1.5 }, 'deprovisioning.deleteAfterDays'],
    [{}, 'deprovisioning.deleteAfterDays'],
    [{ deleteAfterDays: 30, hard: true }, 'deprovisioning.hard'],
  ])('refuses deprovisioning %j, naming %s', (deprovisioning, key) => {
    expect(configError({ ...EXAMPLE, deprovisioning }).key).toBe(key);
  });

  it('takes guard.maxDeletions, 10 by default', () => {
    expect(parseMappingConfig({ ...EXAMPLE, guard: { maxDeletions: 3 } }).guard.maxDeletions).toBe(3);
    expect(configError({ ...EXAMPLE, guard: { maxDeletions: -1 } }).key).toBe('guard.maxDeletions');
  });
});
