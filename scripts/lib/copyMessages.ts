/**
 * Copying dead letters back by hand (receive, send, delete), with the `errorClass` filter and an
 * optional pace: what `npm run redrive` does when a move task cannot (scripts/redrive.ts).
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
/** A queue the tool works on. */
export type QueueRef = { readonly url: string; readonly arn: string };

/** What a copy did. */
export type CopyResult = {
  /** Sent to the destination and deleted from the source. */
  readonly moved: number;
  /** Not accepted by the destination: still in the source. */
  readonly failed: number;
  /** Sent, but the delete failed: on both queues (the consumer de-duplicates by event id). */
  readonly notDeleted: number;
  /** Left in the source by the errorClass filter. */
  readonly skipped: number;
};

/** What a redrive did. */
export type RedriveResult = { readonly mode: 'move'; readonly taskHandle: string } | ({ readonly mode: 'copy' } & CopyResult);

/** The class of a dead letter without an `errorClass` attribute: one SQS moved after maxReceiveCount receives. */
export const UNCLASSIFIED = 'none';

/** Which dead letters to redrive, by their `errorClass` attribute. */
export type ClassFilter = { readonly only: readonly string[] } | { readonly except: readonly string[] };

/** A message's `errorClass` attribute, or {@link UNCLASSIFIED}. */
export function errorClassOf(message: Pick<Message, 'MessageAttributes'>): string {
  return message.MessageAttributes?.errorClass?.StringValue ?? UNCLASSIFIED;
}

/** Whether the filter lets the message through (no filter: every message). */
export function passes(filter: ClassFilter | undefined, message: Pick<Message, 'MessageAttributes'>): boolean {
  if (filter === undefined) return true;
  const errorClass = errorClassOf(message);
  return 'only' in filter ? filter.only.includes(errorClass) : !filter.except.includes(errorClass);
}

/** A received attribute as SendMessage takes it (the reserved list fields left out). */
function sendableAttributes(attributes: Record<string, MessageAttributeValue> | undefined): Record<string, MessageAttributeValue> | undefined {
  if (attributes === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(attributes).map(([name, { DataType, StringValue, BinaryValue }]) => [
      name,
      { DataType, ...(StringValue !== undefined && { StringValue }), ...(BinaryValue !== undefined && { BinaryValue }) },
    ]),
  );
}

/** Options of {@link copyMessages}. */
export type CopyOptions = {
  readonly maxMessages?: number;
  readonly waitSeconds?: number;
  /** At most this many messages sent per second (the rate StartMessageMoveTask would keep). */
  readonly maxPerSecond?: number;
  readonly filter?: ClassFilter;
  /** Injected for tests: the time (ms) and a pause. */
  readonly clock?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
};

/** How long each received batch stays hidden from other receivers while it is copied (s). */
const COPY_VISIBILITY_SECONDS = 60;

/**
 * Copies messages from `source` to `destination` (body and message attributes), deleting each
 * from `source` only after SQS accepted it on `destination`; a message counts as moved only
 * once its delete succeeded. Messages the filter leaves out stay in `source` and are made
 * visible again at the end. Stops when a receive brings nothing new or `maxMessages` were
 * moved. A message may be delivered twice if a delete fails after its send: the consumer
 * de-duplicates by event id.
 */
export async function copyMessages(sqs: SQSClient, source: QueueRef, destination: QueueRef, options: CopyOptions = {}): Promise<CopyResult> {
  const clock = options.clock ?? (() => Date.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const max = options.maxMessages ?? Number.POSITIVE_INFINITY;
  const perCall = Math.min(10, options.maxPerSecond ?? 10);
  const counts = { moved: 0, failed: 0, notDeleted: 0 };
  /** Left in the source: message id → its latest receipt handle. */
  const skipped = new Map<string, string>();
  const started = clock();
  let sent = 0;
  while (counts.moved + counts.notDeleted < max) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: source.url,
        MaxNumberOfMessages: Math.min(perCall, max - counts.moved - counts.notDeleted),
        WaitTimeSeconds: options.waitSeconds ?? 2,
        // Long enough to send and delete the batch; an unsent message reappears afterwards.
        VisibilityTimeout: COPY_VISIBILITY_SECONDS,
        MessageAttributeNames: ['All'],
      }),
    );
    const fresh = Messages.filter((m) => !skipped.has(m.MessageId ?? ''));
    for (const m of Messages) if (skipped.has(m.MessageId ?? '')) skipped.set(m.MessageId ?? '', m.ReceiptHandle ?? '');
    if (fresh.length === 0) break; // empty, or only what the filter already left out
    const chosen = fresh.filter((m) => passes(options.filter, m));
    for (const m of fresh) if (!chosen.includes(m)) skipped.set(m.MessageId ?? '', m.ReceiptHandle ?? '');
    if (chosen.length === 0) continue;

    if (options.maxPerSecond !== undefined) {
      // Send message n no earlier than n / rate seconds after the start.
      const wait = started + (sent * 1000) / options.maxPerSecond - clock();
      if (wait > 0) await sleep(wait);
    }
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: destination.url,
        Entries: chosen.map((m, i) => ({ Id: String(i), MessageBody: m.Body ?? '', MessageAttributes: sendableAttributes(m.MessageAttributes) })),
      }),
    );
    sent += chosen.length;
    counts.failed += result.Failed?.length ?? 0;
    const done = (result.Successful ?? []).map((r) => chosen[Number(r.Id)] as Message);
    if (done.length === 0) break;
    const deleted = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: source.url, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })) }));
    counts.moved += deleted.Successful?.length ?? 0;
    counts.notDeleted += deleted.Failed?.length ?? 0;
  }
  await releaseSkipped(sqs, source, [...skipped.values()]);
  return { ...counts, skipped: skipped.size };
}

/** Makes the messages the filter left out visible again at once, rather than after the copy visibility. */
async function releaseSkipped(sqs: SQSClient, source: QueueRef, receiptHandles: readonly string[]): Promise<void> {
  for (let i = 0; i < receiptHandles.length; i += 10) {
    const entries = receiptHandles.slice(i, i + 10).map((handle, j) => ({ Id: String(j), ReceiptHandle: handle, VisibilityTimeout: 0 }));
    // Best effort: a message not released reappears by itself after the copy visibility.
    await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: source.url, Entries: entries })).catch(() => undefined);
  }
}
