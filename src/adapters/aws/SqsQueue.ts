import { ChangeMessageVisibilityBatchCommand, SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import type { DeadLetter, QueuePort } from '../../core/ports';
import { deadLetterMessage } from './deadLetterMessage';
import { fromAwsError } from './sdkErrors';

/** Options of {@link SqsQueue}. */
export type SqsQueueOptions = {
  readonly client: SQSClient;
  /** The consumer queue, for ChangeMessageVisibility. */
  readonly queueUrl: string;
  /** The consumer dead-letter queue. */
  readonly deadLetterUrl: string;
};

/**
 * The consumer's SQS side: poison to the DLQ with its reason as message attributes (visible
 * in the console's "Poll for messages"), and backoff for retried records through
 * ChangeMessageVisibility (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html).
 */
export class SqsQueue implements QueuePort {
  readonly #client: SQSClient;
  readonly #queueUrl: string;
  readonly #dlqUrl: string;

  public constructor(options: SqsQueueOptions) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
    this.#dlqUrl = options.deadLetterUrl;
  }

  /** Sends the letter as {@link deadLetterMessage} shapes it: within SQS's characters and size, whatever the input. */
  public async sendToDeadLetter(letter: DeadLetter): Promise<void> {
    const { body, attributes } = deadLetterMessage(letter);
    try {
      await this.#client.send(new SendMessageCommand({ QueueUrl: this.#dlqUrl, MessageBody: body, MessageAttributes: attributes }));
    } catch (error) {
      throw fromAwsError(error, 'queue', 'SQS SendMessage (dead letter)');
    }
  }

  public async delayRetry(entries: readonly { receiptHandle: string; delaySeconds: number }[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 10) {
      const chunk = entries.slice(i, i + 10);
      try {
        const out = await this.#client.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: this.#queueUrl,
            Entries: chunk.map((e, j) => ({ Id: String(i + j), ReceiptHandle: e.receiptHandle, VisibilityTimeout: Math.min(43_200, Math.max(0, e.delaySeconds)) })),
          }),
        );
        if (out.Failed?.length) throw new Error(`${out.Failed.length} visibility changes failed: ${out.Failed.map((f) => f.Code).join(', ')}`);
      } catch (error) {
        throw fromAwsError(error, 'queue', 'SQS ChangeMessageVisibilityBatch');
      }
    }
  }

  /**
   * SendMessageBatch to the consumer queue: at most ten messages and 256 KiB a call, up to
   * {@link SEND_CONCURRENCY} calls in flight (a 10,000-member fan-out is 1,000 calls). Entries
   * SQS refuses are sent once more, and if any still fails the whole call throws, so the caller
   * retries (receivers de-duplicate by event id).
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
   */
  public async sendMessages(messages: readonly { body: string; delaySeconds?: number }[]): Promise<void> {
    const chunks = batchesOf(messages);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < chunks.length) await this.#sendBatch(chunks[next++] as SendMessageBatchRequestEntry[]);
    };
    await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, chunks.length) }, worker));
  }

  async #sendBatch(batch: SendMessageBatchRequestEntry[]): Promise<void> {
    let entries = batch;
    for (let attempt = 0; entries.length > 0; attempt += 1) {
      let failedIds: string[];
      try {
        const out = await this.#client.send(new SendMessageBatchCommand({ QueueUrl: this.#queueUrl, Entries: entries }));
        failedIds = (out.Failed ?? []).map((f) => f.Id ?? '');
        if (failedIds.length > 0 && attempt >= 1) {
          throw new Error(`${failedIds.length} of ${entries.length} messages not sent: ${(out.Failed ?? []).map((f) => f.Code).join(', ')}`);
        }
      } catch (error) {
        throw fromAwsError(error, 'queue', 'SQS SendMessageBatch');
      }
      entries = entries.filter((e) => failedIds.includes(e.Id ?? ''));
    }
  }
}

/** SendMessageBatch calls in flight at once. */
const SEND_CONCURRENCY = 8;
/** SQS's limits for one SendMessageBatch: entries, and the bodies' total size. */
const BATCH_ENTRIES = 10;
const BATCH_BYTES = 262_144;

/** Groups messages into SendMessageBatch entries within SQS's count and size limits. */
function batchesOf(messages: readonly { body: string; delaySeconds?: number }[]): SendMessageBatchRequestEntry[][] {
  const batches: SendMessageBatchRequestEntry[][] = [];
  let current: SendMessageBatchRequestEntry[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = Buffer.byteLength(m.body, 'utf8');
    if (current.length === BATCH_ENTRIES || (current.length > 0 && bytes + size > BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push({
      Id: String(current.length),
      MessageBody: m.body,
      ...(m.delaySeconds !== undefined && { DelaySeconds: Math.min(900, Math.max(0, Math.round(m.delaySeconds))) }),
    });
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
