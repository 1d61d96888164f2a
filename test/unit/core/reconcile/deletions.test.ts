import { parseMappingConfig } from '../../../../src/core/mapping';
import { checkDeletions, reconcile } from '../../../../src/core/reconcile';
import type { LinkEntry, ReconcileInput, SuspensionEntry } from '../../../../src/core/reconcile';
import type { DirectoryUser, MappingConfig, WickrUser } from '../../../../src/core/types';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2027-03-01T00:00:00Z');
const STAFF = { id: 'g-staff', name: 'Wickr Users' };

const mapping = (patch: Record<string, unknown> = {}): MappingConfig =>
  parseMappingConfig({ networkId: '12345678', securityGroups: [], defaultSecurityGroupId: 'SGDEF', deprovisioning: { deleteAfterDays: 30 }, protectedUsernames: ['keep@example.com'], ...patch });
const idp = (id: string, patch: Partial<DirectoryUser> = {}): DirectoryUser => ({ idpUserId: id, email: `${id}@example.com`, active: true, groups: [STAFF], ...patch });
const wickr = (userId: string, username: string, patch: Partial<WickrUser> = {}): WickrUser => ({ userId, username, securityGroupIds: ['SGDEF'], suspended: true, ...patch });
const suspended = (userKey: string, daysAgo: number, suspendedFor: 'delete' | 'deactivate' = 'delete'): SuspensionEntry => ({ userKey, suspendedAt: NOW - daysAgo * DAY, suspendedFor });

/** One live user (`live`, so the listing is not empty) and `gone`, deleted in Okta, suspended long ago. */
function input(patch: Partial<ReconcileInput> = {}): ReconcileInput {
  const links: LinkEntry[] = [
    { source: 'okta', idpUserId: 'live', wickrUserId: 'w1' },
    { source: 'okta', idpUserId: 'gone', wickrUserId: 'w2' },
  ];
  return {
    mapping: mapping(),
    wickrUsers: [wickr('w1', 'live@example.com', { suspended: false }), wickr('w2', 'gone@example.com')],
    links,
    sources: [{ source: 'okta', groups: [STAFF], users: [idp('live')] }],
    suspensions: [suspended('okta:gone', 31)],
    now: NOW,
    ...patch,
  };
}

describe('Deletion planning (deprovisioning.deleteAfterDays)', () => {
  it('deletes a user suspended for a delete at least deleteAfterDays ago, through the consumer', () => {
    // Act
    const { actions, counts } = reconcile(input());

    // Assess
    expect(actions).toEqual([{ key: 'idp:okta:gone', wickrUserId: 'w2', source: 'okta', idpUserId: 'gone', reason: 'delete', plan: {}, fields: ['deleted'], writeLink: false }]);
    expect(counts).toMatchObject({ toDelete: 1, drifted: 1, toSuspend: 0, driftedByField: { deleted: 1 } });
  });

  it('deletes a user still deactivated whose suspension for the deactivation is due', () => {
    const sources = [{ source: 'okta' as const, groups: [STAFF], users: [idp('live'), idp('gone', { active: false })] }];

    const { actions } = reconcile(input({ sources, suspensions: [suspended('okta:gone', 40, 'deactivate')] }));

    expect(actions.map((a) => [a.idpUserId, a.reason])).toEqual([['gone', 'delete']]);
  });

  it.each([
    ['the mapping has no deprovisioning', { mapping: mapping({ deprovisioning: undefined }) }],
    ['the suspension is younger than deleteAfterDays', { suspensions: [suspended('okta:gone', 29)] }],
    ['no suspension was recorded (suspended by hand)', { suspensions: [] }],
    ['the user is an administrator', { wickrUsers: [wickr('w1', 'live@example.com', { suspended: false }), wickr('w2', 'gone@example.com', { isAdmin: true })] }],
    ['the username is protected', { wickrUsers: [wickr('w1', 'live@example.com', { suspended: false }), wickr('w2', 'KEEP@example.com')] }],
    ['Wickr no longer has the user suspended', { wickrUsers: [wickr('w1', 'live@example.com', { suspended: false }), wickr('w2', 'gone@example.com', { suspended: false })] }],
  ])('never deletes when %s', (_, patch) => {
    const { actions, counts } = reconcile(input(patch));

    expect(actions.filter((a) => a.reason === 'delete')).toEqual([]);
    expect(counts.toDelete).toBe(0);
  });

  it('never deletes a user whose IdP account is active again (it is unsuspended instead)', () => {
    const sources = [{ source: 'okta' as const, groups: [STAFF], users: [idp('live'), idp('gone')] }];

    const { actions } = reconcile(input({ sources }));

    expect(actions.map((a) => [a.idpUserId, a.reason, a.fields])).toEqual([['gone', 'drift', ['unsuspended']]]);
  });

  it('never deletes a user who only left scope', () => {
    const scoped = mapping({ scope: { idpGroups: ['Wickr Users'] } });
    const sources = [{ source: 'okta' as const, groups: [STAFF], users: [idp('live'), idp('gone', { groups: [] })] }];

    const { actions } = reconcile(input({ mapping: scoped, sources, suspensions: [suspended('okta:gone', 90, 'deactivate')] }));

    expect(actions.filter((a) => a.reason === 'delete')).toEqual([]);
  });
});

