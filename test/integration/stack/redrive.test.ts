import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { copyMessages, isNotImplemented, main, redrive, resolveQueue, stackQueueNames } from '../../../scripts/redrive';
import { startMoveTaskEndpoint } from './helpers/moveTaskEndpoint';

const sqs = new SQSClient({});

/** Creates a stage's events queue and dead-letter queues in moto, named as the stack names them. */
async function createStageQueues(stage: string): Promise<{ queueUrl: string; dlqUrl: string; genericDlqUrl: string; arns: Record<string, string> }> {
  const names = stackQueueNames(stage);
  const create = async (name: string, attributes: Record<string, string> = {}): Promise<{ url: string; arn: string }> => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    return { url: QueueUrl!, arn: Attributes!.QueueArn! };
  };
  const dlq = await create(names.deadLetter.consumer);
  const queue = await create(names.queue, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }) });
  const generic = await create(names.deadLetter.generic);
  return { queueUrl: queue.url, dlqUrl: dlq.url, genericDlqUrl: generic.url, arns: { queue: queue.arn, dlq: dlq.arn } };
}

/** Dead letters as the consumer writes them: the event as body, the reason as attributes. */
async function deadLetter(queueUrl: string, count: number): Promise<string[]> {
  const bodies = Array.from({ length: count }, (_, i) => JSON.stringify({ id: `event-${i}`, source: 'wickr-idp-sync.generic', detail: { n: i } }));
  for (let i = 0; i < count; i += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: bodies.slice(i, i + 10).map((body, j) => ({
          Id: String(j),
          MessageBody: body,
          MessageAttributes: {
            errorClass: { DataType: 'String', StringValue: 'PoisonError' },
            reason: { DataType: 'String', StringValue: 'detail.user.email: expected an email address' },
            eventId: { DataType: 'String', StringValue: `event-${i + j}` },
          },
        })),
      }),
    );
  }
  return bodies;
}

/** Dead letters of the given classes (undefined: no errorClass, as SQS's own redrive leaves them). */
async function classedDeadLetters(queueUrl: string, classes: (string | undefined)[]): Promise<void> {
  for (let i = 0; i < classes.length; i += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: classes.slice(i, i + 10).map((errorClass, j) => ({
          Id: String(j),
          MessageBody: JSON.stringify({ n: i + j, errorClass: errorClass ?? null }),
          ...(errorClass !== undefined && { MessageAttributes: { errorClass: { DataType: 'String', StringValue: errorClass } } }),
        })),
      }),
    );
  }
}

/** A client whose every DeleteMessageBatch spoils the first entry's receipt handle, so SQS fails that entry. */
function clientFailingFirstDelete(): SQSClient {
  const client = new SQSClient({});
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'DeleteMessageBatchCommand') {
        const input = args.input as { Entries: { ReceiptHandle: string }[] };
        input.Entries[0]!.ReceiptHandle = 'not-a-receipt-handle';
      }
      return next(args);
    },
    { step: 'initialize', name: 'spoilFirstDelete' },
  );
  return client;
}

/** Every message now on the queue (moto answers short polls exactly). */
async function receiveAll(queueUrl: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300, MessageAttributeNames: ['All'] }));
    if (Messages.length === 0) return all;
    all.push(...Messages);
  }
}

async function depth(queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(Attributes!.ApproximateNumberOfMessages) + Number(Attributes!.ApproximateNumberOfMessagesNotVisible);
}

const run = async (argv: string[], sqsClient?: SQSClient): Promise<{ code: number; output: string }> => {
  const lines: string[] = [];
  const code = await main(argv, { sqs: sqsClient, out: (line) => lines.push(line) });
  return { code, output: lines.join('\n') };
};

const uniqueStage = (): string => `rd-${randomUUID().slice(0, 8)}`;

