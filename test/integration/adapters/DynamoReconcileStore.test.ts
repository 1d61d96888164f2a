import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoReconcileStore } from '../../../src/adapters/aws/DynamoReconcileStore';
import { DynamoStateStore } from '../../../src/adapters/aws/DynamoStateStore';
import type { RunRecord, StoredLink } from '../../../src/core/reconcile';
import { SNAPSHOT_UNREADABLE, initialCheckpoint } from '../../../src/core/reconcile';
import { parseMappingConfig } from '../../../src/core/mapping';
import { createStateTable } from '../../helpers/moto';

const mapping = parseMappingConfig({ networkId: '12345678', securityGroups: [], onNoMappedGroup: 'leave' });

describe(DynamoReconcileStore.name, () => {
  const client = new DynamoDBClient({});
  let tableName: string;
  let store: DynamoReconcileStore;

  beforeEach(async () => {
    tableName = await createStateTable(client);
    store = new DynamoReconcileStore({ client, tableName, sleep: async () => undefined });
  });

  it('writes the run record only under the version it was read at', async () => {
    const run: RunRecord = { runId: 'r1', status: 'running', request: {}, mapping, startedAt: 1, owner: 'a', leaseUntil: 2, version: 1, checkpoint: initialCheckpoint([]) };
    expect(await store.getRun()).toBeNull();
    expect(await store.putRun(run, null)).toBe(true);
    expect(await store.putRun({ ...run, owner: 'b', version: 2 }, null)).toBe(false);
    expect(await store.putRun({ ...run, owner: 'b', version: 2 }, 1)).toBe(true);
    expect(await store.putRun({ ...run, owner: 'c', version: 3 }, 1)).toBe(false);
    expect(await store.getRun()).toEqual({ ...run, owner: 'b', version: 2 });
  });

  it('stores and returns snapshot chunks', async () => {
    const items = Array.from({ length: 2_000 }, (_, i) => ({ userId: `w${i}`, username: `user${i}@example.com`, securityGroupIds: ['SG1'], suspended: false }));
    await store.putChunk('r1', 'wickr', 0, items);
    expect(await store.getChunk('r1', 'wickr', 0)).toEqual(items);
    await expect(store.getChunk('r1', 'wickr', 1)).rejects.toThrow(/missing/);
  });

  it('reports a chunk that is gone or undecodable as an unreadable snapshot, which the run abandons rather than retries', async () => {
    await expect(store.getChunk('r1', 'users:okta', 7)).rejects.toMatchObject({ name: 'DependencyError', dependency: 'store', code: SNAPSHOT_UNREADABLE });
    await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'reconcile#chunk#r1#users:okta#0' }, data: { B: Buffer.from('not gzip') } } }));
    await expect(store.getChunk('r1', 'users:okta', 0)).rejects.toMatchObject({ code: SNAPSHOT_UNREADABLE, message: expect.stringContaining('cannot be decoded') });
  });

  it('reads back in pages every link, written by the consumer or in batches, and nothing else', async () => {
    const state = new DynamoStateStore({ client, tableName });
    await state.putLink('okta:00u1', { wickrUserId: 'w1', groupIds: ['g1'] });
    await state.markProcessed('okta:event:e1');
    const batch: StoredLink[] = Array.from({ length: 60 }, (_, i) => ({ userKey: `identity-center:u${i}`, wickrUserId: `iw${i}` }));
    await store.putLinks(batch);
    const seen: StoredLink[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listLinksPage(cursor);
      seen.push(...page.items);
      cursor = page.cursor;
      pages += 1;
    } while (cursor !== undefined && pages < 100);
    expect(seen.sort((a, b) => a.userKey.localeCompare(b.userKey))).toEqual([...batch, { userKey: 'okta:00u1', wickrUserId: 'w1' }].sort((a, b) => a.userKey.localeCompare(b.userKey)));
    expect(await state.getLink('identity-center:u7')).toEqual({ wickrUserId: 'iw7', lastOccurredAt: undefined, groupIds: undefined });
  });

  it("writes the groups a link is given in the consumer's format", async () => {
    const state = new DynamoStateStore({ client, tableName });
    await store.putLinks([
      { userKey: 'identity-center:u1', wickrUserId: 'w1', groupIds: ['g1', 'g2'] },
      { userKey: 'identity-center:u2', wickrUserId: 'w2', groupIds: [] },
    ]);
    expect(await state.getLink('identity-center:u1')).toEqual({ wickrUserId: 'w1', lastOccurredAt: undefined, groupIds: ['g1', 'g2'] });
    expect(await state.getLink('identity-center:u2')).toEqual({ wickrUserId: 'w2', lastOccurredAt: undefined, groupIds: [] });
  });

  it('writes a link beside the lease and marks a consumer holds, and never over a link the consumer wrote', async () => {
    const state = new DynamoStateStore({ client, tableName });
    const begun = await state.beginUser('okta:00u9', 'consumer-1', 60_000, ['okta:event:e9']);
    expect(begun?.leaseTaken).toBe(true);
    await state.putLink('okta:00u8', { wickrUserId: 'from-consumer' });

    await store.putLinks([
      { userKey: 'okta:00u9', wickrUserId: 'w9' },
      { userKey: 'okta:00u8', wickrUserId: 'from-reconcile' },
    ]);

    // The lease is still held: another invocation is refused, and the holder ends its sync.
    expect((await state.beginUser('okta:00u9', 'consumer-2', 60_000, ['okta:event:e10']))?.leaseTaken).not.toBe(true);
    await state.endUser('okta:00u9', 'consumer-1', begun!, { processed: ['okta:event:e9'] });
    expect((await state.getLink('okta:00u9'))?.wickrUserId).toBe('w9');
    expect((await state.getLink('okta:00u8'))?.wickrUserId).toBe('from-consumer');
  });

  it("claims each link's owner for its identity, and answers back a link whose Wickr user another identity owns", async () => {
    const state = new DynamoStateStore({ client, tableName });
    await state.claimWickrOwner('w-owned', 'okta', 'okta:00uOther');
    const refused = await store.putLinks([
      { userKey: 'okta:00u1', wickrUserId: 'w1' },
      { userKey: 'okta:00u2', wickrUserId: 'w-owned' },
    ]);
    expect(refused).toEqual([{ userKey: 'okta:00u2', wickrUserId: 'w-owned' }]);
    expect(await state.getWickrOwner('w1')).toEqual({ source: 'okta', userKey: 'okta:00u1' });
    expect(await state.getLink('okta:00u2')).toBeNull();
    // The consumer's claim from another source is then refused: the bootstrap left nothing unowned.
    expect(await state.claimWickrOwner('w1', 'generic', 'generic:x')).toEqual({ source: 'okta', userKey: 'okta:00u1' });
  });

  it("records group members and membership ids in the consumer's formats, and reads back what is recorded per group", async () => {
    // Prepare: the consumer already recorded one member of the group, and one of another group.
    const state = new DynamoStateStore({ client, tableName });
    const group = 'identity-center:group:g1';
    await state.moveGroupMember('identity-center:u0', [group, 'identity-center:group:g2'], []);
    const members = Array.from({ length: 60 }, (_, i) => `identity-center:u${i + 1}`);
    const memberships = Array.from({ length: 30 }, (_, i) => ({ membershipId: `m-${i}`, idpUserId: `u${i}` }));
    // Act: more than two BatchWriteItem calls' worth.
    await store.putGroupRecords(group, members, memberships);
    await store.putGroupRecords(group, members.slice(0, 5), memberships.slice(0, 5));
    // Assess: the consumer's group trigger sees every member; its DeleteGroupMembership lookup resolves.
    expect(new Set(await state.listGroupUserKeys(group))).toEqual(new Set(['identity-center:u0', ...members]));
    expect(await state.getMembershipUser('m-17')).toBe('u17');
    const recorded = await store.readGroupRecords(group);
    expect(recorded.userKeys).toEqual(new Set(['identity-center:u0', ...members]));
    expect(recorded.membershipIds).toEqual(new Set(memberships.map((m) => m.membershipId)));
    expect(await store.readGroupRecords('identity-center:group:g3')).toEqual({ userKeys: new Set(), membershipIds: new Set() });
  });
});