describe('Function: checkDeletions()', () => {
  const guard = mapping().guard;

  it('defaults guard.maxDeletions to 10', () => {
    expect(guard.maxDeletions).toBe(10);
  });

  it.each([
    [0, null],
    [10, null],
    [11, 'TooManyDeletions'],
  ])('with %i deletions planned answers %s', (toDelete, reason) => {
    expect(checkDeletions(toDelete, guard)?.reason ?? null).toBe(reason);
  });
});

describe('SCIM users awaiting their first scope group', () => {
  it('are claimed but never changed, so a Wickr account of the same name is neither suspended nor unmanaged', () => {
    const scoped = parseMappingConfig({ networkId: '12345678', securityGroups: [], defaultSecurityGroupId: 'SGDEF', scope: { idpGroups: ['Wickr Users'] }, onUnmanaged: 'suspend' });
    const sources = [{ source: 'scim' as const, groups: [STAFF], users: [idp('member'), idp('new', { groups: [] })] }];
    const wickrUsers = [wickr('w1', 'member@example.com', { suspended: false }), wickr('w2', 'new@example.com', { suspended: false })];

    const { actions, counts } = reconcile({ mapping: scoped, wickrUsers, links: [], sources });

    expect(actions.map((a) => a.idpUserId ?? a.wickrUserId)).toEqual(['member']);
    expect(counts).toMatchObject({ notProvisioned: 1, unmanaged: 0, toSuspend: 0 });
  });

  it('leave scope like any user once linked', () => {
    const scoped = parseMappingConfig({ networkId: '12345678', securityGroups: [], defaultSecurityGroupId: 'SGDEF', scope: { idpGroups: ['Wickr Users'] } });
    const sources = [{ source: 'scim' as const, groups: [STAFF], users: [idp('member'), idp('left', { groups: [] })] }];
    const wickrUsers = [wickr('w1', 'member@example.com', { suspended: false }), wickr('w2', 'left@example.com', { suspended: false })];
    const links: LinkEntry[] = [{ source: 'scim', idpUserId: 'left', wickrUserId: 'w2' }];

    const { actions } = reconcile({ mapping: scoped, wickrUsers, links, sources });

    expect(actions.find((a) => a.idpUserId === 'left')).toMatchObject({ plan: { suspend: true } });
  });
});

describe('Deletion of a generic-source user', () => {
  it('is planned from the link record alone, the source having no listing', () => {
    const links: LinkEntry[] = [
      { source: 'okta', idpUserId: 'live', wickrUserId: 'w1' },
      { source: 'generic', idpUserId: 'ext-9', wickrUserId: 'w2' },
    ];

    const { actions, counts } = reconcile(input({ links, suspensions: [suspended('generic:ext-9', 31, 'deactivate')] }));

    expect(actions.map((a) => [a.source, a.idpUserId, a.reason])).toEqual([['generic', 'ext-9', 'delete']]);
    expect(counts).toMatchObject({ skippedGeneric: 1, toDelete: 1 });
  });
});
