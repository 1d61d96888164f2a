import { Outcome } from '../types';
import type { BatchDeps } from './batchDeps';
import type { Disposition } from './classify';
import { classifyFailure } from './classify';
import type { UserWork } from './prepare';
import type { PendingCreation } from './provision';
import type { RecordResult } from './records';
import { syncUser } from './syncUser';
import { withUserLease } from './userLease';

/** How one user's records ended: settled, or to be settled as failures. */
export type UserOutcome = {
  done: RecordResult[];
  failed: { work: UserWork; disposition: Disposition }[];
  /** The user's account is to be created with the invocation's other creations; its lease is kept until then. */
  pending?: PendingCreation;
};

/** One user's records, under that user's lease: drop already-processed events, then sync once. */
export async function processUser(key: string, works: UserWork[], deps: BatchDeps): Promise<UserOutcome> {
  const out: UserOutcome = { done: [], failed: [] };
  const resultOf = (w: UserWork, outcome: Outcome, extra: Partial<RecordResult> = {}): RecordResult => ({
    messageId: w.record.messageId, outcome, eventId: w.trigger.eventId, source: w.trigger.source, eventType: w.trigger.eventType, ...extra,
  });
  try {
    await withUserLease(key, deps, async () => {
      const fresh: UserWork[] = [];
      for (const w of works) {
        if (await deps.store.isProcessed(w.eventKey)) out.done.push(resultOf(w, Outcome.Duplicate));
        else fresh.push(w);
      }
      if (fresh.length === 0) return false;
      // One re-read of the truth covers every trigger for this user; the newest event leads
      // (at the same time, the greater event id, as for a link's watermark).
      fresh.sort((a, b) => a.trigger.occurredAt.localeCompare(b.trigger.occurredAt) || (a.trigger.eventId < b.trigger.eventId ? -1 : 1));
      const lead = fresh[fresh.length - 1] as UserWork;
      const { trigger } = lead;
      const request = { source: trigger.source, idpUserId: lead.idpUserId, eventId: trigger.eventId, occurredAt: trigger.occurredAt, state: trigger.state, deleted: trigger.deleted, loginHint: trigger.loginHint };
      const result = await syncUser(request, deps);
      if (result.creation) {
        out.pending = { key, works: fresh, lead, request, creation: result.creation };
        return true;
      }
      // A dry run marks nothing: going live later must apply what it only previewed.
      if (!deps.dryRun) for (const w of fresh) await deps.store.markProcessed(w.eventKey);
      for (const w of fresh) {
        out.done.push(
          w === lead
            ? resultOf(w, result.outcome as Outcome, { wickrUserId: result.wickrUserId, changed: result.changed, reason: result.reason })
            : resultOf(w, Outcome.Unchanged, { wickrUserId: result.wickrUserId, reason: `covered by event ${trigger.eventId} in the same batch` }),
        );
      }
      return false;
    }, (keep) => keep);
  } catch (error) {
    // Only the records found already processed are settled; the rest are retried (the sync is repeatable).
    const disposition = classifyFailure(error);
    const duplicates = new Set(out.done.filter((r) => r.outcome === Outcome.Duplicate).map((r) => r.messageId));
    out.done = out.done.filter((r) => duplicates.has(r.messageId));
    for (const w of works) if (!duplicates.has(w.record.messageId)) out.failed.push({ work: w, disposition });
  }
  return out;
}