describe('redrive against moto', () => {
  it('copies every dead letter back with its body and attributes when StartMessageMoveTask is not implemented', async () => {
    // Prepare
    const stage = uniqueStage();
    const { queueUrl, dlqUrl } = await createStageQueues(stage);
    const bodies = await deadLetter(dlqUrl, 13);

    // Act
    const { code, output } = await run(['--stage', stage]);

    // Assess
    expect(code).toBe(0);
    expect(output).toContain('StartMessageMoveTask is not implemented by this endpoint');
    expect(output).toContain('copied 13 message(s)');
    expect(await depth(dlqUrl)).toBe(0);
    const moved = await receiveAll(queueUrl);
    expect(moved.map((m) => m.Body).sort()).toEqual([...bodies].sort());
    for (const m of moved) {
      expect(m.MessageAttributes?.errorClass?.StringValue).toBe('PoisonError');
      expect(m.MessageAttributes?.eventId?.StringValue).toBe(`event-${(JSON.parse(m.Body!) as { detail: { n: number } }).detail.n}`);
    }
  });

  it('leaves the dead letters where they are when --mode move is asked of an endpoint without the API', async () => {
    const stage = uniqueStage();
    const { dlqUrl } = await createStageQueues(stage);
    await deadLetter(dlqUrl, 3);

    await expect(run(['--stage', stage, '--mode', 'move'])).rejects.toThrow();

    expect(await depth(dlqUrl)).toBe(3);
  });

  it('finds the queues by --dlq-arn and --queue-arn', async () => {
    const { queueUrl, dlqUrl, arns } = await createStageQueues(uniqueStage());
    await deadLetter(dlqUrl, 2);

    const { code } = await run(['--dlq-arn', arns.dlq!, '--queue-arn', arns.queue!, '--mode', 'copy']);

    expect(code).toBe(0);
    expect(await receiveAll(queueUrl)).toHaveLength(2);
  });

  it('copies a delivery dead-letter queue without asking for a move task', async () => {
    const stage = uniqueStage();
    const { queueUrl, genericDlqUrl } = await createStageQueues(stage);
    await deadLetter(genericDlqUrl, 4);

    const { code, output } = await run(['--stage', stage, '--from', 'generic']);

    expect(code).toBe(0);
    expect(output).not.toContain('not implemented');
    expect(output).toContain('copied 4 message(s)');
    expect(await receiveAll(queueUrl)).toHaveLength(4);
  });

  it('runs as `npm run redrive`', async () => {
    const stage = uniqueStage();
    const { queueUrl, genericDlqUrl } = await createStageQueues(stage);
    await deadLetter(genericDlqUrl, 1);

    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn('npm', ['run', '--silent', 'redrive', '--', '--stage', stage, '--from', 'generic'], { cwd: join(__dirname, '../../..'), stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve({ code: exitCode, stdout: out }));
    });

    expect(code).toBe(0);
    expect(stdout).toContain('copied 1 message(s)');
    expect(await receiveAll(queueUrl)).toHaveLength(1);
  });

  it.each([[['--only-class', 'RetriesExhausted,none']], [['--except-class', 'PoisonError']]])(
    'redrives only the dead letters the errorClass filter %j lets through, and leaves the rest visible in the dead-letter queue',
    async (filter) => {
      const stage = uniqueStage();
      const { queueUrl, dlqUrl } = await createStageQueues(stage);
      await classedDeadLetters(dlqUrl, ['PoisonError', 'RetriesExhausted', undefined, 'PoisonError', 'RetriesExhausted', 'RetriesExhausted', undefined, 'PoisonError', 'RetriesExhausted']);

      const { code, output } = await run(['--stage', stage, ...filter]);

      expect(code).toBe(0);
      expect(output).not.toContain('not implemented'); // a filter copies without asking for a move task
      expect(output).toContain('copied 6 message(s)');
      expect(output).toContain('3 left in the dead-letter queue by the errorClass filter');
      const redriven = (await receiveAll(queueUrl)).map((m) => (JSON.parse(m.Body!) as { errorClass: string | null }).errorClass ?? 'none');
      expect(redriven.sort()).toEqual(['RetriesExhausted', 'RetriesExhausted', 'RetriesExhausted', 'RetriesExhausted', 'none', 'none']);
      // Visible again at once, not after the copy's visibility timeout.
      expect((await receiveAll(dlqUrl)).map((m) => m.MessageAttributes?.errorClass?.StringValue)).toEqual(['PoisonError', 'PoisonError', 'PoisonError']);
    },
  );

  it('does not count a message whose delete failed as moved, and says it is on both queues', async () => {
    const stage = uniqueStage();
    const { queueUrl, dlqUrl } = await createStageQueues(stage);
    await deadLetter(dlqUrl, 4);

    const { code, output } = await run(['--stage', stage, '--mode', 'copy'], clientFailingFirstDelete());

    expect(code).toBe(1);
    expect(output).toContain('copied 3 message(s)');
    expect(output).toContain('1 were sent but could not be deleted');
    expect(await receiveAll(queueUrl)).toHaveLength(4);
    expect(await depth(dlqUrl)).toBe(1);
  });

  it('honours --max-per-second when copying', async () => {
    const { dlqUrl } = await createStageQueues(uniqueStage());
    const names = stackQueueNames(uniqueStage());
    const target = await sqs.send(new CreateQueueCommand({ QueueName: names.queue }));
    await deadLetter(dlqUrl, 23);
    // A virtual clock that only the pauses move, and the time of each send on it.
    let now = 0;
    const sends: { at: number; count: number }[] = [];
    const client = new SQSClient({});
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'SendMessageBatchCommand') sends.push({ at: now, count: (args.input as { Entries: unknown[] }).Entries.length });
        return next(args);
      },
      { step: 'initialize', name: 'recordSends' },
    );
    const source = await resolveQueue(client, { arn: (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn! });
    const destination = { url: target.QueueUrl!, arn: 'unused' };

    const result = await copyMessages(client, source, destination, { maxPerSecond: 5, waitSeconds: 0, clock: () => now, sleep: async (ms) => void (now += ms) });

    expect(result).toEqual({ moved: 23, failed: 0, notDeleted: 0, skipped: 0 });
    let before = 0;
    for (const send of sends) {
      expect(send.count).toBeLessThanOrEqual(5);
      // No more than 5 messages per second since the start.
      expect(send.at).toBeGreaterThanOrEqual((before * 1000) / 5);
      before += send.count;
    }
    expect(sends.at(-1)!.at).toBeGreaterThanOrEqual(((23 - sends.at(-1)!.count) * 1000) / 5);
  });

  it('says that moto lists no move tasks when asked for --status', async () => {
    const stage = uniqueStage();
    await createStageQueues(stage);

    const { code, output } = await run(['--stage', stage, '--status']);

    expect(code).toBe(1);
    expect(output).toContain('ListMessageMoveTasks is not implemented by this endpoint');
  });

  it.each([
    [['--mode', 'copy'], 'give --stage'],
    [['--stage', 'x', '--from', 'okta', '--mode', 'move'], 'can only be copied'],
    [['--stage', 'x', '--from', 'elsewhere'], 'unknown --from'],
    [['--stage', 'x', '--max-per-second', '0'], '--max-per-second'],
    [['--dlq-arn', 'arn:aws:sqs:us-east-1:123456789012:a'], 'give both'],
    [['--stage', 'x', '--only-class', 'PoisonError', '--mode', 'move'], 'a move task cannot filter'],
    [['--stage', 'x', '--only-class', 'A', '--except-class', 'B'], 'not both'],
    [['--stage', 'x', '--only-class', ','], 'comma-separated list'],
  ])('refuses %j with a usage message', async (argv, message) => {
    const { code, output } = await run(argv);
    expect(code).toBe(2);
    expect(output).toContain(message);
    expect(output).toContain('usage: npm run redrive');
  });
});

