import { DependencyError } from '../../../../src/core/errors';
import { parseSqsBody } from '../../../../src/core/events';
import { processBatch } from '../../../../src/core/sync/processBatch';
import type { RecordResult } from '../../../../src/core/sync/records';
import type { WickrUser } from '../../../../src/core/types';
import { record, setup } from '../../../helpers/batch';
import { iicEvent } from '../../../helpers/events';
import { FakeDirectory, FakeWickr } from '../../../helpers/fakes';

const MEMBERS = 10_000;
const GROUP = 'g-everyone';
const id = (i: number) => `iic-${String(i).padStart(5, '0')}`;

/** FakeWickr with ListUsers by username answered from an index (the fake scans otherwise: 10,000² steps). */
class IndexedWickr extends FakeWickr {
  readonly #byName = new Map<string, string>();
  public constructor(users: WickrUser[]) {
    super(users);
    for (const u of users) this.#byName.set(u.username.toLowerCase(), u.userId);
  }
  public override async findUserByUsername(username: string): Promise<WickrUser | null> {
    const id = this.#byName.get(username.toLowerCase());
    return id === undefined ? null : this.getUser(id);
  }
}

/** A 10,000-member Identity Center group; every member has a Wickr user in the default group. */
function bigGroup() {
  const iic = new FakeDirectory('identity-center');
  const users: WickrUser[] = [];
  for (let i = 0; i < MEMBERS; i += 1) {
    // Member 7 has no email: it cannot be mapped and must be dead-lettered alone.
    iic.users.set(id(i), { idpUserId: id(i), ...(i !== 7 && { email: `u${i}@example.com` }), active: true, groups: [{ id: GROUP, name: 'Wickr Admins' }] });
    users.push({ userId: String(10_000 + i), username: `u${i}@example.com`, securityGroupIds: ['SGDEFLT1'], suspended: false });
  }
  const wickr = new IndexedWickr(users);
  return { ...setup({ directories: { 'identity-center': iic }, wickr, concurrency: 8 }), wickr };
}

describe('A group-wide trigger (SCIM PatchGroup)', () => {
  it('completes for a 10,000-member group by sending one ResyncUser message per member', async () => {
    const { deps, queue, wickr } = bigGroup();
    const [result] = await processBatch([record(iicEvent({ eventName: 'PatchGroup', groupId: GROUP, eventID: 'patch-1' }))], deps);
    expect(result).toMatchObject({ outcome: 'unchanged', reason: 'fanned out to 10000 members as ResyncUser messages' });
    expect(wickr.writes).toHaveLength(0);
    const triggers = queue.sent.map((m) => parseSqsBody(m.body));
    expect(new Set(triggers.map((t) => (t.kind === 'user' && t.user.by === 'id' ? t.user.idpUserId : '')))).toEqual(new Set(Array.from({ length: MEMBERS }, (_, i) => id(i))));
    expect(triggers[0]).toMatchObject({ kind: 'user', source: 'identity-center', eventType: 'ResyncUser', eventId: `patch-1:${id(0)}` });
  });

  it('lets each member succeed or fail on its own record', async () => {
    const { deps, queue, wickr } = bigGroup();
    await processBatch([record(iicEvent({ eventName: 'PatchGroup', groupId: GROUP }))], deps);
    // One member's Wickr call is throttled: only that member comes back.
    wickr.failNext = [undefined, undefined, undefined, new DependencyError('slow down', { dependency: 'wickr', kind: 'THROTTLING', code: 'RateLimitError' })];
    const results: RecordResult[] = [];
    for (let i = 0; i < queue.sent.length; i += 10) {
      results.push(
        ...(await processBatch(
          queue.sent.slice(i, i + 10).map((m) => record(m.body)),
          { ...deps, concurrency: 1 },
        )),
      );
    }
    const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
    expect(results).toHaveLength(MEMBERS);
    expect(count('deadLettered')).toBe(1);
    expect(count('retryLater')).toBe(1);
    expect(count('applied')).toBe(MEMBERS - 2);
    const deadLettered = results.find((r) => r.outcome === 'deadLettered');
    expect(deadLettered).toMatchObject({ errorClass: 'UnmappableUser' });
    expect(deadLettered?.eventId?.endsWith(`:${id(7)}`)).toBe(true);
  });

  it('is retried as a whole when the fan-out cannot be sent, and the copies it sent are duplicates', async () => {
    const { deps, queue, iic } = setup();
    const patch = iicEvent({ eventName: 'PatchGroup', groupId: 'g-admins', eventID: 'patch-2' });
    queue.failSend = true;
    const [first] = await processBatch([record(patch)], deps);
    expect(first?.outcome).toBe('retryLater');
    queue.failSend = false;
    await processBatch([record(patch)], deps);
    await processBatch([record(patch)], deps);
    expect(queue.sent).toHaveLength(1);
    const [applied] = await processBatch([record(queue.sent[0]!.body)], deps);
    const [again] = await processBatch([record(queue.sent[0]!.body)], deps);
    expect(applied?.outcome).toBe('applied');
    expect(again?.outcome).toBe('duplicate');
    expect(iic.reads).toBe(1);
  });
});
