import { OKTA_STATUS_ACTIVE, isActiveOktaStatus } from '../../../../src/adapters/okta/status';

describe('isActiveOktaStatus()', () => {
  it.each([
    ['ACTIVE', true],
    ['PROVISIONED', true],
    ['RECOVERY', true],
    ['PASSWORD_EXPIRED', true],
    ['LOCKED_OUT', true],
    ['STAGED', false],
    ['SUSPENDED', false],
    ['DEPROVISIONED', false],
  ])('treats %s as active=%s', (status, active) => {
    expect(isActiveOktaStatus(status)).toBe(active);
  });

  it.each([['DELETED'], ['active'], [''], [undefined], [null], [42]])('fails closed for the unknown status %p', (status) => {
    expect(isActiveOktaStatus(status)).toBe(false);
  });

  it('covers every status the Users API documents', () => {
    // Prepare: UserStatus from https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/
    const documented = ['ACTIVE', 'DEPROVISIONED', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'PROVISIONED', 'RECOVERY', 'STAGED', 'SUSPENDED'];
    // Assess
    expect(Object.keys(OKTA_STATUS_ACTIVE).sort()).toEqual(documented.sort());
  });
});
