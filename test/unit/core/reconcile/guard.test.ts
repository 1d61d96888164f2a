import { parseMappingConfig } from '../../../../src/core/mapping';
import { checkListings, checkSuspensions } from '../../../../src/core/reconcile';
import type { WickrUser } from '../../../../src/core/types';

const guard = { maxSuspensions: 25, maxSuspensionPercent: 10, maxCreations: 500, maxDeletions: 10 };
const mapping = parseMappingConfig({ networkId: '12345678', securityGroups: [], onNoMappedGroup: 'leave', scope: { idpGroups: ['Wickr Users'] } });
const user: WickrUser = { userId: 'w1', username: 'a@x.io', securityGroupIds: [], suspended: false };

describe('Function: checkSuspensions()', () => {
  it.each([
    [0, 0, null],
    [10, 100, null],
    [11, 100, 'TooManySuspensions'],
    [25, 1000, null],
    [26, 1000, 'TooManySuspensions'],
    [1, 0, 'TooManySuspensions'],
  ])('with %i suspensions of %i managed users answers %s', (toSuspend, managed, reason) => {
    expect(checkSuspensions(toSuspend, managed, guard)?.reason ?? null).toBe(reason);
  });
});

describe('Function: checkListings()', () => {
  it('fails a directory that listed no users while Wickr has users', () => {
    expect(checkListings([{ source: 'okta', groups: [], users: [] }], [user], mapping)?.reason).toBe('EmptyIdpListing');
  });

  it('accepts an empty directory when Wickr has only administrators', () => {
    expect(checkListings([{ source: 'okta', groups: [{ id: 'g', name: 'wickr users' }], users: [] }], [{ ...user, isAdmin: true }], mapping)).toBeNull();
  });

  it('fails a run whose scope groups exist in no directory', () => {
    const users = [{ idpUserId: 'u', active: true, groups: [] }];
    expect(checkListings([{ source: 'okta', groups: [{ id: 'g', name: 'Other' }], users }], [user], mapping)?.reason).toBe('ScopeGroupsNotFound');
    expect(checkListings([{ source: 'okta', groups: [{ id: 'g', name: 'WICKR USERS' }], users }], [user], mapping)).toBeNull();
  });
});
