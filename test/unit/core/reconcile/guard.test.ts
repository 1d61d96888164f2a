import { GUARD_DEFAULTS, parseMappingConfig } from '../../../../src/core/mapping';
import { checkGroupChanges, checkLimits, checkListings, checkPromotions, checkSuspensions, emptyCounts, mappingWarnings } from '../../../../src/core/reconcile';
import type { WickrUser } from '../../../../src/core/types';

const guard = { ...GUARD_DEFAULTS };
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

  it('names the planned number, the limit and both ways on', () => {
    const verdict = checkSuspensions(30, 1000, guard);
    expect(verdict?.message).toContain('30 suspensions planned, more than guard.maxSuspensions (25)');
    expect(verdict?.message).toContain('raise guard.maxSuspensions in the mapping');
    expect(verdict?.message).toContain('re-run with --allow-mass-change');
    expect(checkSuspensions(11, 100, guard)?.message).toContain('11 suspensions planned, 11 % of 100 managed users, more than guard.maxSuspensionPercent (10 %). Check the plan');
  });
});

describe('Function: checkGroupChanges()', () => {
  it.each([
    [0, 0, null],
    [10, 100, null],
    [11, 100, 'TooManyGroupChanges'],
    [25, 1000, null],
    [26, 1000, 'TooManyGroupChanges'],
    [200, 600, 'TooManyGroupChanges'],
  ])('with %i moves of %i managed users answers %s', (moves, managed, reason) => {
    expect(checkGroupChanges(moves, managed, guard)?.reason ?? null).toBe(reason);
  });

  it('names the numbers, the setting to raise and the override', () => {
    expect(checkGroupChanges(200, 600, guard)?.message).toMatch(
      /^200 security-group changes planned, more than guard\.maxGroupChanges \(25\)\. Check the plan \(--dry-run\), then raise guard\.maxGroupChanges in the mapping, or re-run with --allow-mass-change/,
    );
  });
});

describe('Function: checkPromotions()', () => {
  it('allows up to guard.maxPromotions moves into a privileged group and trips above, whatever the network size', () => {
    expect(checkPromotions(5, guard)).toBeNull();
    const verdict = checkPromotions(6, guard);
    expect(verdict?.reason).toBe('TooManyPromotions');
    expect(verdict?.message).toContain('6 promotions into a privileged security group planned, more than guard.maxPromotions (5)');
    expect(verdict?.message).toContain('raise guard.maxPromotions in the mapping, or re-run with --allow-mass-change');
  });
});

describe('Function: checkLimits()', () => {
  it('counts every kind of mass change, suspensions first', () => {
    const counts = { ...emptyCounts(), toChangeGroup: 30, toPromote: 6, toSuspend: 30 };
    expect(checkLimits(counts, 10_000, guard)?.reason).toBe('TooManySuspensions');
    expect(checkLimits({ ...counts, toSuspend: 0 }, 10_000, guard)?.reason).toBe('TooManyPromotions');
    expect(checkLimits({ ...counts, toSuspend: 0, toPromote: 0 }, 10_000, guard)?.reason).toBe('TooManyGroupChanges');
    expect(checkLimits({ ...emptyCounts(), toCreate: 501 }, 10_000, guard)?.reason).toBe('TooManyCreations');
    expect(checkLimits({ ...emptyCounts(), toChangeGroup: 25, toPromote: 5, toSuspend: 25, toCreate: 500 }, 10_000, guard)).toBeNull();
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

  it('names the scope groups that were not found, and says the override does not apply', () => {
    const typo = parseMappingConfig({ networkId: '12345678', securityGroups: [], onNoMappedGroup: 'leave', scope: { idpGroups: ['Wickr Userz', '00gMissing'] } });
    const users = [{ idpUserId: 'u', active: true, groups: [] }];
    const verdict = checkListings([{ source: 'okta', groups: [], users }], [user], typo);
    expect(verdict?.reason).toBe('ScopeGroupsNotFound');
    expect(verdict?.message).toContain('scope.idpGroups "Wickr Userz", "00gMissing" match no group in okta');
    expect(verdict?.message).toContain('--allow-mass-change does not override this check');
  });
});

describe('Function: mappingWarnings()', () => {
  const privileged = parseMappingConfig({
    networkId: '12345678',
    securityGroups: [
      { idpGroup: 'Wickr Admins', securityGroupId: 'SGADMIN' },
      { idpGroup: '00gAdm2', securityGroupId: 'SGADMIN' },
      { idpGroup: 'Engineering', securityGroupId: 'SGENG' },
    ],
    onNoMappedGroup: 'leave',
    privilegedSecurityGroupIds: ['SGADMIN'],
  });

  it('warns about a privileged rule that matched no IdP group by id (its idpGroup is probably a name)', () => {
    const groups = [
      { id: '00gAdm1', name: 'Wickr Admins' },
      { id: '00gAdm2', name: 'Wickr Admins (EU)' },
      { id: '00gEng', name: 'Engineering' },
    ];
    const warnings = mappingWarnings([{ source: 'okta', groups, users: [] }], privileged);
    expect(warnings).toEqual([expect.stringMatching(/^securityGroups\[0\] \("Wickr Admins" → SGADMIN\) is privileged and matched no IdP group by id/)]);
  });

  it('warns about scope groups that match nothing while others do', () => {
    const scoped = parseMappingConfig({ networkId: '12345678', securityGroups: [], onNoMappedGroup: 'leave', scope: { idpGroups: ['Wickr Users', 'Contractorz'] } });
    expect(mappingWarnings([{ source: 'okta', groups: [{ id: 'g', name: 'Wickr Users' }], users: [] }], scoped)).toEqual([expect.stringContaining('scope.idpGroups "Contractorz" matches no group')]);
  });
});
