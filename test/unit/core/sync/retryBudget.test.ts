import { DependencyError } from '../../../../src/core/errors';
import { retryDelaySeconds } from '../../../../src/core/sync/backoff';
import { processBatch } from '../../../../src/core/sync/processBatch';
import { retryIds } from '../../../../src/core/sync/records';
import { addAna, record, setup } from '../../../helpers/batch';
import { DEFAULT_MAX_RECEIVE_COUNT } from '../../../../src/handlers/config';
import { iicEvent } from '../../../helpers/events';

const throttled = () => new DependencyError('Rate exceeded for jane@example.com', { dependency: 'wickr', kind: 'THROTTLING', code: 'RateLimitError', statusCode: 429 });

describe('The retry budget', () => {
  it('dead-letters a record throttled on its last receive as RetriesExhausted, with its last error', async () => {
    const { deps, wickr, queue } = setup({ maxReceiveCount: 5 });
    wickr.failNext = [throttled()];
    const [result] = await processBatch([record(addAna(), 5)], deps);
    expect(result).toMatchObject({ outcome: 'deadLettered', errorClass: 'RetriesExhausted' });
    expect(queue.deadLetters[0]?.errorClass).toBe('RetriesExhausted');
    expect(queue.deadLetters[0]?.reason).toMatch(/^RetriesExhausted: last error RateLimitError/);
    expect(queue.delays).toHaveLength(0);
  });

  it('hands the same failure back before the last receive', async () => {
    const { deps, wickr, queue } = setup({ maxReceiveCount: 5 });
    wickr.failNext = [throttled()];
    const [result] = await processBatch([record(addAna(), 4)], deps);
    expect(result).toMatchObject({ outcome: 'retryLater', errorClass: 'RateLimitError' });
    expect(queue.deadLetters).toHaveLength(0);
  });

  it('never dead-letters poison as RetriesExhausted: it keeps its own class', async () => {
    const { deps, queue } = setup({ maxReceiveCount: 5 });
    await processBatch([record('{not json', 5)], deps);
    expect(queue.deadLetters[0]?.errorClass).toBe('MalformedJson');
  });

  it('keeps a failing record for at least an hour with the default budget of receives', () => {
    const waited = (random: () => number) => Array.from({ length: DEFAULT_MAX_RECEIVE_COUNT - 1 }, (_, i) => retryDelaySeconds(i + 1, random)).reduce((a, b) => a + b, 0);
    expect(waited(() => 0)).toBeGreaterThanOrEqual(3600);
    expect(waited(() => 1)).toBeLessThanOrEqual(12 * 3600);
  });
});

describe('Deferrals on the last receive', () => {
  it('re-sends a record whose user is busy instead of dead-lettering it, and settles the original', async () => {
    const { deps, store, queue } = setup({ maxReceiveCount: 5 });
    store.leases.set('okta:00uAna', { owner: 'other', until: store.now + 60_000 });
    const r = record(addAna(), 5);
    const results = await processBatch([r], deps);
    expect(results[0]).toMatchObject({ outcome: 'retryLater', errorClass: 'UserBusy', requeued: true });
    expect(queue.deadLetters).toHaveLength(0);
    expect(queue.sent.map((m) => m.body)).toEqual([r.body]);
    expect(retryIds(results)).toEqual([]);
  });

  it('hands a busy record back through its visibility before the last receive', async () => {
    const { deps, store, queue } = setup({ maxReceiveCount: 5 });
    store.leases.set('okta:00uAna', { owner: 'other', until: store.now + 60_000 });
    const r = record(addAna(), 2);
    const results = await processBatch([r], deps);
    expect(retryIds(results)).toEqual([r.messageId]);
    expect(queue.sent).toHaveLength(0);
    expect(queue.delays).toHaveLength(1);
  });

  it('re-sends records deferred by the time budget on their last receive', async () => {
    const { deps, queue } = setup({ maxReceiveCount: 5, shouldPause: () => true });
    const [result] = await processBatch([record(addAna(), 5)], deps);
    expect(result).toMatchObject({ errorClass: 'Deferred', requeued: true });
    expect(queue.deadLetters).toHaveLength(0);
  });

  it('hands the record back when the re-send fails, so nothing is dropped', async () => {
    const { deps, queue } = setup({ maxReceiveCount: 5, shouldPause: () => true });
    queue.failSend = true;
    const r = record(addAna(), 5);
    const results = await processBatch([r], deps);
    expect(retryIds(results)).toEqual([r.messageId]);
  });

  it('gives up on an unknown membership id by the last receive even with a small budget, with its own reason', async () => {
    const { deps, queue } = setup({ maxReceiveCount: 2 });
    const [result] = await processBatch([record(iicEvent({ eventName: 'DeleteGroupMembership', membershipId: 'mem-x' }), 2)], deps);
    expect(result).toMatchObject({ outcome: 'deadLettered', errorClass: 'UnknownMembership' });
    expect(queue.sent).toHaveLength(0);
  });
});

describe('Ids longer than a storage key', () => {
  it('dead-letters an event whose id cannot be stored instead of retrying it', async () => {
    const { deps, queue } = setup();
    // Identity Center ids have no length limit in the schema; DynamoDB keys do.
    const event = iicEvent({ eventName: 'UpdateUser', userId: 'u-1', eventID: 'é'.repeat(600) });
    const [result] = await processBatch([record(event)], deps);
    expect(result).toMatchObject({ outcome: 'deadLettered', errorClass: 'MalformedEvent' });
    expect(queue.deadLetters[0]?.reason).toContain('eventId');
  });

  it('dead-letters a membership id too long to look up', async () => {
    const { deps } = setup();
    const [result] = await processBatch([record(iicEvent({ eventName: 'DeleteGroupMembership', membershipId: 'm'.repeat(1500) }))], deps);
    expect(result).toMatchObject({ outcome: 'deadLettered', errorClass: 'MalformedEvent' });
  });
});
