import { userKey } from '../events';
import type { Clock, QueuePort, Random } from '../ports';
import { Outcome } from '../types';
import type { Disposition } from './classify';
import { classifyFailure } from './classify';
import { runBounded } from './concurrency';
import { processGroupTrigger } from './groupTrigger';
import type { GroupWork, UserWork } from './prepare';
import { prepareBatch } from './prepare';
import type { QueueRecord, RecordResult } from './records';
import type { RetryDelayPolicy } from './backoff';
import { retryDelaySeconds } from './backoff';
import type { SyncDeps } from './syncUser';
import { syncUser } from './syncUser';
import { processWickrUserTrigger } from './wickrUserTrigger';

/** Everything one batch needs besides the records. */
export type BatchDeps = SyncDeps & {
  readonly queue: QueuePort;
  /** Users processed at once in this invocation. */
  readonly concurrency: number;
  /** Identifies this invocation as the holder of per-user leases. */
  readonly owner: string;
  /** How long a per-user lease lasts if never released (a crashed invocation). */
  readonly leaseMs: number;
  /** Epoch ms after which no new user is started (the invocation's time budget). */
  readonly startDeadline: number;
  /** True while most Wickr calls are throttled: stop starting new users and hand them back. */
  readonly shouldPause: () => boolean;
  readonly clock: Clock;
  readonly random: Random;
  readonly retryDelay?: RetryDelayPolicy;
};

/**
 * Processes one SQS batch. Every record ends in exactly one outcome; records that must be
 * retried come back as `retryLater` after their visibility was extended with backoff; poison
 * goes to the DLQ (and stays `retryLater` if that send fails, so nothing is dropped).
 */
export async function processBatch(records: readonly QueueRecord[], deps: BatchDeps): Promise<RecordResult[]> {
  const results = new Map<string, RecordResult>();
  const failures: { record: QueueRecord; disposition: Disposition; meta: Partial<RecordResult> }[] = [];

  const prepared = await prepareBatch(records, deps.store, (t, id) => userKey(t.source, id));
  for (const [record, end] of prepared.ended) {
    const { messageId } = record;
    const { event } = end;
    const meta = { eventId: event?.eventId, source: event && 'source' in event ? event.source : undefined, eventType: event?.eventType };
    if (end.kind === 'ignored') results.set(messageId, { messageId, outcome: Outcome.Ignored, reason: end.reason, ...meta });
    else if (end.kind === 'duplicate') results.set(messageId, { messageId, outcome: Outcome.Duplicate, ...meta });
    else failures.push({ record, disposition: end.disposition, meta });
  }

  const fail = (work: { record: QueueRecord; trigger: { eventId: string; source: string; eventType: string } }, disposition: Disposition): void => {
    failures.push({ record: work.record, disposition, meta: { eventId: work.trigger.eventId, source: work.trigger.source, eventType: work.trigger.eventType } });
  };
  const canStart = (): boolean => deps.clock.now() < deps.startDeadline && !deps.shouldPause();
  const deferred: Disposition = { action: 'retry', throttled: false, errorClass: 'Deferred', reason: 'not started: time budget spent or Wickr is throttling' };

  await runBounded(
    [...prepared.users.entries()],
    deps.concurrency,
    async ([key, works]) => {
      const outcome = await processUser(key, works, deps);
      for (const result of outcome.done) results.set(result.messageId, result);
      for (const { work, disposition } of outcome.failed) fail(work, disposition);
    },
    canStart,
    ([, works]) => works.forEach((w) => fail(w, deferred)),
  );
  for (const work of prepared.groups) {
    if (!canStart()) {
      fail(work, deferred);
      continue;
    }
    const result = await processGroup(work, deps);
    if ('disposition' in result) fail(work, result.disposition);
    else results.set(work.record.messageId, result);
  }

  // Hook for the reconcile's unmanaged users (wickrUserTrigger.ts): one Wickr user each, no IdP read.
  for (const work of prepared.wickrUsers) {
    const meta = { eventId: work.trigger.eventId, source: 'reconcile', eventType: work.trigger.eventType };
    if (!canStart()) {
      failures.push({ record: work.record, disposition: deferred, meta });
      continue;
    }
    try {
      const { outcome, reason } = await processWickrUserTrigger(work, deps);
      results.set(work.record.messageId, { messageId: work.record.messageId, outcome, wickrUserId: work.trigger.wickrUserId, reason, ...meta });
    } catch (error) {
      failures.push({ record: work.record, disposition: classifyFailure(error), meta });
    }
  }

  await settleFailures(failures, results, deps);
  return records.map((r) => results.get(r.messageId) as RecordResult);
}

type UserOutcome = { done: RecordResult[]; failed: { work: UserWork; disposition: Disposition }[] };

