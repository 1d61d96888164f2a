import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgePublisher } from '../../../src/adapters/scim/EventBridgePublisher';
import type { ScimPublisher } from '../../../src/core/scim/ports';
import { scimWorld } from './world';

/** The outbox against moto: a PutEvents that fails leaves the entry, and the drain publishes it. */
describe('SCIM outbox against moto', () => {
  it('answers 201 when PutEvents fails, keeps the outbox item, and the scheduled drain publishes it to the queue', async () => {
    let failing = true;
    let busName = '';
    const publisher: ScimPublisher = {
      publish: async (entries) => {
        // The bus as if it were unreachable: a name that does not exist, so moto refuses the call.
        const real = new EventBridgePublisher({ client: new EventBridgeClient({}), busName: failing ? 'no-such-bus' : busName });
        return real.publish(entries);
      },
    };
    const clock = { t: Date.now(), now: () => clock.t };
    const world = await scimWorld({ publisher, clock });
    busName = world.busName;

    const created = await world.call('POST', '/Users', { body: { userName: 'outbox@example.com' } });
    expect(created.status).toBe(201);
    const id = created.body?.id as string;
    const outbox = (await world.items()).filter((i) => i.pk.S?.startsWith('outbox#'));
    expect(outbox.map((i) => [i.pk.S, i.kind.S, i.detailType.S])).toEqual([[`outbox#${id}:1`, 'outbox', 'ScimUserChanged']]);

    failing = false;
    clock.t += 60_000;
    const drained = await world.handler({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }, {} as never);
    expect(drained).toEqual({ published: 1, failed: 0 });
    const [event] = await world.delivered(1);
    expect(event).toMatchObject({ source: 'wickr-idp-sync.scim', 'detail-type': 'ScimUserChanged', detail: { eventId: `${id}:1`, userId: id } });
    expect((await world.items()).filter((i) => i.pk.S?.startsWith('outbox#'))).toEqual([]);
  });
});
