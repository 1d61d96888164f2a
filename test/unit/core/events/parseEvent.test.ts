import { parseEvent, parseSqsBody } from '../../../../src/core/events';
import { genericEvent, idpSample, iicEvent, oktaEvent, poisonFrom, sqsEvent, sqsRecord } from '../../../helpers/events';

describe('parseSqsBody', () => {
  it.each([
    ['an Okta event', oktaEvent({ eventType: 'user.lifecycle.suspend', userId: '00u1', login: 'a@example.com' }), 'okta'],
    ['an Identity Center event', iicEvent({ eventName: 'EnableUser', userId: 'u-1' }), 'identity-center'],
    ['a generic event', genericEvent({ user: { externalId: 'E1' } }), 'generic'],
  ])('parses %s from its JSON body', (_name, event, source) => {
    expect(parseSqsBody(JSON.stringify(event))).toMatchObject({ kind: 'user', source });
  });

  it('parses the body of SQS records as Lambda delivers them', () => {
    // Prepare
    const event = sqsEvent([sqsRecord(oktaEvent({ eventType: 'user.lifecycle.activate', userId: '00u7', login: 'a@example.com', uuid: 'u-7' }))]);

    // Act
    const parsed = event.Records.map((record) => parseSqsBody(record.body));

    // Assess
    expect(parsed).toEqual([expect.objectContaining({ kind: 'user', eventId: 'u-7', user: { by: 'id', idpUserId: '00u7' } })]);
    expect(event.Records[0]).toMatchObject({ eventSource: 'aws:sqs', attributes: { ApproximateReceiveCount: '1' } });
  });

  it.each(['', '{', 'not json', '{"source": "x",}'])('poisons a body that is not JSON (%p)', (body) => {
    expect(poisonFrom(() => parseSqsBody(body)).errorClass).toBe('MalformedJson');
  });

  it('does not quote the body in a JSON error', () => {
    const error = poisonFrom(() => parseSqsBody('{"email": "private.person@example.com" oops}'));
    expect(error.message).not.toContain('private.person');
    expect(error.cause).toBeUndefined();
  });

  it('poisons a detail-only body (input transformer) and says how to fix the rule', () => {
    // Prepare: what `InputPath: $.detail` would deliver.
    const detail = idpSample('okta-1.envelope.json').detail;

    // Act
    const error = poisonFrom(() => parseSqsBody(JSON.stringify(detail)));

    // Assess
    expect(error.errorClass).toBe('NotAnEnvelope');
    expect(error.message).toMatch(/input transformer/);
    expect(error.field).toBe('source');
  });

  it('poisons the truncated Okta body of the SQS sample as a malformed Okta event', () => {
    // The sample body holds only eventType and uuid: a supported type with its fields missing.
    const record = idpSample<{ Records: { body: string }[] }>('sqs-event-from-eventbridge.json').Records[0]!;
    const error = poisonFrom(() => parseSqsBody(record.body));
    expect(error).toMatchObject({ errorClass: 'MalformedEvent', field: 'detail.outcome' });
  });
});

describe('parseEvent: envelope and dispatch', () => {
  it.each<[string, unknown, string | undefined]>([
    ['null', null, undefined],
    ['an array', [oktaEvent({ eventType: 'user.lifecycle.suspend', userId: '00u1', login: 'a' })], undefined],
    ['a string', 'event', undefined],
    ['no source', { 'detail-type': 'SystemLog', detail: {} }, 'source'],
    ['an empty detail-type', { source: 'aws.identitystore', 'detail-type': '', detail: {} }, 'detail-type'],
    ['a detail that is an array', { source: 'aws.identitystore', 'detail-type': 'x', detail: [] }, 'detail'],
    ['a detail that is a JSON string', { source: 'aws.identitystore', 'detail-type': 'x', detail: '{}' }, 'detail'],
  ])('poisons %s as NotAnEnvelope', (_name, value, field) => {
    const error = poisonFrom(() => parseEvent(value));
    expect(error.errorClass).toBe('NotAnEnvelope');
    expect(error.field).toBe(field);
  });

  it.each(['auth0-1.envelope.json', 'auth0-2.envelope.json', 'auth0-4.envelope.json', 'entra-1.envelope.json', 'google-1.envelope.json'])(
    'ignores %s (a source we do not handle) without error',
    (file) => {
      const event = idpSample(file);
      expect(parseEvent(event)).toEqual({ kind: 'ignored', eventType: event['detail-type'], reason: `source ${event.source} is not handled` });
    },
  );

  it('ignores sources that only look like ours', () => {
    const okta = oktaEvent({ eventType: 'user.lifecycle.suspend', userId: '00u1', login: 'a' });
    expect(parseEvent({ ...okta, source: 'aws.partner/okta.example.com/org/name' }).kind).toBe('ignored');
    expect(parseEvent({ ...okta, source: 'okta.com/org/name' }).kind).toBe('ignored');
  });
});
