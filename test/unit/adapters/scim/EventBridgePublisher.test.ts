import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { EventBridgePublisher } from '../../../../src/adapters/scim/EventBridgePublisher';
import { DependencyError } from '../../../../src/core/errors';
import { groupChanged, userChanged } from '../../../../src/core/scim/outboxEntry';

describe(EventBridgePublisher.name, () => {
  const mock = mockClient(EventBridgeClient);
  beforeEach(() => mock.reset());
  const publisher = () => new EventBridgePublisher({ client: new EventBridgeClient({ region: 'us-east-1' }), busName: 'bus' });
  const entries = [userChanged('u1', 2, '2026-12-06T12:00:00.000Z'), groupChanged('g1', 3, '2026-12-06T12:00:00.000Z', ['u1'])];

  it('puts each entry on the bus with the SCIM source, its detail type and detail', async () => {
    mock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'a' }, { EventId: 'b' }] });
    expect(await publisher().publish(entries)).toEqual({ failed: [] });
    const input = mock.commandCalls(PutEventsCommand)[0].args[0].input;
    expect(input.Entries?.map((e) => [e.EventBusName, e.Source, e.DetailType, JSON.parse(e.Detail as string)])).toEqual([
      ['bus', 'wickr-idp-sync.scim', 'ScimUserChanged', { eventId: 'u1:2', occurredAt: '2026-12-06T12:00:00.000Z', userId: 'u1' }],
      ['bus', 'wickr-idp-sync.scim', 'ScimGroupChanged', { eventId: 'g1:3', occurredAt: '2026-12-06T12:00:00.000Z', groupId: 'g1', memberIds: ['u1'] }],
    ]);
  });

  it('answers the event ids of the entries the bus refused', async () => {
    mock.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { ErrorCode: 'InternalFailure', ErrorMessage: 'x' }] });
    expect(await publisher().publish(entries)).toEqual({ failed: ['g1:3'] });
  });

  it('throws a classified DependencyError when the call fails', async () => {
    mock.on(PutEventsCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }));
    await expect(publisher().publish(entries)).rejects.toMatchObject({ name: 'DependencyError', kind: 'THROTTLING', retryable: true });
    await expect(publisher().publish(entries)).rejects.toBeInstanceOf(DependencyError);
  });

  it('makes no call for no entries', async () => {
    expect(await publisher().publish([])).toEqual({ failed: [] });
    expect(mock.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
