import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { ExecutionEnvironment, Invocation } from './executionEnvironment';
import { interpretBatchResult, toLambdaRecord, type BatchVerdict } from './records';

/** The event source mapping's settings, as read from the template. */
export type PollerSettings = {
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly batchSize: number;
  readonly maximumBatchingWindowSeconds: number;
  /** Invocations at once (ScalingConfig.MaximumConcurrency); each has its own execution environment. */
  readonly maximumConcurrency: number;
  readonly reportBatchItemFailures: boolean;
};

/** What happened to one batch. */
export type InvocationReport = {
  readonly environmentId: number;
  readonly records: readonly SQSRecord[];
  readonly invocation: Invocation;
  readonly verdict: BatchVerdict;
  /** The messages deleted from the queue (the successes). */
  readonly deletedMessageIds: readonly string[];
};

/** Options of {@link startPoller}. */
export type PollerOptions = {
  readonly sqs: SQSClient;
  readonly settings: PollerSettings;
  /** Makes the execution environment of one concurrency slot. */
  readonly createEnvironment: (slot: number) => ExecutionEnvironment;
  /** Called after each batch, once its successes are deleted. */
  readonly onInvocation?: (report: InvocationReport) => void;
  readonly log?: (line: string) => void;
  /** Long-poll wait while the queue is empty (SQS allows up to 20 s). */
  readonly waitTimeSeconds?: number;
};

/** A running local event source mapping. */
export type Poller = {
  /** The execution environments started so far (one per concurrency slot). */
  environments(): readonly ExecutionEnvironment[];
  /** True while received messages are held (being collected, invoked or deleted). */
  busy(): boolean;
  /** Stops polling and the environments at once; a batch in flight returns to the queue after its visibility timeout. */
  stop(): Promise<void>;
};

/**
 * Lambda's SQS event source mapping, locally: long-polls the queue, gathers up to `batchSize`
 * messages within the batching window, invokes the function with the records Lambda would build,
 * deletes only the successes and leaves the failures to the visibility timeout and the redrive
 * policy. Runs up to `maximumConcurrency` batches at once.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
export function startPoller(options: PollerOptions): Poller {
  const { sqs, settings } = options;
  const log = options.log ?? (() => {});
  const abort = new AbortController();
  const environments: ExecutionEnvironment[] = [];
  const running = new Map<number, Promise<void>>();
  let collecting = false;
  let stopped = false;

  const receive = async (max: number, waitSeconds: number): Promise<Message[]> => {
    if (stopped) return [];
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: settings.queueUrl,
        MaxNumberOfMessages: Math.min(10, max),
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    return out.Messages ?? [];
  };

  /** A message whose visibility ran out within the window comes again: a batch keeps one copy, with the newest receipt handle. */
  const addUnique = (batch: Message[], messages: readonly Message[]): void => {
    for (const message of messages) {
      const earlier = batch.findIndex((m) => m.MessageId === message.MessageId);
      if (earlier === -1) batch.push(message);
      else {
        log(`message ${message.MessageId} was received twice within one batching window; the batch keeps the newest copy`);
        batch[earlier] = message;
      }
    }
  };

  /** Waits for a first message, then keeps gathering until the batch is full or the window closes. */
  const collectBatch = async (): Promise<Message[]> => {
    const first = await receive(settings.batchSize, options.waitTimeSeconds ?? 20);
    if (!first.length) return first;
    collecting = true;
    const batch: Message[] = [];
    addUnique(batch, first);
    const windowEnds = Date.now() + settings.maximumBatchingWindowSeconds * 1000;
    while (batch.length < settings.batchSize && !stopped) {
      const remainingMs = windowEnds - Date.now();
      if (remainingMs <= 0) break;
      const more = await receive(settings.batchSize - batch.length, Math.min(20, Math.floor(remainingMs / 1000)));
      addUnique(batch, more);
      // WaitTimeSeconds counts whole seconds: in the window's last second, poll again every 100 ms
      // until it closes, as Lambda keeps gathering for the whole window (a 1 s window would otherwise not wait).
      if (!more.length && remainingMs < 1000) await new Promise((resolve) => setTimeout(resolve, Math.min(100, remainingMs)));
    }
    return batch;
  };

  const deleteSucceeded = async (records: readonly SQSRecord[], verdict: BatchVerdict): Promise<string[]> => {
    if (verdict.kind === 'batchFailed') return [];
    const succeeded = records.filter((r) => !verdict.failedMessageIds.has(r.messageId));
    const deleted: string[] = [];
    for (let i = 0; i < succeeded.length; i += 10) {
      const chunk = succeeded.slice(i, i + 10);
      const out = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: settings.queueUrl, Entries: chunk.map((r, n) => ({ Id: String(n), ReceiptHandle: r.receiptHandle })) }));
      for (const failure of out.Failed ?? []) log(`delete of ${chunk[Number(failure.Id)].messageId} failed: ${failure.Code} ${failure.Message}`);
      const ok = new Set((out.Successful ?? []).map((s) => Number(s.Id)));
      deleted.push(...chunk.filter((_, n) => ok.has(n)).map((r) => r.messageId));
    }
    return deleted;
  };

  const invokeInSlot = async (slot: number, messages: readonly Message[]): Promise<void> => {
    try {
      const environment = (environments[slot] ??= options.createEnvironment(slot));
      const records = messages.map((m) => toLambdaRecord(m, settings.queueArn, settings.region));
      const invocation = await environment.invoke({ Records: records });
      const verdict = interpretBatchResult(records, invocation.result, settings.reportBatchItemFailures);
      const deletedMessageIds = await deleteSucceeded(records, verdict);
      options.onInvocation?.({ environmentId: environment.id, records, invocation, verdict, deletedMessageIds });
    } catch (error) {
      if (!stopped) log(`invocation in slot ${slot}: ${(error as Error).message}`);
    }
  };

  /**
   * One receive at a time (as one Lambda poller does): moto can hand one message to two
   * concurrent receives (a check-then-mark race). A batch goes to a free concurrency slot; with
   * every slot busy, nothing more is received until one is free.
   */
  const pollLoop = async (): Promise<void> => {
    const slots = Math.max(1, settings.maximumConcurrency);
    while (!stopped) {
      const free = Array.from({ length: slots }, (_, i) => i).find((i) => !running.has(i));
      if (free === undefined) {
        await Promise.race(running.values());
        continue;
      }
      try {
        const batch = await collectBatch();
        if (!batch.length || stopped) continue;
        const run = invokeInSlot(free, batch).finally(() => running.delete(free));
        running.set(free, run);
      } catch (error) {
        if (stopped) break;
        log(`poller: ${(error as Error).message}`);
        // Back off instead of spinning while the queue is unreachable.
        await new Promise((resume) => setTimeout(resume, 500).unref());
      } finally {
        collecting = false;
      }
    }
  };

  const loop = pollLoop();

  return {
    environments: () => environments.filter(Boolean),
    busy: () => collecting || running.size > 0,
    stop: async () => {
      stopped = true;
      abort.abort();
      await Promise.all(environments.filter(Boolean).map((e) => e.dispose()));
      await loop;
      await Promise.all(running.values());
      // A slot may have made its environment while stopping.
      await Promise.all(environments.filter(Boolean).map((e) => e.dispose()));
    },
  };
}