/** One user's records, under that user's lease: drop already-processed events, then sync once. */
async function processUser(key: string, works: UserWork[], deps: BatchDeps): Promise<UserOutcome> {
  const out: UserOutcome = { done: [], failed: [] };
  const resultOf = (w: UserWork, outcome: Outcome, extra: Partial<RecordResult> = {}): RecordResult => ({
    messageId: w.record.messageId, outcome, eventId: w.trigger.eventId, source: w.trigger.source, eventType: w.trigger.eventType, ...extra,
  });
  let leased = false;
  try {
    leased = await deps.store.acquireLease(key, deps.owner, deps.leaseMs);
    if (!leased) {
      const busy: Disposition = { action: 'retry', throttled: false, errorClass: 'UserBusy', reason: 'another invocation is syncing this user' };
      return { done: [], failed: works.map((work) => ({ work, disposition: busy })) };
    }
    const fresh: UserWork[] = [];
    for (const w of works) {
      if (await deps.store.isProcessed(w.eventKey)) {
        out.done.push(resultOf(w, Outcome.Duplicate));
      } else fresh.push(w);
    }
    if (fresh.length === 0) return out;
    // One re-read of the truth covers every trigger for this user; the newest event leads.
    fresh.sort((a, b) => a.trigger.occurredAt.localeCompare(b.trigger.occurredAt));
    const lead = fresh[fresh.length - 1] as UserWork;
    const { trigger } = lead;
    const result = await syncUser(
      { source: trigger.source, idpUserId: lead.idpUserId, eventId: trigger.eventId, occurredAt: trigger.occurredAt, state: trigger.state, deleted: trigger.deleted, loginHint: trigger.loginHint },
      deps,
    );
    for (const w of fresh) await deps.store.markProcessed(w.eventKey);
    for (const w of fresh) {
      out.done.push(
        w === lead
          ? resultOf(w, result.outcome, { wickrUserId: result.wickrUserId, changed: result.changed, reason: result.reason })
          : resultOf(w, Outcome.Unchanged, { wickrUserId: result.wickrUserId, reason: `covered by event ${trigger.eventId} in the same batch` }),
      );
    }
  } catch (error) {
    // Only the records found already processed are settled; the rest are retried (the sync is repeatable).
    const disposition = classifyFailure(error);
    const duplicates = new Set(out.done.filter((r) => r.outcome === Outcome.Duplicate).map((r) => r.messageId));
    out.done = out.done.filter((r) => duplicates.has(r.messageId));
    for (const w of works) if (!duplicates.has(w.record.messageId)) out.failed.push({ work: w, disposition });
  } finally {
    if (leased) await deps.store.releaseLease(key, deps.owner).catch(() => undefined);
  }
  return out;
}

async function processGroup(work: GroupWork, deps: BatchDeps): Promise<RecordResult | { disposition: Disposition }> {
  try {
    const outcome = await processGroupTrigger(work, deps);
    return { messageId: work.record.messageId, outcome, eventId: work.trigger.eventId, source: work.trigger.source, eventType: work.trigger.eventType };
  } catch (error) {
    return { disposition: classifyFailure(error) };
  }
}

/** Sends poison to the DLQ and backs off retries; a failed DLQ send turns into a retry. */
async function settleFailures(
  failures: { record: QueueRecord; disposition: Disposition; meta: Partial<RecordResult> }[],
  results: Map<string, RecordResult>,
  deps: BatchDeps,
): Promise<void> {
  const retries: { record: QueueRecord; delaySeconds: number }[] = [];
  for (const { record, disposition, meta } of failures) {
    const base = { ...meta, messageId: record.messageId, errorClass: disposition.errorClass, reason: disposition.reason };
    if (disposition.action === 'deadLetter') {
      try {
        await deps.queue.sendToDeadLetter({ body: record.body, messageId: record.messageId, errorClass: disposition.errorClass, reason: disposition.reason, eventId: meta.eventId, source: meta.source });
        results.set(record.messageId, { ...base, outcome: Outcome.DeadLettered });
        continue;
      } catch (error) {
        deps.logger.error('dead-letter send failed; the record will be retried', { messageId: record.messageId, error: classifyFailure(error).reason });
      }
    }
    results.set(record.messageId, { ...base, outcome: Outcome.RetryLater });
    retries.push({ record, delaySeconds: retryDelaySeconds(record.receiveCount, deps.random, deps.retryDelay) });
  }
  if (retries.length === 0) return;
  try {
    await deps.queue.delayRetry(retries.map((r) => ({ receiptHandle: r.record.receiptHandle, delaySeconds: r.delaySeconds })));
  } catch (error) {
    // The queue's own visibility timeout still applies; the records are not lost.
    deps.logger.warn('could not extend visibility of retried records', { count: retries.length, error: classifyFailure(error).reason });
  }
}
