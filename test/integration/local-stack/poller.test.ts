import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createExecutionEnvironment } from '../../../local/stack/esm/executionEnvironment';
import { startPoller, type InvocationReport, type Poller, type PollerSettings } from '../../../local/stack/esm/poller';
import { waitFor } from './waitFor';

const region = process.env.AWS_REGION ?? 'us-east-1';
const sqs = new SQSClient({ endpoint: process.env.AWS_ENDPOINT_URL, region });
const standIn = join(__dirname, 'fixtures/standInHandler.ts');

type Queues = { url: string; arn: string; dlqUrl: string };

async function createQueues(visibilityTimeout: number, maxReceiveCount = 2): Promise<Queues> {
  const name = `poller-${randomUUID().slice(0, 8)}`;
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqArn = `arn:aws:sqs:${region}:123456789012:${name}-dlq`;
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { VisibilityTimeout: String(visibilityTimeout), RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }) },
    }),
  );
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: queue.QueueUrl as string, arn: attrs.Attributes?.QueueArn as string, dlqUrl: dlq.QueueUrl as string };
}

async function send(queueUrl: string, bodies: object[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: bodies.slice(i, i + 10).map((b, n) => ({ Id: String(n), MessageBody: JSON.stringify(b) })) }));
  }
}

async function queueDepth(queueUrl: string): Promise<number> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(out.Attributes?.ApproximateNumberOfMessages) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible);
}

const running: Poller[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
});

function poll(queues: Queues, overrides: Partial<PollerSettings> = {}, timeoutMs = 10_000): { reports: InvocationReport[]; ends: number[]; poller: Poller } {
  const reports: InvocationReport[] = [];
  const ends: number[] = [];
  const settings: PollerSettings = {
    queueUrl: queues.url,
    queueArn: queues.arn,
    region,
    batchSize: 10,
    maximumBatchingWindowSeconds: 0,
    maximumConcurrency: 1,
    reportBatchItemFailures: true,
    ...overrides,
  };
  const poller = startPoller({
    sqs,
    settings,
    waitTimeSeconds: 1,
    onInvocation: (r) => {
      reports.push(r);
      ends.push(Date.now());
    },
    createEnvironment: () =>
      createExecutionEnvironment({
        moduleFile: standIn,
        exportName: 'handler',
        functionName: 'stand-in',
        memorySizeMb: 128,
        timeoutMs,
        region,
        accountId: '123456789012',
        env: { PATH: process.env.PATH ?? '' },
      }),
  });
  running.push(poller);
  return { reports, ends, poller };
}

const processed = (reports: InvocationReport[]): string[] =>
  reports.flatMap((r) => r.records.filter((rec) => r.deletedMessageIds.includes(rec.messageId)).map((rec) => (JSON.parse(rec.body) as { id: string }).id));

