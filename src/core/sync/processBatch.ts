import { userKey } from '../events';
import { Outcome } from '../types';
import type { Disposition } from './classify';
import { classifyFailure } from './classify';
import { runBounded } from './concurrency';
import { processGroupTrigger } from './groupTrigger';
import { prepareBatch } from './prepare';
import { processUser } from './processUser';
import { provisionPending } from './provision';
import type { QueueRecord, RecordResult } from './records';
import type { Failure } from './settle';
import { settleFailures } from './settle';
import type { BatchDeps, GroupWork, PendingCreation } from './types';
import { processWickrUserTrigger } from './wickrUserTrigger';

export type { BatchDeps } from './types';

/**
 * Processes one SQS batch. Every record ends in exactly one outcome; records that must be
 * retried come back as `retryLater` after their visibility was extended with backoff; poison
 * goes to the DLQ (and stays `retryLater` if that send fails, so nothing is dropped).
 */
export async function processBatch(records: readonly QueueRecord[], deps: BatchDeps): Promise<RecordResult[]> {
  const results = new Map<string, RecordResult>();
  const failures: Failure[] = [];

  const prepared = await prepareBatch(
    records,
    { store: deps.store, dryRun: deps.dryRun, genericEnabled: deps.genericEnabled, now: deps.clock.now(), maxReceiveCount: deps.maxReceiveCount, directories: deps.directories },
    (t, id) => userKey(t.source, id),
  );
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
  const deferred: Disposition = { action: 'defer', errorClass: 'Deferred', reason: 'not started: time budget spent or Wickr is throttling' };

  const creations: PendingCreation[] = [];
  const take = (outcome: Awaited<ReturnType<typeof processUser>>): void => {
    for (const result of outcome.done) results.set(result.messageId, result);
    for (const { work, disposition } of outcome.failed) fail(work, disposition);
    if (outcome.pending) creations.push(outcome.pending);
  };
  await runBounded(
    [...prepared.users.entries()],
    deps.concurrency,
    async ([key, works]) => take(await processUser(key, works, deps)),
    canStart,
    ([, works]) => {
      for (const w of works) fail(w, deferred);
    },
  );
  // Provisioning (provision.ts): the users found without a Wickr account are created together, in calls of ≤ 50.
  if (creations.length > 0) take(await provisionPending(creations, deps));
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

async function processGroup(work: GroupWork, deps: BatchDeps): Promise<RecordResult | { disposition: Disposition }> {
  try {
    const { outcome, reason } = await processGroupTrigger(work, deps);
    return { messageId: work.record.messageId, outcome, eventId: work.trigger.eventId, source: work.trigger.source, eventType: work.trigger.eventType, reason };
  } catch (error) {
    return { disposition: classifyFailure(error) };
  }
}
