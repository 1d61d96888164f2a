import { matchRoute } from '../../../../local/wickr-emulator/router';

describe('Function: matchRoute()', () => {
  it.each<[string, string, string, Record<string, string>, boolean]>([
    ['PATCH', '/networks/12345678/users', 'UpdateUser', { networkId: '12345678' }, true],
    ['GET', '/networks/12345678/users', 'ListUsers', { networkId: '12345678' }, true],
    ['POST', '/networks/12345678/users', 'BatchCreateUser', { networkId: '12345678' }, true],
    ['GET', '/networks/12345678/users/42', 'GetUser', { networkId: '12345678', userId: '42' }, true],
    ['GET', '/networks/12345678/users/count', 'GetUsersCount', { networkId: '12345678' }, true],
    ['PATCH', '/networks/12345678/users/re-invite', 'BatchReinviteUser', { networkId: '12345678' }, true],
    ['POST', '/networks/12345678/users/batch-delete', 'BatchDeleteUser', { networkId: '12345678' }, true],
    ['PATCH', '/networks/12345678/users/toggleSuspend', 'BatchToggleUserSuspendStatus', { networkId: '12345678' }, true],
    ['GET', '/networks/12345678/security-groups', 'ListSecurityGroups', { networkId: '12345678' }, true],
    ['GET', '/networks/12345678', 'GetNetwork', { networkId: '12345678' }, true],
    ['GET', '/networks/abc%20def', 'GetNetwork', { networkId: 'abc def' }, true],
  ])('routes %s %s to %s', (method, path, name, params, emulated) => {
    const match = matchRoute(method, path);

    expect(match).toMatchObject({ name, params });
    expect(typeof match?.operation === 'function').toBe(emulated);
  });

  it.each<[string, string]>([
    ['DELETE', '/networks/12345678/users'],
    ['GET', '/users'],
    ['GET', '/networks/12345678/users/42/devices/extra'],
    ['GET', '/networks/%E0%A4%A/users'],
  ])('matches nothing for %s %s', (method, path) => {
    expect(matchRoute(method, path)).toBeUndefined();
  });
});
