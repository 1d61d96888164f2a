import { assertNotFromFuture, parseEvent } from '../../../../src/core/events';
import type { UserTrigger } from '../../../../src/core/types';
import { processBatch } from '../../../../src/core/sync/processBatch';
import { NOW, record, setup } from '../../../helpers/batch';
import { genericEvent, iicEvent, oktaEvent, poisonFrom } from '../../../helpers/events';

const user = { externalId: 'x1', email: 'bo@example.com' };

describe('occurredAt checks in the parsers', () => {
  it.each(['2026-02-31T10:00:00Z', '2026-04-31T10:00:00Z', '2025-02-29T00:00:00Z'])('rejects %s, a day that does not exist, instead of rolling it over', (occurredAt) => {
    const error = poisonFrom(() => parseEvent(genericEvent({ occurredAt, user })));
    expect(error).toMatchObject({ errorClass: 'MalformedEvent', field: 'detail.occurredAt' });
    expect(error.message).toContain('not a real calendar date');
  });

  it('accepts 29 February of a leap year', () => {
    expect(parseEvent(genericEvent({ occurredAt: '2028-02-29T00:00:00Z', user }))).toMatchObject({ occurredAt: '2028-02-29T00:00:00.000Z' });
  });

  it('rejects a time before 2000-01-01 and names the field of each source', () => {
    expect(poisonFrom(() => parseEvent(genericEvent({ occurredAt: '1999-12-31T23:59:59Z', user })))).toMatchObject({ field: 'detail.occurredAt' });
    expect(poisonFrom(() => parseEvent(oktaEvent({ eventType: 'user.lifecycle.activate', userId: '00u1', login: 'a@b.c', published: '1970-01-01T00:00:00Z' })))).toMatchObject({
      field: 'detail.published',
    });
    expect(poisonFrom(() => parseEvent(iicEvent({ eventName: 'UpdateUser', userId: 'u-1', eventTime: '1999-01-01T00:00:00Z' })))).toMatchObject({ field: 'detail.eventTime' });
  });
});

describe('assertNotFromFuture()', () => {
  const trigger = (occurredAt: string): UserTrigger => parseEvent(genericEvent({ occurredAt, user })) as UserTrigger;

  it('allows 5 minutes of clock skew and no more', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(() => assertNotFromFuture(trigger('2026-11-30T12:05:00Z'), now)).not.toThrow();
    const error = poisonFrom(() => assertNotFromFuture(trigger('2026-11-30T12:05:01Z'), now));
    expect(error).toMatchObject({ errorClass: 'MalformedEvent', field: 'detail.occurredAt' });
  });
});

describe('processBatch() with an event from the future', () => {
  it('dead-letters a far-future generic event, naming the field, and writes nothing', async () => {
    const { deps, queue, wickr } = setup();
    const future = new Date(NOW + 365 * 86_400_000).toISOString();
    const [result] = await processBatch([record(genericEvent({ occurredAt: future, user: { ...user, lastName: 'Future' } }))], deps);
    expect(result).toMatchObject({ outcome: 'deadLettered', errorClass: 'MalformedEvent' });
    expect(queue.deadLetters[0]?.reason).toContain('detail.occurredAt');
    expect(wickr.writes).toHaveLength(0);
  });
});
