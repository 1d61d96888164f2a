import { PoisonError } from '../../../../src/core/errors';
import { parseSqsBody, resyncMessageBody } from '../../../../src/core/events';

describe('ResyncUser messages', () => {
  const detail = { runId: 'run-1', origin: 'reconcile', source: 'okta', idpUserId: '00u1', requestedAt: '2026-11-30T10:00:00Z' } as const;

  it('parse into a user trigger keyed by run and user, so a resent message is a duplicate', () => {
    const trigger = parseSqsBody(resyncMessageBody(detail));
    expect(trigger).toEqual({
      kind: 'user',
      source: 'okta',
      eventId: 'run-1:00u1',
      eventType: 'ResyncUser',
      occurredAt: '2026-11-30T10:00:00.000Z',
      user: { by: 'id', idpUserId: '00u1' },
    });
  });

  it('reject a generic source, which has no directory to re-read', () => {
    const error = (() => {
      try {
        parseSqsBody(resyncMessageBody({ ...detail, source: 'generic' as 'okta' }));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PoisonError);
    expect((error as PoisonError).field).toBe('detail.source');
  });

  it('parse a Wickr-targeted message into a suspend trigger keyed by run and Wickr user', () => {
    const body = resyncMessageBody({ runId: 'run-1', origin: 'reconcile', wickrUserId: '1005', action: 'suspend', requestedAt: '2026-11-30T10:00:00Z' });
    expect(parseSqsBody(body)).toEqual({ kind: 'wickrUser', eventId: 'run-1:wickr:1005', eventType: 'ResyncUser', occurredAt: '2026-11-30T10:00:00.000Z', wickrUserId: '1005', action: 'suspend' });
  });

  it('reject a Wickr-targeted message with another action, naming the field', () => {
    const body = resyncMessageBody({ runId: 'run-1', origin: 'reconcile', wickrUserId: '1005', action: 'delete' as 'suspend', requestedAt: '2026-11-30T10:00:00Z' });
    expect(() => parseSqsBody(body)).toThrow(expect.objectContaining({ name: 'PoisonError', field: 'detail.action' }));
  });
});

describe('ResyncUser messages for SCIM users and deletions', () => {
  it('name a SCIM user to re-read from the SCIM store', () => {
    const trigger = parseSqsBody(resyncMessageBody({ runId: 'run-1', origin: 'group-fan-out', source: 'scim', idpUserId: 'u1', requestedAt: '2026-11-30T10:00:00Z' }));

    expect(trigger).toMatchObject({ kind: 'user', source: 'scim', eventId: 'run-1:u1', user: { by: 'id', idpUserId: 'u1' } });
    expect(trigger).not.toHaveProperty('intent');
  });

  it('carry a deletion as the intent, under its own event id so it never shadows the same run drift message', () => {
    const trigger = parseSqsBody(resyncMessageBody({ runId: 'run-1', origin: 'reconcile', source: 'okta', idpUserId: '00u1', action: 'delete', requestedAt: '2026-11-30T10:00:00Z' }));

    expect(trigger).toMatchObject({ kind: 'user', source: 'okta', eventId: 'run-1:delete:00u1', intent: 'delete' });
  });

  it('reject an action other than delete for an IdP user', () => {
    const body = resyncMessageBody({ runId: 'run-1', origin: 'reconcile', source: 'okta', idpUserId: '00u1', action: 'suspend' as 'delete', requestedAt: '2026-11-30T10:00:00Z' });

    expect(() => parseSqsBody(body)).toThrow(/detail.action/);
  });
});
