import fc from 'fast-check';
import { parseMappingConfig } from '../../../../src/core/mapping';
import { applyPlan } from '../../../../src/core/planner';
import { reconcile } from '../../../../src/core/reconcile';
import type { LinkEntry, ReconcileInput } from '../../../../src/core/reconcile';
import type { DirectoryUser, MappingConfig, WickrUser } from '../../../../src/core/types';

const ENG = { id: '00gEng', name: 'Engineering' };
const STAFF = { id: '00gStaff', name: 'Wickr Users' };

const mapping = (patch: Record<string, unknown> = {}): MappingConfig =>
  parseMappingConfig({
    networkId: '12345678',
    securityGroups: [{ idpGroup: 'engineering', securityGroupId: 'SGENG' }],
    defaultSecurityGroupId: 'SGDEF',
    ...patch,
  });

const idp = (id: string, patch: Partial<DirectoryUser> = {}): DirectoryUser => ({
  idpUserId: id,
  email: `${id}@example.com`,
  firstName: 'F',
  lastName: 'L',
  active: true,
  groups: [STAFF],
  ...patch,
});
const wickr = (userId: string, patch: Partial<WickrUser> = {}): WickrUser => ({
  userId,
  username: `${userId}@example.com`,
  firstName: 'F',
  lastName: 'L',
  securityGroupIds: ['SGDEF'],
  suspended: false,
  ...patch,
});

function input(patch: Partial<ReconcileInput> & { users?: DirectoryUser[] }): ReconcileInput {
  const { users = [], ...rest } = patch;
  return { mapping: mapping(), wickrUsers: [], links: [], sources: [{ source: 'okta', groups: [ENG, STAFF], users }], ...rest };
}

