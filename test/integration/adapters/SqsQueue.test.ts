import { createHash } from 'node:crypto';
import { ReceiveMessageCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SqsQueue } from '../../../src/adapters/aws/SqsQueue';
import { DependencyError } from '../../../src/core/errors';
import { createQueues, receiveAll } from '../../helpers/moto';

describe(SqsQueue.name, () => {
  const client = new SQSClient({});

  it('dead-letters the original body with the reason as message attributes', async () => {
    const q = await createQueues(client);
    await new SqsQueue({ client, queueUrl: q.queueUrl, deadLetterUrl: q.dlqUrl }).sendToDeadLetter({
      body: '{"broken"',
      messageId: 'm-1',
      errorClass: 'MalformedJson',
      reason: 'Unexpected end of JSON input',
      eventId: 'e-1',
      source: 'okta',
    });
    const [message] = await receiveAll(client, q.dlqUrl, 1);
    expect(message?.Body).toBe('{"broken"');
    const attrs = Object.fromEntries(Object.entries(message?.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]));
    expect(attrs).toEqual({ errorClass: 'MalformedJson', reason: 'Unexpected end of JSON input', eventId: 'e-1', source: 'okta', originalMessageId: 'm-1' });
  });

  it('dead-letters a body with control characters and ids with escaped control characters', async () => {
    const q = await createQueues(client);
    // JSON escapes are plain text to SQS, but parse into control characters that end up in attributes.
    const body = '{\n\t"detail": {"eventId": "evt\\u0000\\u0007-1"}\r\n}';
    await new SqsQueue({ client, queueUrl: q.queueUrl, deadLetterUrl: q.dlqUrl }).sendToDeadLetter({
      body,
      messageId: 'm-2',
      errorClass: 'MalformedEvent',
      reason: 'detail.eventId:\u0000 bad\n',
      eventId: 'evt\u0000\u0007-1',
      source: 'generic',
    });
    const [message] = await receiveAll(client, q.dlqUrl, 1);
    expect(message?.Body).toBe(body);
    expect(message?.MessageAttributes?.eventId?.StringValue).toBe('evt-1');
    expect(message?.MessageAttributes?.reason?.StringValue).toBe('detail.eventId: bad');
  });

  it('dead-letters a maximum-size body truncated, with bodyTruncated and the SHA-256 of the original', async () => {
    const q = await createQueues(client);
    const body = 'x'.repeat(262_144);
    await new SqsQueue({ client, queueUrl: q.queueUrl, deadLetterUrl: q.dlqUrl }).sendToDeadLetter({
      body,
      messageId: 'm-3',
      errorClass: 'RetriesExhausted',
      reason: 'RetriesExhausted: last error RateLimitError',
    });
    const [message] = await receiveAll(client, q.dlqUrl, 1);
    expect(message?.MessageAttributes?.bodyTruncated?.StringValue).toBe('true');
    expect(message?.MessageAttributes?.bodySha256?.StringValue).toBe(createHash('sha256').update(body).digest('hex'));
    expect(body.startsWith(message?.Body ?? '-')).toBe(true);
  });

  it('extends the visibility of retried records so they do not come straight back', async () => {
    const q = await createQueues(client, { visibilityTimeout: 1 });
    await client.send(new SendMessageCommand({ QueueUrl: q.queueUrl, MessageBody: 'x' }));
    const [message] = await receiveAll(client, q.queueUrl, 1);
    await new SqsQueue({ client, queueUrl: q.queueUrl, deadLetterUrl: q.dlqUrl }).delayRetry([{ receiptHandle: message!.ReceiptHandle!, delaySeconds: 0 }]);
    const again = await client.send(new ReceiveMessageCommand({ QueueUrl: q.queueUrl, WaitTimeSeconds: 2, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(again.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    await new SqsQueue({ client, queueUrl: q.queueUrl, deadLetterUrl: q.dlqUrl }).delayRetry([{ receiptHandle: again.Messages![0]!.ReceiptHandle!, delaySeconds: 60 }]);
    const hidden = await client.send(new ReceiveMessageCommand({ QueueUrl: q.queueUrl, WaitTimeSeconds: 2 }));
    expect(hidden.Messages ?? []).toHaveLength(0);
  });

  it('reports a DLQ that does not exist as a retryable queue failure', async () => {
    const q = await createQueues(client);
    const queue = new SqsQueue({ client, queueUrl: q.queueUrl, deadLetterUrl: `${q.dlqUrl}-missing` });
    const error = await queue.sendToDeadLetter({ body: 'x', messageId: 'm', errorClass: 'E', reason: 'r' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyError);
    expect((error as DependencyError).dependency).toBe('queue');
  });

  it('sends messages to the consumer queue in batches of ten, every one of them', async () => {
    const q = await createQueues(client);
    const bodies = Array.from({ length: 23 }, (_, i) => ({ body: `m-${i}` }));
    await new SqsQueue({ client, queueUrl: q.queueUrl, deadLetterUrl: q.dlqUrl }).sendMessages(bodies);
    const received = await receiveAll(client, q.queueUrl, 23);
    expect(received.map((m) => m.Body).sort()).toEqual(bodies.map((b) => b.body).sort());
  });

  it('splits messages whose bodies together exceed what one batch call may carry', async () => {
    const q = await createQueues(client);
    const bodies = Array.from({ length: 3 }, (_, i) => ({ body: `${i}`.repeat(200_000) }));
    await new SqsQueue({ client, queueUrl: q.queueUrl, deadLetterUrl: q.dlqUrl }).sendMessages(bodies);
    const received = await receiveAll(client, q.queueUrl, 3);
    expect(received.map((m) => m.Body?.[0]).sort()).toEqual(['0', '1', '2']);
  });
});
