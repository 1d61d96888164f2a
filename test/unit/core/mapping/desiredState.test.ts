import { PoisonError } from '../../../../src/core/errors';
import { desiredForDeleted, desiredState, isProtectedUsername, parseMappingConfig, usernameKey } from '../../../../src/core/mapping';
import type { DirectoryUser, MappingConfig } from '../../../../src/core/types';

const mapping = (patch: Partial<MappingConfig> = {}): MappingConfig =>
  parseMappingConfig({
    networkId: '12345678',
    securityGroups: [
      { idpGroup: 'Wickr Admins', securityGroupId: 'SGADMIN1' },
      { idpGroup: '00g1engineering', securityGroupId: 'SGENG001' },
    ],
    defaultSecurityGroupId: 'SGDEFLT1',
    ...patch,
  });

const user = (patch: Partial<DirectoryUser> = {}): DirectoryUser => ({
  idpUserId: '00u1',
  email: 'jane.doe@example.com',
  login: 'jdoe',
  firstName: 'Jane',
  lastName: 'Doe',
  active: true,
  groups: [],
  ...patch,
});

describe('desiredState', () => {
  it('maps profile fields and the username from the email by default', () => {
    expect(desiredState(user(), mapping())).toEqual({
      username: 'jane.doe@example.com',
      firstName: 'Jane',
      lastName: 'Doe',
      securityGroupId: 'SGDEFLT1',
      suspended: false,
    });
  });

  it('takes the username from the login when configured', () => {
    expect(desiredState(user(), mapping({ usernameAttribute: 'login' })).username).toBe('jdoe');
  });

  it.each<[string, Partial<DirectoryUser>, 'email' | 'login']>([
    ['no email', { email: undefined }, 'email'],
    ['an empty email', { email: '  ' }, 'email'],
    ['no login', { login: undefined }, 'login'],
  ])('poisons a user with %s as unmappable, naming the attribute', (_name, patch, attribute) => {
    // Act
    let error: unknown;
    try {
      desiredState(user(patch), mapping({ usernameAttribute: attribute }));
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(PoisonError);
    expect(error).toMatchObject({ errorClass: 'UnmappableUser', field: attribute });
  });

  it('leaves names it does not know', () => {
    const desired = desiredState(user({ firstName: undefined, lastName: undefined }), mapping());
    expect(desired).not.toHaveProperty('firstName');
    expect(desired).not.toHaveProperty('lastName');
  });

  it.each<[string, DirectoryUser['groups'], string]>([
    ['a group id', [{ id: '00g1engineering' }], 'SGENG001'],
    ['a group name', [{ id: '00gadmins', name: 'Wickr Admins' }], 'SGADMIN1'],
    ['a group name in another case', [{ id: '00gadmins', name: 'WICKR ADMINS' }], 'SGADMIN1'],
    ['the first rule when several match, whatever the group order', [{ id: '00g1engineering' }, { id: '00gadmins', name: 'wickr admins' }], 'SGADMIN1'],
    ['no match: the default group', [{ id: '00gother', name: 'Sales' }], 'SGDEFLT1'],
  ])('chooses the security group by %s', (_name, groups, securityGroupId) => {
    expect(desiredState(user({ groups }), mapping()).securityGroupId).toBe(securityGroupId);
  });

  it('matches ids exactly, not ignoring case', () => {
    expect(desiredState(user({ groups: [{ id: '00G1ENGINEERING' }] }), mapping()).securityGroupId).toBe('SGDEFLT1');
  });

  it('does not match a rule against a group id that only equals another group name', () => {
    // "wickr admins" as an id must equal the rule exactly; names are what match ignoring case.
    expect(desiredState(user({ groups: [{ id: 'wickr admins' }] }), mapping()).securityGroupId).toBe('SGDEFLT1');
  });

  describe('a rule into a privileged security group', () => {
    const privileged = (rules: { idpGroup: string; securityGroupId: string }[]) => mapping({ securityGroups: rules, privilegedSecurityGroupIds: ['SGADMIN1'] });

    it('matches by id only: a new or renamed IdP group called "Wickr Admins" promotes nobody', () => {
      const byName = privileged([{ idpGroup: 'Wickr Admins', securityGroupId: 'SGADMIN1' }]);
      expect(desiredState(user({ groups: [{ id: '00gnew', name: 'Wickr Admins' }] }), byName).securityGroupId).toBe('SGDEFLT1');
      expect(desiredState(user({ groups: [{ id: '00gnew', name: 'wickr admins' }] }), byName).securityGroupId).toBe('SGDEFLT1');
    });

    it('matches the group whose id the rule names, whatever its name', () => {
      const byId = privileged([{ idpGroup: '00gadmins', securityGroupId: 'SGADMIN1' }]);
      expect(desiredState(user({ groups: [{ id: '00gadmins', name: 'Renamed' }] }), byId).securityGroupId).toBe('SGADMIN1');
    });

    it('leaves rules into other groups matching by name', () => {
      const mixed = privileged([
        { idpGroup: 'Wickr Admins', securityGroupId: 'SGADMIN1' },
        { idpGroup: 'WICKR ADMINS', securityGroupId: 'SGENG001' },
      ]);
      expect(desiredState(user({ groups: [{ id: '00gnew', name: 'Wickr Admins' }] }), mixed).securityGroupId).toBe('SGENG001');
    });
  });

  it('leaves the security group when nothing matches under "leave"', () => {
    const desired = desiredState(user({ groups: [{ id: 'x' }] }), mapping({ onNoMappedGroup: 'leave' }));
    expect(desired).not.toHaveProperty('securityGroupId');
  });

  it.each<[boolean, MappingConfig['onDeactivate'], boolean | undefined]>([
    [true, 'suspend', false],
    [true, 'ignore', false],
    [false, 'suspend', true],
    [false, 'ignore', undefined],
  ])('with active=%s and onDeactivate=%s wants suspended=%s', (active, onDeactivate, suspended) => {
    expect(desiredState(user({ active }), mapping({ onDeactivate })).suspended).toBe(suspended);
  });
});

describe('Usernames in one Unicode form', () => {
  it('sends the username NFC-normalised and trimmed, whatever form the IdP gave', () => {
    const nfd = ' jose\u0301@example.com ';
    expect(desiredState(user({ email: nfd }), mapping()).username).toBe('jos\u00e9@example.com');
  });

  it('protects a username written in another Unicode form or case', () => {
    const m = mapping({ protectedUsernames: ['JOSE\u0301@example.com'] });
    expect(isProtectedUsername('jos\u00e9@example.com', m)).toBe(true);
    expect(usernameKey(' Jose\u0301@Example.com')).toBe(usernameKey('jos\u00e9@example.com'));
  });
});

describe('desiredForDeleted', () => {
  it('suspends a deleted user under onDelete "suspend"', () => {
    expect(desiredForDeleted(mapping({ onDelete: 'suspend' }))).toEqual({ suspended: true });
  });

  it('does nothing under onDelete "ignore"', () => {
    expect(desiredForDeleted(mapping({ onDelete: 'ignore' }))).toBeNull();
  });
});
