import { parseMappingConfig } from '../../../../src/core/mapping';
import { resyncMessageBody } from '../../../../src/core/events';
import type { BatchDeps } from '../../../../src/core/sync/processBatch';
import { processBatch } from '../../../../src/core/sync/processBatch';
import type { DirectoryUser, MappingConfig, WickrUser } from '../../../../src/core/types';
import { oktaEvent } from '../../../helpers/events';
import { FakeDirectory, FakeQueue, FakeStore, FakeWickr, MemoryLogger } from '../../../helpers/fakes';

const STAFF = { id: '00gStaff', name: 'Wickr Users' };
const mapping = (patch: Record<string, unknown> = {}): MappingConfig =>
  parseMappingConfig({ networkId: '12345678', securityGroups: [{ idpGroup: 'Admins', securityGroupId: 'SGADM' }], defaultSecurityGroupId: 'SGDEF', scope: { idpGroups: ['wickr users'] }, ...patch });
const ana: DirectoryUser = { idpUserId: '00uAna', email: 'ana@example.com', firstName: 'Ana', lastName: 'Lima', active: true, groups: [STAFF] };
const anaWickr: WickrUser = { userId: '1001', username: 'ana@example.com', firstName: 'Ana', lastName: 'Lima', securityGroupIds: ['SGDEF'], suspended: false };

let seq = 0;
function setup(m: MappingConfig, users: DirectoryUser[], wickrUsers: WickrUser[]) {
  const wickr = new FakeWickr(wickrUsers);
  const deps: BatchDeps = {
    mapping: m,
    wickr,
    store: new FakeStore(),
    queue: new FakeQueue(),
    logger: new MemoryLogger(),
    directories: { okta: new FakeDirectory('okta', users) },
    dryRun: false,
    genericEnabled: false,
    concurrency: 2,
    owner: 'inv',
    leaseMs: 60_000,
    startDeadline: Number.MAX_SAFE_INTEGER,
    shouldPause: () => false,
    maxReceiveCount: 5,
    clock: { now: () => Date.parse('2027-01-01T00:00:00Z') },
    random: () => 0.5,
  };
  const run = (body: unknown) => processBatch([{ messageId: `m${(seq += 1)}`, body: typeof body === 'string' ? body : JSON.stringify(body), receiptHandle: 'rh', receiveCount: 1 }], deps);
  return { wickr, run, deps };
}
const removed = () => oktaEvent({ eventType: 'group.user_membership.remove', userId: '00uAna', login: 'ana@example.com', groupId: STAFF.id });

describe('Event path: scope and protected usernames', () => {
  it('suspends a user whose group removal takes them out of scope, without touching their group or names', async () => {
    const { wickr, run } = setup(mapping(), [{ ...ana, groups: [], firstName: 'Other' }], [anaWickr]);
    const [result] = await run(removed());
    expect(result?.outcome).toBe('applied');
    expect(wickr.writes).toEqual([expect.objectContaining({ op: 'suspend', userId: '1001', suspend: true })]);
  });

  it('leaves a user who left scope alone under onLeaveScope "ignore"', async () => {
    const { wickr, run } = setup(mapping({ onLeaveScope: 'ignore' }), [{ ...ana, groups: [] }], [anaWickr]);
    expect((await run(removed()))[0]?.outcome).toBe('unchanged');
    expect(wickr.writes).toEqual([]);
  });

  it('never suspends nor moves a protected username, ignoring case', async () => {
    const { wickr, run } = setup(mapping({ protectedUsernames: ['ANA@example.com'] }), [{ ...ana, active: false, groups: [STAFF, { id: 'g', name: 'Admins' }] }], [anaWickr]);
    expect((await run(removed()))[0]?.outcome).toBe('unchanged');
    expect(wickr.writes).toEqual([]);
  });
});

describe('Event path: a Wickr-targeted ResyncUser (unmanaged user)', () => {
  const body = (wickrUserId: string, runId = 'run-1') => resyncMessageBody({ runId, origin: 'reconcile', wickrUserId, action: 'suspend', requestedAt: '2026-11-30T10:00:00Z' });

  it('suspends the Wickr user once, and a resent message is a duplicate', async () => {
    const { wickr, run } = setup(mapping({ onUnmanaged: 'suspend' }), [], [{ ...anaWickr, userId: '2001', username: 'stray@example.com' }]);
    expect((await run(body('2001')))[0]?.outcome).toBe('applied');
    expect((await run(body('2001')))[0]?.outcome).toBe('duplicate');
    expect(wickr.writes).toEqual([expect.objectContaining({ op: 'suspend', userId: '2001', suspend: true })]);
  });

  it('refuses administrators and protected usernames, and ignores a user that is gone', async () => {
    const { wickr, run } = setup(
      mapping({ onUnmanaged: 'suspend', protectedUsernames: ['glass@example.com'] }),
      [],
      [
        { ...anaWickr, userId: '2002', username: 'boss@example.com', isAdmin: true },
        { ...anaWickr, userId: '2003', username: 'Glass@example.com' },
      ],
    );
    const outcomes = [...(await run(body('2002'))), ...(await run(body('2003'))), ...(await run(body('2999')))].map((r) => r.outcome);
    expect(outcomes).toEqual(['ignored', 'ignored', 'ignored']);
    expect(wickr.writes).toEqual([]);
  });

  it('refuses the suspension unless the current mapping still says onUnmanaged "suspend"', async () => {
    const { wickr, run } = setup(mapping({ onUnmanaged: 'ignore' }), [], [{ ...anaWickr, userId: '2001', username: 'stray@example.com' }]);
    const [result] = await run(body('2001'));
    expect(result).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('onUnmanaged') });
    expect(wickr.writes).toEqual([]);
  });

  it('refuses to suspend a Wickr user that an IdP identity owns, whatever the message says', async () => {
    const { wickr, run, deps } = setup(mapping({ onUnmanaged: 'suspend' }), [ana], [anaWickr]);
    // Ana's own event links and owns her account; then a forged or stale message names it.
    await run(oktaEvent({ eventType: 'user.account.update_profile', userId: '00uAna', login: 'ana@example.com' }));
    const [result] = await run(body('1001'));
    expect(result).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('owned by okta') });
    expect(await deps.store.getWickrOwner('1001')).toEqual({ source: 'okta', userKey: 'okta:00uAna' });
    expect(wickr.writes.filter((w) => w.op === 'suspend')).toEqual([]);
  });
});
