import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoStateStore } from '../../../src/adapters/aws/DynamoStateStore';
import { DependencyError } from '../../../src/core/errors';
import type { UserState } from '../../../src/core/ports';
import { createStateTable } from '../../helpers/moto';

describe(DynamoStateStore.name, () => {
  const client = new DynamoDBClient({});
  let tableName: string;
  let now: number;
  let store: DynamoStateStore;

  beforeAll(async () => {
    tableName = await createStateTable(client);
  });
  beforeEach(() => {
    now = Date.now();
    store = new DynamoStateStore({ client, tableName, eventTtlSeconds: 60, clock: { now: () => now } });
  });

  it('remembers processed events until their TTL, judged by the stored time', async () => {
    const key = `okta:event:${now}`;
    expect(await store.isProcessed(key)).toBe(false);
    await store.markProcessed(key);
    expect(await store.isProcessed(key)).toBe(true);
    now += 61_000;
    expect(await store.isProcessed(key)).toBe(false);
  });

  it('grants a user lease to one owner at a time and lets it be taken over once expired', async () => {
    const user = `okta:lease-${now}`;
    expect(await store.acquireLease(user, 'a', 1_000)).toBe(true);
    expect(await store.acquireLease(user, 'b', 1_000)).toBe(false);
    expect(await store.acquireLease(user, 'a', 1_000)).toBe(true);
    now += 1_001;
    expect(await store.acquireLease(user, 'b', 1_000)).toBe(true);
  });

  it('releases a lease only for its owner', async () => {
    const user = `okta:release-${now}`;
    await store.acquireLease(user, 'a', 60_000);
    await store.releaseLease(user, 'b');
    expect(await store.acquireLease(user, 'b', 60_000)).toBe(false);
    await store.releaseLease(user, 'a');
    expect(await store.acquireLease(user, 'b', 60_000)).toBe(true);
  });

  it('stores, reads and deletes links', async () => {
    const user = `okta:link-${now}`;
    expect(await store.getLink(user)).toBeNull();
    await store.putLink(user, { wickrUserId: '1001', lastOccurredAt: '2026-11-28T10:00:00Z', groupIds: ['g1', 'g2'] });
    expect(await store.getLink(user)).toEqual({ wickrUserId: '1001', lastOccurredAt: '2026-11-28T10:00:00Z', groupIds: ['g1', 'g2'] });
    await store.deleteLink(user);
    expect(await store.getLink(user)).toBeNull();
  });

  it('stores, reads and deletes links, with the watermark event id', async () => {
    const user = `generic:link-${now}`;
    await store.putLink(user, { wickrUserId: '1001', lastOccurredAt: '2026-11-28T10:00:00.000Z', lastEventId: 'evt-b' });
    expect(await store.getLink(user)).toMatchObject({ lastOccurredAt: '2026-11-28T10:00:00.000Z', lastEventId: 'evt-b' });
  });

  it('keeps membership ids and group members', async () => {
    await store.putMembershipUser(`mem-${now}`, 'iic-1');
    expect(await store.getMembershipUser(`mem-${now}`)).toBe('iic-1');
    expect(await store.getMembershipUser(`mem-missing-${now}`)).toBeNull();
    const group = `identity-center:group:g-${now}`;
    await store.moveGroupMember('identity-center:u1', [group], []);
    await store.moveGroupMember('identity-center:u2', [group], []);
    await store.moveGroupMember('identity-center:u2', [group], []); // a retried write changes nothing
    await store.moveGroupMember('identity-center:u1', [], [group]);
    await store.moveGroupMember('identity-center:u1', [], [group]);
    expect(await store.listGroupUserKeys(group)).toEqual(['identity-center:u2']);
  });

  it('lists every member of a group past 7,000 members (one item each, read page by page)', async () => {
    const group = `identity-center:group:big-${now}`;
    // Long user keys make each page hold fewer members, so the listing spans several pages.
    const keys = Array.from({ length: 7_001 }, (_, i) => `identity-center:${'u'.repeat(200)}-${i}`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((key) => store.moveGroupMember(key, [group], [])));
    }
    const listed = await store.listGroupUserKeys(group);
    expect(listed).toHaveLength(keys.length);
    expect(new Set(listed)).toEqual(new Set(keys));
  });

  it('gives a Wickr user to the first identity that claims it, and tells later claimants the owner', async () => {
    const wickrUserId = `w-${now}`;
    const okta = { source: 'okta', userKey: 'okta:00uAna' };
    expect(await store.getWickrOwner(wickrUserId)).toBeNull();
    expect(await store.claimWickrOwner(wickrUserId, 'okta', 'okta:00uAna')).toEqual(okta);
    expect(await store.claimWickrOwner(wickrUserId, 'generic', 'generic:ana')).toEqual(okta);
    expect(await store.claimWickrOwner(wickrUserId, 'okta', 'okta:00uOther')).toEqual(okta);
    expect(await store.getWickrOwner(wickrUserId)).toEqual(okta);
  });

  it('gives an owner item of an earlier release, which names no identity, to the first identity of its source', async () => {
    const wickrUserId = `w-legacy-${now}`;
    await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: `owner#${wickrUserId}` }, source: { S: 'okta' }, claimedAt: { S: '2026-01-01T00:00:00.000Z' } } }));
    expect(await store.claimWickrOwner(wickrUserId, 'generic', 'generic:ana')).toEqual({ source: 'okta' });
    expect(await store.claimWickrOwner(wickrUserId, 'okta', 'okta:00uAna')).toEqual({ source: 'okta', userKey: 'okta:00uAna' });
    expect(await store.claimWickrOwner(wickrUserId, 'okta', 'okta:00uOther')).toEqual({ source: 'okta', userKey: 'okta:00uAna' });
  });

  it('keeps a pending creation on the user item until an end writes a link', async () => {
    const key = `okta:pending-${now}`;
    const begun = await store.beginUser(key, 'inv', 60_000, ['okta:event:p1']);
    await store.recordPendingCreation(key, 'inv', 'ana@example.com');
    await store.endUser(key, 'inv', begun as UserState, { processed: [] });
    const again = await store.beginUser(key, 'inv', 60_000, ['okta:event:p1']);
    expect(again?.pendingUsername).toBe('ana@example.com');
    await store.endUser(key, 'inv', again as UserState, { processed: ['okta:event:p1'], link: { wickrUserId: '5001' } });
    expect((await store.readUser(key, [])).pendingUsername).toBeUndefined();
    await expect(store.recordPendingCreation(key, 'someone-else', 'x@example.com')).rejects.toBeInstanceOf(DependencyError);
  });

  it('classifies a missing table as a store failure, not poison', async () => {
    const broken = new DynamoStateStore({ client, tableName: 'no-such-table' });
    const error = await broken.isProcessed('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyError);
    expect((error as DependencyError).dependency).toBe('store');
  });
});
