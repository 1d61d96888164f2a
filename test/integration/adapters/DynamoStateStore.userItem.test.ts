import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoStateStore } from '../../../src/adapters/aws/DynamoStateStore';
import { MAX_MARKS } from '../../../src/adapters/aws/userItem';
import { createStateTable } from '../../helpers/moto';

/** The consumer's per-user item: lease, link and processed marks, read and written together. */
describe(`${DynamoStateStore.name}: the user item`, () => {
  const client = new DynamoDBClient({});
  let tableName: string;
  let now: number;
  let store: DynamoStateStore;
  let user: string;
  let n = 0;

  beforeAll(async () => {
    tableName = await createStateTable(client);
  });
  beforeEach(() => {
    now = Date.now();
    store = new DynamoStateStore({ client, tableName, eventTtlSeconds: 60, clock: { now: () => now } });
    user = `okta:item-${now}-${n++}`;
  });
  const item = async (): Promise<Record<string, unknown> | undefined> =>
    (await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: `link#${user}` } }, ConsistentRead: true }))).Item;

  it('grants the lease to one invocation at a time, and to another once released or expired', async () => {
    const a = await store.beginUser(user, 'a', 1_000, ['e1']);
    expect(a).toMatchObject({ leaseTaken: true, link: null });
    expect(await store.beginUser(user, 'b', 1_000, ['e1'])).toBeNull();
    await store.endUser(user, 'a', a!, { processed: [] });
    const b = await store.beginUser(user, 'b', 1_000, ['e1']);
    expect(b?.leaseTaken).toBe(true);
    expect(await store.beginUser(user, 'c', 1_000, ['e2'])).toBeNull();
    now += 1_001;
    expect(await store.beginUser(user, 'c', 1_000, ['e2'])).toMatchObject({ leaseTaken: true });
  });

  it('marks events, writes the link and releases the lease in one end, and returns them with the next lease', async () => {
    const begun = await store.beginUser(user, 'a', 60_000, ['e1']);
    await store.endUser(user, 'a', begun!, { processed: ['e1'], link: { wickrUserId: '1001', groupIds: ['g1'] } });
    expect(await store.getLink(user)).toEqual({ wickrUserId: '1001', groupIds: ['g1'] });
    const next = await store.beginUser(user, 'b', 60_000, ['e1', 'e2']);
    expect(next).toMatchObject({ leaseTaken: true, link: { wickrUserId: '1001' } });
    expect([...next!.processed]).toEqual(['e1']);
    // A linked item never expires; the reconcile's index keys are on it.
    expect(await item()).toMatchObject({ gpk: expect.anything(), gsk: { S: `link#${user}` } });
    expect((await item())?.expiresAt).toBeUndefined();
  });

  it('takes no lease when every event was processed before, even while another invocation holds it', async () => {
    const begun = await store.beginUser(user, 'a', 60_000, ['e1']);
    await store.endUser(user, 'a', begun!, { processed: ['e1'] });
    expect(await store.beginUser(user, 'b', 60_000, ['e1'])).toMatchObject({ leaseTaken: false, processed: new Set(['e1']) });
    // b took nothing, so c can take the lease.
    const c = await store.beginUser(user, 'c', 60_000, ['e2']);
    expect(c?.leaseTaken).toBe(true);
    // While c holds it, a redelivered e1 is still a duplicate, not a busy user.
    expect(await store.beginUser(user, 'd', 60_000, ['e1'])).toMatchObject({ leaseTaken: false });
    expect(await store.beginUser(user, 'd', 60_000, ['e1', 'e3'])).toBeNull();
  });

  it('forgets a mark after the TTL, judged by the stored time', async () => {
    const begun = await store.beginUser(user, 'a', 1_000, ['e1']);
    await store.endUser(user, 'a', begun!, { processed: ['e1'] });
    now += 61_000;
    expect(await store.beginUser(user, 'b', 1_000, ['e1'])).toMatchObject({ leaseTaken: true, processed: new Set() });
  });

  it('refuses an end whose lease ran out and was taken by another invocation', async () => {
    const a = await store.beginUser(user, 'a', 1_000, ['e1']);
    now += 1_001;
    await store.beginUser(user, 'b', 1_000, ['e1']);
    await expect(store.endUser(user, 'a', a!, { processed: ['e1'] })).rejects.toMatchObject({ dependency: 'store' });
  });

  it("forgets the link when asked, leaving the reconcile's index but keeping the marks", async () => {
    await store.putLink(user, { wickrUserId: '1001', lastOccurredAt: '2026-11-28T10:00:00Z', lastEventId: 'x' });
    const begun = await store.beginUser(user, 'a', 60_000, ['e1']);
    expect(begun?.link).toMatchObject({ wickrUserId: '1001', lastEventId: 'x' });
    await store.endUser(user, 'a', begun!, { processed: ['e1'], link: null });
    expect(await store.getLink(user)).toBeNull();
    expect(((await item()) as { gpk?: unknown }).gpk).toBeUndefined();
    expect(await store.beginUser(user, 'b', 60_000, ['e1'])).toMatchObject({ leaseTaken: false });
  });

  it(`keeps at most ${MAX_MARKS} marks in the item and still knows the older ones as processed`, async () => {
    const keys = Array.from({ length: MAX_MARKS + 3 }, (_, i) => `spill-${i}`);
    for (const key of keys) {
      now += 1_000; // each mark a second later, so the oldest are the first ones
      const begun = await store.beginUser(user, 'a', 60_000, [key]);
      await store.endUser(user, 'a', begun!, { processed: [key] });
    }
    const marks = Object.keys(((await item()) as { done: { M: object } }).done.M);
    expect(marks).toHaveLength(MAX_MARKS);
    expect(marks).not.toContain('spill-0');
    const again = await store.beginUser(user, 'b', 60_000, ['spill-0', 'spill-1', 'spill-2', 'new']);
    expect([...again!.processed].sort()).toEqual(['spill-0', 'spill-1', 'spill-2']);
  });

  it('finds events processed by an earlier release, whose link item carries no marks', async () => {
    await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: `link#${user}` }, wickrUserId: { S: '1001' } } }));
    await store.markProcessed('old-1');
    const begun = await store.beginUser(user, 'a', 60_000, ['old-1', 'new-1']);
    expect([...begun!.processed]).toEqual(['old-1']);
  });

  it('keeps the lease and the marks when a link is written through putLink', async () => {
    const begun = await store.beginUser(user, 'a', 60_000, ['e1']);
    await store.putLink(user, { wickrUserId: '1001' });
    expect(await store.beginUser(user, 'b', 60_000, ['e2'])).toBeNull();
    await store.endUser(user, 'a', begun!, { processed: ['e1'] });
    expect(await store.getLink(user)).toEqual({ wickrUserId: '1001' });
    expect((await item())?.expiresAt).toBeUndefined();
  });
});

describe(`${DynamoStateStore.name}: a user with many events in one batch`, () => {
  const client = new DynamoDBClient({});

  it('still answers which were processed when too many to put in the lease condition', async () => {
    const tableName = await createStateTable(client);
    const store = new DynamoStateStore({ client, tableName, eventTtlSeconds: 60 });
    const keys = Array.from({ length: 25 }, (_, i) => `many-${i}`);
    const begun = await store.beginUser('okta:many', 'a', 60_000, keys);
    await store.endUser('okta:many', 'a', begun!, { processed: keys.slice(0, 10) });
    const again = await store.beginUser('okta:many', 'b', 60_000, keys);
    expect(again?.leaseTaken).toBe(true);
    expect(again?.processed.size).toBe(10);
  });
});
