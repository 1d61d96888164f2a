import { eventKey, groupKey, userKey } from '../../../../src/core/events';

describe('storage keys', () => {
  it('prefixes user keys with the source', () => {
    expect(userKey('okta', '00ued6gq9jItNhAsN0h7')).toBe('okta:00ued6gq9jItNhAsN0h7');
    expect(userKey('identity-center', 'u-1')).toBe('identity-center:u-1');
  });

  it('keeps user, group and event keys apart for the same id', () => {
    const keys = [userKey('generic', 'x1'), groupKey('generic', 'x1'), eventKey('generic', 'x1')];
    expect(new Set(keys).size).toBe(3);
    expect(groupKey('okta', '00g1')).toBe('okta:group:00g1');
    expect(eventKey('okta', 'uuid-1')).toBe('okta:event:uuid-1');
  });

  it('keeps sources apart for the same id', () => {
    expect(userKey('okta', 'a')).not.toBe(userKey('generic', 'a'));
    expect(eventKey('okta', 'a')).not.toBe(eventKey('identity-center', 'a'));
  });
});