describe('Function: reconcile()', () => {
  it('matches by username ignoring case, plans only the drifted user and writes the new link', () => {
    // Prepare
    const users = [idp('ana', { groups: [ENG] }), idp('bo')];
    const wickrUsers = [wickr('w1', { username: 'ANA@example.com' }), wickr('w2', { username: 'bo@example.com' })];
    // Act
    const { actions, counts } = reconcile(input({ users, wickrUsers }));
    // Assess
    expect(actions).toEqual([
      { key: 'idp:okta:ana', wickrUserId: 'w1', source: 'okta', idpUserId: 'ana', reason: 'drift', plan: { update: { securityGroupIds: ['SGENG'] } }, fields: ['securityGroupIds'], writeLink: true },
      { key: 'idp:okta:bo', wickrUserId: 'w2', source: 'okta', idpUserId: 'bo', reason: 'drift', plan: {}, fields: [], writeLink: true },
    ]);
    expect(counts).toMatchObject({ linked: 2, drifted: 1, toUpdate: 1, linksWritten: 2, driftedByField: { securityGroupIds: 1 }, unmanaged: 0 });
  });

  it('prefers the stored link to the username, and plans a rename through it', () => {
    const links: LinkEntry[] = [{ source: 'okta', idpUserId: 'ana', wickrUserId: 'w9' }];
    const wickrUsers = [wickr('w9', { username: 'old@example.com' }), wickr('w1', { username: 'ana@example.com' })];
    const { actions, counts } = reconcile(input({ users: [idp('ana')], wickrUsers, links }));
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ wickrUserId: 'w9', plan: { update: { username: 'ana@example.com' } }, writeLink: false });
    expect(counts.unmanaged).toBe(1);
  });

  it('suspends a linked user the directory no longer lists, under onDelete "suspend"', () => {
    const links: LinkEntry[] = [{ source: 'okta', idpUserId: 'gone', wickrUserId: 'w1' }];
    const { actions, counts } = reconcile(input({ users: [idp('ana')], wickrUsers: [wickr('w1'), wickr('ana')], links }));
    expect(actions.find((a) => a.wickrUserId === 'w1')).toMatchObject({ reason: 'deleted', plan: { suspend: true }, fields: ['suspended'] });
    expect(counts.toSuspend).toBe(1);
  });

  it('suspends users who left scope under onLeaveScope "suspend" and leaves them under "ignore"', () => {
    const users = [idp('in'), idp('out', { groups: [ENG] })];
    const wickrUsers = [wickr('in'), wickr('out')];
    const scoped = reconcile(input({ mapping: mapping({ scope: { idpGroups: ['wickr users'] } }), users, wickrUsers }));
    expect(scoped.actions.find((a) => a.idpUserId === 'out')?.plan).toEqual({ suspend: true });
    expect(scoped.counts.inScope).toBe(1);
    const ignored = reconcile(input({ mapping: mapping({ scope: { idpGroups: ['00gStaff'] }, onLeaveScope: 'ignore' }), users, wickrUsers }));
    expect(ignored.actions.find((a) => a.idpUserId === 'out')?.plan).toEqual({});
  });

  it('counts unmanaged users and suspends them only under onUnmanaged "suspend", never admins or protected usernames', () => {
    const wickrUsers = [wickr('ana'), wickr('stray'), wickr('boss', { isAdmin: true }), wickr('breakglass'), wickr('already', { suspended: true })];
    const base = { users: [idp('ana')], wickrUsers };
    expect(reconcile(input(base)).actions.filter((a) => a.reason === 'unmanaged')).toEqual([]);
    const { actions, counts } = reconcile(input({ ...base, mapping: mapping({ onUnmanaged: 'suspend', protectedUsernames: ['BreakGlass@example.com'] }) }));
    expect(actions.filter((a) => a.reason === 'unmanaged').map((a) => a.wickrUserId)).toEqual(['stray']);
    expect(counts).toMatchObject({ unmanaged: 4, toSuspend: 1, protected: 2 });
  });

  it('never suspends nor moves a protected username, but still renames it', () => {
    const users = [idp('root', { active: false, firstName: 'New', groups: [ENG] })];
    const { actions } = reconcile(input({ mapping: mapping({ protectedUsernames: ['root@example.com'] }), users, wickrUsers: [wickr('root')] }));
    expect(actions[0]?.plan).toEqual({ update: { firstName: 'New' } });
  });

  it('reports a Wickr user claimed by two sources as a conflict and leaves it alone', () => {
    const sources = [
      { source: 'okta' as const, groups: [], users: [idp('ana', { firstName: 'X' })] },
      { source: 'identity-center' as const, groups: [], users: [idp('ana-iic', { email: 'ana@example.com', firstName: 'Y' })] },
    ];
    const { actions, counts } = reconcile(input({ sources, wickrUsers: [wickr('ana')] }));
    expect(actions).toEqual([]);
    expect(counts.conflicts).toBe(1);
  });

  it('reports a live user and the stored link of a deleted identity to one Wickr user as a conflict, and sends nothing', () => {
    // `ana` was deleted from the IdP; `ana2` has her email: one owner, one identity.
    const links: LinkEntry[] = [{ source: 'okta', idpUserId: 'ana', wickrUserId: 'w1' }];
    const users = [idp('ana2', { email: 'ana@example.com', firstName: 'Other' })];
    const { actions, counts } = reconcile(input({ users, links, wickrUsers: [wickr('w1', { username: 'ana@example.com' })] }));
    expect(actions).toEqual([]);
    expect(counts).toMatchObject({ conflicts: 1, linksWritten: 0 });
  });

  it('matches an NFD email to its NFC Wickr username, and plans no rename', () => {
    const users = [idp('jose', { email: 'jose\u0301@example.com' })];
    const { actions, counts } = reconcile(input({ users, wickrUsers: [wickr('w1', { username: 'jos\u00e9@example.com' })] }));
    expect(actions).toEqual([expect.objectContaining({ wickrUserId: 'w1', idpUserId: 'jose', plan: {}, writeLink: true })]);
    expect(counts).toMatchObject({ linked: 1, drifted: 0, unmanaged: 0 });
  });

  it('skips Wickr users linked to generic-source users and counts them', () => {
    const links: LinkEntry[] = [{ source: 'generic', idpUserId: 'ext-1', wickrUserId: 'g1' }];
    const { actions, counts } = reconcile(input({ users: [idp('ana')], wickrUsers: [wickr('ana'), wickr('g1', { firstName: 'Other' })], links, mapping: mapping({ onUnmanaged: 'suspend' }) }));
    expect(actions.map((a) => a.wickrUserId)).toEqual(['ana']);
    expect(counts).toMatchObject({ skippedGeneric: 1, unmanaged: 0 });
  });

  it('narrows actions to one user by IdP id or username, and to one group', () => {
    const users = [idp('ana', { firstName: 'A' }), idp('bo', { firstName: 'B', groups: [ENG, STAFF] })];
    const wickrUsers = [wickr('ana'), wickr('bo')];
    expect(reconcile(input({ users, wickrUsers, filter: { user: 'ANA@example.com' } })).actions.map((a) => a.idpUserId)).toEqual(['ana']);
    expect(reconcile(input({ users, wickrUsers, filter: { user: 'bo' } })).actions.map((a) => a.idpUserId)).toEqual(['bo']);
    expect(reconcile(input({ users, wickrUsers, filter: { group: 'ENGINEERING' } })).actions.map((a) => a.idpUserId)).toEqual(['bo']);
  });

  it('gives each suspension its own reason: deactivated, leftScope, deleted, unmanaged; drift only when fields differ', () => {
    // Prepare
    const users = [idp('ana', { groups: [ENG] }), idp('bo', { active: false }), idp('cy', { groups: [] }), idp('dee', { active: false, groups: [] })];
    const wickrUsers = [wickr('ana'), wickr('bo'), wickr('cy'), wickr('dee'), wickr('gone'), wickr('stray')];
    const links: LinkEntry[] = [{ source: 'okta', idpUserId: 'ghost', wickrUserId: 'gone' }];
    // Act
    const { actions } = reconcile(input({ users, wickrUsers, links, mapping: mapping({ scope: { idpGroups: ['Wickr Users', 'Engineering'] }, onUnmanaged: 'suspend' }) }));
    // Assess
    expect(Object.fromEntries(actions.map((a) => [a.wickrUserId, a.reason]))).toEqual({
      ana: 'drift',
      bo: 'deactivated',
      cy: 'leftScope',
      dee: 'deactivated',
      gone: 'deleted',
      stray: 'unmanaged',
    });
  });

  it('names the unmanaged Wickr users and the not-provisioned IdP users it counts', () => {
    const { counts, unmanagedUsers, notProvisionedUsers } = reconcile(input({ users: [idp('ana'), idp('new')], wickrUsers: [wickr('ana'), wickr('w7')] }));
    expect(counts).toMatchObject({ unmanaged: 1, notProvisioned: 1 });
    expect(unmanagedUsers).toEqual(['w7']);
    expect(notProvisionedUsers).toEqual([{ source: 'okta', idpUserId: 'new' }]);
  });

  it('counts IdP users without a Wickr account and without a username', () => {
    const { counts } = reconcile(input({ users: [idp('new'), idp('nomail', { email: undefined })], wickrUsers: [] }));
    expect(counts).toMatchObject({ notProvisioned: 1, unmappable: 1 });
  });

  it('plans nothing on a second run over the result of the first (property)', () => {
    const group = fc.constantFrom(ENG, STAFF, { id: '00gOther', name: 'Other' });
    const user = fc.record({
      idpUserId: fc.constantFrom('u1', 'u2', 'u3', 'u4'),
      email: fc.constantFrom('a@x.io', 'b@x.io', 'c@x.io', 'A@X.IO'),
      firstName: fc.constantFrom('Ana', 'Bo'),
      lastName: fc.constantFrom('Lima', 'Chen'),
      active: fc.boolean(),
      groups: fc.uniqueArray(group, { selector: (g) => g.id, maxLength: 2 }),
    });
    const wickrUser = fc.record({
      userId: fc.constantFrom('w1', 'w2', 'w3', 'w4', 'w5'),
      username: fc.constantFrom('a@x.io', 'b@x.io', 'c@x.io', 'd@x.io'),
      firstName: fc.constantFrom('Ana', 'Bo', 'Old'),
      lastName: fc.constantFrom('Lima', 'Chen'),
      securityGroupIds: fc.constantFrom(['SGENG'], ['SGDEF'], [], ['SGX', 'SGDEF']),
      suspended: fc.boolean(),
      isAdmin: fc.boolean(),
    });
    const config = fc.record({
      scope: fc.option(fc.constant({ idpGroups: ['wickr users'] }), { nil: undefined }),
      onLeaveScope: fc.constantFrom('suspend', 'ignore'),
      onUnmanaged: fc.constantFrom('suspend', 'ignore'),
      protectedUsernames: fc.constantFrom([], ['b@x.io']),
    });
    fc.assert(
      fc.property(fc.uniqueArray(user, { selector: (u) => u.idpUserId }), fc.uniqueArray(wickrUser, { selector: (w) => w.userId }), config, (users, wickrUsers, cfg) => {
        const m = mapping(cfg.scope ? cfg : { ...cfg, scope: undefined });
        const first = reconcile(input({ mapping: m, users, wickrUsers }));
        // The consumer applies each plan; links are written for every match.
        const byId = new Map<string, WickrUser>(wickrUsers.map((w) => [w.userId, w]));
        for (const a of first.actions) byId.set(a.wickrUserId as string, applyPlan(byId.get(a.wickrUserId as string) as WickrUser, a.plan));
        const links = first.actions.filter((a) => a.writeLink).map((a) => ({ source: 'okta' as const, idpUserId: a.idpUserId as string, wickrUserId: a.wickrUserId as string }));
        const second = reconcile(input({ mapping: m, users, wickrUsers: [...byId.values()], links }));
        expect(second.actions.filter((a) => a.fields.length > 0)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
