import { drainOutbox } from '../../../../src/core/scim/outbox';
import { handleScimRequest } from '../../../../src/core/scim/router';
import { req, scimWorld } from './fakes';

describe('SCIM outbox', () => {
  it('answers 2xx and keeps the outbox entry when PutEvents fails, and the drain publishes it later', async () => {
    const { deps, store, publisher, clock, logs } = await scimWorld();
    publisher.failNext.push('throw');
    const answer = await handleScimRequest(deps, req('POST', '/Users', { body: { userName: 'a@example.com' } }));
    expect(answer.status).toBe(201);
    const id = (answer.body as { id: string }).id;
    expect([...store.outbox.keys()]).toEqual([`${id}:1`]);
    expect(logs).toContainEqual({ message: 'ScimPublishDeferred', extra: { eventId: `${id}:1`, reason: 'Error' } });

    expect(await drainOutbox(deps, { limit: 10, minAgeMs: 30_000 })).toEqual({ published: 0, failed: 0 });
    clock.t += 30_000;
    expect(await drainOutbox(deps, { limit: 10, minAgeMs: 30_000 })).toEqual({ published: 1, failed: 0 });
    expect(publisher.published.map((e) => e.eventId)).toEqual([`${id}:1`]);
    expect(store.outbox.size).toBe(0);
  });

  it('keeps entries the bus refused for the next drain', async () => {
    const { deps, store, publisher, clock } = await scimWorld();
    publisher.failNext.push('refuse', 'refuse');
    await handleScimRequest(deps, req('POST', '/Users', { body: { userName: 'a@example.com' } }));
    clock.t += 60_000;
    expect(await drainOutbox(deps, { limit: 10, minAgeMs: 0 })).toEqual({ published: 0, failed: 1 });
    expect(store.outbox.size).toBe(1);
    expect(await drainOutbox(deps, { limit: 10, minAgeMs: 0 })).toEqual({ published: 1, failed: 0 });
  });

  it('publishes in PutEvents batches of at most 10', async () => {
    const { deps, store, publisher } = await scimWorld();
    const calls: number[] = [];
    const publish = publisher.publish.bind(publisher);
    publisher.publish = async (entries) => {
      calls.push(entries.length);
      return publish(entries);
    };
    publisher.failNext.push(...Array(23).fill('throw'));
    for (let i = 0; i < 23; i++) await handleScimRequest(deps, req('POST', '/Users', { body: { userName: `u${i}` } }));
    calls.length = 0;
    expect(await drainOutbox(deps, { limit: 100, minAgeMs: 0 })).toEqual({ published: 23, failed: 0 });
    expect(calls).toEqual([10, 10, 3]);
    expect(store.outbox.size).toBe(0);
  });
});