describe('local SQS event source mapping', () => {
  it('batches up to batchSize within the batching window and builds records as Lambda does', async () => {
    // Prepare
    const queues = await createQueues(30);
    await send(
      queues.url,
      Array.from({ length: 7 }, (_, i) => ({ action: 'ok', id: `m${i}` })),
    );
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queues.url, MessageBody: JSON.stringify({ action: 'ok', id: 'attr' }), MessageAttributes: { errorClass: { DataType: 'String', StringValue: 'Poison' } } }),
    );

    // Act
    const { reports } = poll(queues, { batchSize: 5, maximumBatchingWindowSeconds: 1 });
    await waitFor('all 8 messages processed', () => processed(reports).length === 8);

    // Assess
    expect(reports[0].records).toHaveLength(5);
    expect(reports.every((r) => r.records.length <= 5)).toBe(true);
    const record = reports.flatMap((r) => r.records).find((r) => r.body.includes('"attr"'));
    expect(record).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: queues.arn,
      awsRegion: region,
      md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: expect.stringMatching(/^\d+$/), ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d+$/), SenderId: expect.any(String) },
      messageAttributes: { errorClass: { stringValue: 'Poison', stringListValues: [], binaryListValues: [], dataType: 'String' } },
    });
    expect(await queueDepth(queues.url)).toBe(0);
  });

  it('keeps gathering for the whole of a 1 s batching window, as Lambda does', async () => {
    // Prepare
    const queues = await createQueues(30);
    const { reports } = poll(queues, { batchSize: 10, maximumBatchingWindowSeconds: 1 });
    // Each message goes out once the one before is being gathered (a receive took it), all well inside the window.
    const visible = async (): Promise<number> =>
      Number((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queues.url, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes?.ApproximateNumberOfMessages);
    for (const id of ['first', 'second', 'third']) {
      await send(queues.url, [{ action: 'ok', id }]);
      await waitFor(`${id} received`, async () => (await visible()) === 0);
    }

    // Act
    await waitFor('all three processed', () => processed(reports).length === 3);

    // Assess
    expect(reports).toHaveLength(1);
    expect(processed(reports).sort()).toEqual(['first', 'second', 'third']);
  });

  it('deletes only the successes and redelivers a reported failure with ApproximateReceiveCount 2', async () => {
    const queues = await createQueues(1, 5);
    await send(queues.url, [
      { action: 'ok', id: 'good' },
      { action: 'fail', id: 'bad' },
    ]);

    const { reports } = poll(queues, { batchSize: 10, maximumBatchingWindowSeconds: 1 });
    await waitFor('the failure delivered twice', () => reports.filter((r) => r.records.some((rec) => rec.body.includes('"bad"'))).length >= 2);

    const first = reports[0];
    expect(first.records).toHaveLength(2);
    expect(processed([first])).toEqual(['good']);
    const second = reports.find((r) => r !== first && r.records.some((rec) => rec.body.includes('"bad"')));
    expect(second?.records.map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['2']);
    expect(processed(reports)).toEqual(['good']);
  });

  it('moves a message that keeps failing to the DLQ after maxReceiveCount receives', async () => {
    const queues = await createQueues(1, 2);
    await send(queues.url, [{ action: 'fail', id: 'doomed' }]);

    const { reports } = poll(queues);
    const dead = await waitFor('the message in the DLQ', async () => {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queues.dlqUrl, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }));
      return out.Messages?.[0];
    });

    expect(JSON.parse(dead.Body ?? '{}')).toEqual({ action: 'fail', id: 'doomed' });
    expect(reports.map((r) => r.records[0].attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
  });

  it.each([
    ['throws', { action: 'throw', id: 'x' }],
    ['returns an itemIdentifier that is not in the batch', { action: 'badId', id: 'x' }],
  ])('fails the whole batch when the function %s', async (_, poison) => {
    const queues = await createQueues(1, 5);
    await send(queues.url, [{ action: 'ok', id: 'a' }, poison, { action: 'ok', id: 'b' }]);

    const { reports } = poll(queues, { batchSize: 10, maximumBatchingWindowSeconds: 1 });
    await waitFor('a failed batch', () => reports.find((r) => r.records.length === 3));

    const batch = reports.find((r) => r.records.length === 3)!;
    expect(batch.verdict.kind).toBe('batchFailed');
    expect(batch.deletedMessageIds).toEqual([]);
    await waitFor('the batch redelivered', () => reports.some((r) => r.records.some((rec) => rec.attributes.ApproximateReceiveCount === '2')));
  });

  it('runs at most maximumConcurrency invocations at once, each in its own process', async () => {
    const queues = await createQueues(30);
    await send(
      queues.url,
      Array.from({ length: 12 }, (_, i) => ({ action: 'sleep', ms: 300, id: `s${i}` })),
    );

    const { reports, poller, ends } = poll(queues, { batchSize: 1, maximumConcurrency: 3 });
    await waitFor('all 12 processed', () => processed(reports).length === 12);

    const spans = reports.map((r, i) => ({ start: ends[i] - r.invocation.durationMs, end: ends[i] }));
    const overlapAt = (t: number): number => spans.filter((s) => s.start <= t && t < s.end).length;
    const maxOverlap = Math.max(...spans.map((s) => overlapAt(s.start)));
    expect(maxOverlap).toBeLessThanOrEqual(3);
    expect(maxOverlap).toBeGreaterThanOrEqual(2);
    const pids = reports.map((r) => (JSON.parse(r.invocation.logLines[0]) as { pid: number }).pid);
    expect(new Set(pids).size).toBe(3);
    expect(poller.environments()).toHaveLength(3);
  });

  it('returns the batch of a killed execution environment after the visibility timeout', async () => {
    const queues = await createQueues(2, 5);
    await send(queues.url, [{ action: 'sleepOnce', ms: 30_000, id: 'victim' }]);

    const { reports, poller } = poll(queues, {}, 60_000);
    const environment = await waitFor('an environment running the batch', () => poller.environments().find((e) => e.busy() && e.pid()));
    const killedPid = environment.pid();
    environment.kill('SIGKILL');

    await waitFor('the message processed after redelivery', () => processed(reports).includes('victim'), 20_000);
    expect(reports[0].invocation.result.kind).toBe('crashed');
    expect(reports[0].deletedMessageIds).toEqual([]);
    const retry = reports.find((r) => r.deletedMessageIds.length === 1)!;
    expect(retry.records[0].attributes.ApproximateReceiveCount).toBe('2');
    expect(JSON.parse(retry.invocation.logLines[0]).pid).not.toBe(killedPid);
  });

  it('gives the function a context whose remaining time counts down from the function timeout', async () => {
    const queues = await createQueues(30);
    await send(queues.url, [{ action: 'ok', id: 'ctx' }]);

    const { reports } = poll(queues, {}, 4000);
    await waitFor('processed', () => reports.length === 1);

    const line = JSON.parse(reports[0].invocation.logLines[0]) as { remainingMs: number };
    expect(line.remainingMs).toBeGreaterThan(3000);
    expect(line.remainingMs).toBeLessThanOrEqual(4000);
  });
});
