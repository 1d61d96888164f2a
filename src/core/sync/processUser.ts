import { Outcome } from '../types';
import type { BatchDeps } from './batchDeps';
import type { Disposition } from './classify';
import { classifyFailure } from './classify';
import type { UserState } from '../ports';
import type { UserWork } from './prepare';
import type { PendingCreation } from './provision';
import type { RecordResult } from './records';
import { syncUser } from './syncUser';
import type { UserWorkResult } from './userLease';
import { withUserState } from './userLease';

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
    messageId: w.record.messageId,
    outcome,
    eventId: w.trigger.eventId,
    source: w.trigger.source,
    eventType: w.trigger.eventType,
    ...extra,
  });
  let begun: UserState | undefined;
  try {
    const { state } = await withUserState(
      key,
      works.map((w) => w.eventKey),
      deps,
      async (state): Promise<UserWorkResult> => {
        begun = state;
        const fresh = works.filter((w) => !state.processed.has(w.eventKey));
        // Found processed only after the lease was taken (marks kept outside the item): just release it.
        if (fresh.length === 0) return { end: { processed: [] } };
        // One re-read of the truth covers every trigger for this user; the newest event leads
        // (at the same time, the greater event id, as for a link's watermark).
        fresh.sort((a, b) => a.trigger.occurredAt.localeCompare(b.trigger.occurredAt) || (a.trigger.eventId < b.trigger.eventId ? -1 : 1));
        const lead = fresh[fresh.length - 1] as UserWork;
        const { trigger } = lead;
        const request = {
          source: trigger.source,
          idpUserId: lead.idpUserId,
          eventId: trigger.eventId,
          occurredAt: trigger.occurredAt,
          state: trigger.state,
          deleted: trigger.deleted,
          loginHint: trigger.loginHint,
          // A deletion asked by the reconcile holds whichever trigger leads: the sync re-checks it.
          ...(fresh.some((w) => w.trigger.intent === 'delete') && { intent: 'delete' as const }),
        };
        const result = await syncUser(request, deps, state.link);
        if (result.creation) {
          out.pending = { key, works: fresh, lead, request, creation: result.creation, state };
          return { keep: true };
        }
        for (const w of fresh) {
          out.done.push(
            w === lead
              ? resultOf(w, result.outcome as Outcome, { wickrUserId: result.wickrUserId, changed: result.changed, reason: result.reason })
              : resultOf(w, Outcome.Unchanged, { wickrUserId: result.wickrUserId, reason: `covered by event ${trigger.eventId} in the same batch` }),
          );
        }
        // A dry run marks nothing: going live later must apply what it only previewed.
        return { end: { processed: fresh.map((w) => w.eventKey), ...(result.link !== undefined && { link: result.link }) } };
      },
    );
    for (const w of works) if (state.processed.has(w.eventKey)) out.done.push(resultOf(w, Outcome.Duplicate));
  } catch (error) {
    // Only the records found already processed are settled; the rest are retried (the sync is
    // repeatable, and nothing was marked: the marks are the end's write).
    const disposition = classifyFailure(error);
    const processed = begun?.processed ?? new Set<string>();
    out.done = works.filter((w) => processed.has(w.eventKey)).map((w) => resultOf(w, Outcome.Duplicate));
    out.pending = undefined;
    for (const w of works) if (!processed.has(w.eventKey)) out.failed.push({ work: w, disposition });
  }
  return out;
}
