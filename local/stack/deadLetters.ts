import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { subjectOfBody } from './eventNames';

/** A message found in the consumer's dead-letter queue, with the reason it is there. */
export type DeadLetter = { readonly eventId: string; readonly source: string; readonly errorClass: string; readonly reason: string; readonly idpUserId?: string; readonly wickrUserId?: string };

function fromBody(body: string): { eventId?: string; source?: string } {
  try {
    const event = JSON.parse(body) as { source?: unknown; detail?: Record<string, unknown> };
    const id = event.detail?.uuid ?? event.detail?.eventID ?? event.detail?.eventId;
    return { eventId: typeof id === 'string' ? id : undefined, source: typeof event.source === 'string' ? event.source : undefined };
  } catch {
    return {};
  }
}

/**
 * Reads every message of the dead-letter queue without deleting it (each stays invisible for
 * `holdSeconds`). The consumer's own dead letters carry `errorClass`, `reason`, `eventId` and
 * `source` message attributes; a message SQS moved there after maxReceiveCount has none, and is
 * reported as `MaxReceiveCountExceeded`.
 */
export async function readDeadLetters(sqs: SQSClient, queueUrl: string, maxReceiveCount?: number, holdSeconds = 300): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  for (;;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: holdSeconds,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const messages = out.Messages ?? [];
    if (!messages.length) return letters;
    for (const m of messages) {
      const attr = (name: string): string | undefined => m.MessageAttributes?.[name]?.StringValue;
      const body = fromBody(m.Body ?? '');
      const redriven = attr('errorClass') === undefined;
      const subject = subjectOfBody(m.Body ?? '');
      letters.push({
        eventId: attr('eventId') ?? body.eventId ?? '(unknown)',
        source: attr('source') ?? body.source ?? '(unknown)',
        errorClass: attr('errorClass') ?? 'MaxReceiveCountExceeded',
        reason: attr('reason') ?? (redriven ? `moved by SQS after ${maxReceiveCount ?? 'maxReceiveCount'} receives without success` : ''),
        ...(subject.idpUserId !== undefined && { idpUserId: subject.idpUserId }),
        ...(subject.wickrUserId !== undefined && { wickrUserId: subject.wickrUserId }),
      });
    }
  }
}