describe('npm run redrive against an endpoint with the move-task API', () => {
  const source = { url: 'http://sqs.local/123456789012/wickr-idp-sync-prod-events-dlq', arn: 'arn:aws:sqs:us-east-1:123456789012:wickr-idp-sync-prod-events-dlq' };
  const destination = { url: 'http://sqs.local/123456789012/wickr-idp-sync-prod-events', arn: 'arn:aws:sqs:us-east-1:123456789012:wickr-idp-sync-prod-events' };

  it('starts a move task from the dead-letter queue to the queue and returns its handle', async () => {
    const endpoint = await startMoveTaskEndpoint({ StartMessageMoveTask: { TaskHandle: 'task-123' } });
    try {
      const client = new SQSClient({ endpoint: endpoint.url });
      const result = await redrive(client, source, destination, { mode: 'auto', maxPerSecond: 50 });
      expect(result).toEqual({ mode: 'move', taskHandle: 'task-123' });
      expect(endpoint.requests).toEqual([{ operation: 'StartMessageMoveTask', input: { SourceArn: source.arn, DestinationArn: destination.arn, MaxNumberOfMessagesPerSecond: 50 } }]);
    } finally {
      await endpoint.close();
    }
  });

  it('prints the move tasks with --status', async () => {
    const endpoint = await startMoveTaskEndpoint({
      GetQueueUrl: { QueueUrl: source.url },
      GetQueueAttributes: { Attributes: { QueueArn: source.arn } },
      ListMessageMoveTasks: { Results: [{ TaskHandle: 'task-123', Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 40, ApproximateNumberOfMessagesToMove: 100, SourceArn: source.arn }] },
    });
    try {
      const { code, output } = await run(['--stage', 'prod', '--status'], new SQSClient({ endpoint: endpoint.url }));
      expect(code).toBe(0);
      expect(output).toBe('RUNNING 40/100 moved task task-123');
      expect(endpoint.requests.map((r) => r.operation)).toEqual(['GetQueueUrl', 'GetQueueAttributes', 'ListMessageMoveTasks']);
      expect(endpoint.requests[0]!.input).toEqual({ QueueName: 'wickr-idp-sync-prod-events-dlq' });
    } finally {
      await endpoint.close();
    }
  });
});

describe('isNotImplemented', () => {
  const sdkError = (name: string, status: number, contentType = 'application/x-amz-json-1.0'): Error =>
    Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, $response: { headers: { 'content-type': contentType } } });

  it.each([
    ['moto: an HTML 500 page instead of an answer', sdkError('SyntaxError', 500, 'text/html; charset=utf-8'), true],
    ['HTTP 501', sdkError('NotImplemented', 501), true],
    ['UnsupportedOperation', sdkError('UnsupportedOperation', 400), true],
    ['an AWS internal error', sdkError('InternalError', 500), false],
    ['access denied', sdkError('AccessDenied', 403), false],
    ['a queue that does not exist', sdkError('QueueDoesNotExist', 400), false],
    ['something that is not an Error', 'boom', false],
  ])('answers for %s', (_label, error, expected) => {
    expect(isNotImplemented(error)).toBe(expected);
  });
});
