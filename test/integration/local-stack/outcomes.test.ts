import type { SQSRecord } from 'aws-lambda';
import type { InvocationReport } from '../../../local/stack/esm/poller';
import { OutcomeTracker } from '../../../local/stack/outcomes';

const record = (messageId: string, eventId: string): SQSRecord => ({
  messageId,
  receiptHandle: `rh-${messageId}`,
  body: JSON.stringify({ source: 'wickr-idp-sync.generic', detail: { eventId } }),
  attributes: { ApproximateReceiveCount: '1' } as SQSRecord['attributes'],
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:q',
  awsRegion: 'us-east-1',
});

const outcome = (messageId: string, eventId: string, value: string): string => JSON.stringify({ level: 'INFO', message: 'record outcome', messageId, eventId, outcome: value });
const write = (eventId: string): string => JSON.stringify({ level: 'INFO', message: 'wickr write', eventId, outcome: 'applied', audit: true });

function report(records: SQSRecord[], logLines: string[], deleted: string[], crashed = false): InvocationReport {
  return {
    environmentId: 1,
    records,
    invocation: { result: crashed ? { kind: 'crashed', error: 'killed' } : { kind: 'returned', response: {} }, logLines, durationMs: 10 },
    verdict: crashed ? { kind: 'batchFailed', reason: 'crashed' } : { kind: 'partial', failedMessageIds: new Set(records.map((r) => r.messageId).filter((id) => !deleted.includes(id))) },
    deletedMessageIds: deleted,
  };
}

describe('counting outcomes from the consumer log', () => {
  it('counts one outcome per deleted message and none for a retried one', () => {
    const tracker = new OutcomeTracker();

    tracker.record(
      report([record('m1', 'e1'), record('m2', 'e2'), record('m3', 'e3')], [outcome('m1', 'e1', 'applied'), outcome('m2', 'e2', 'retryLater'), outcome('m3', 'e3', 'notProvisioned')], ['m1', 'm3']),
    );

    expect(tracker.counts(0)).toEqual({ applied: 1, created: 0, unchanged: 0, duplicate: 0, ignored: 0, notProvisioned: 1, deadLettered: 0, deleted: 0 });
    expect(tracker.stats()).toMatchObject({ invocations: 1, retriedRecords: 1 });
    expect(tracker.settled()).toBe(2);
  });

  it('counts an event applied by an invocation that then died as applied, not as the duplicate it comes back as', () => {
    const tracker = new OutcomeTracker();

    tracker.record(report([record('m1', 'e1')], [outcome('m1', 'e1', 'applied')], [], true));
    tracker.record(report([record('m1', 'e1')], [outcome('m1', 'e1', 'duplicate')], ['m1']));

    expect(tracker.counts(0)).toMatchObject({ applied: 1, duplicate: 0 });
  });

  it('counts an event whose write went through before its attempt failed as applied, not unchanged', () => {
    const tracker = new OutcomeTracker();

    tracker.record(report([record('m1', 'e1')], [write('e1'), outcome('m1', 'e1', 'retryLater')], []));
    tracker.record(report([record('m1', 'e1')], [outcome('m1', 'e1', 'unchanged')], ['m1']));
    tracker.record(report([record('m2', 'e1')], [outcome('m2', 'e1', 'duplicate')], ['m2']));

    expect(tracker.counts(0)).toMatchObject({ applied: 1, unchanged: 0, duplicate: 1 });
  });

  it('takes dead letters from the DLQ count, which includes what SQS redrove', () => {
    const tracker = new OutcomeTracker();

    tracker.record(report([record('m1', 'e1')], [outcome('m1', 'e1', 'deadLettered')], ['m1']));

    expect(tracker.settled()).toBe(1);
    expect(tracker.counts(3).deadLettered).toBe(3);
  });
});
