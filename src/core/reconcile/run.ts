/**
 * One invocation of a reconcile run. A run takes the single run record (the lock, which
 * expires), reads both sides into a snapshot, plans, then sends one ResyncUser per drifted
 * user and writes the links it established, then records the Identity Center group members
 * (members.ts), checkpointing as it goes. When the invocation's time is nearly spent it hands
 * the run to a fresh invocation (a Lambda async self-invoke, or a loop locally). A crash loses at most the work since the last checkpoint, and redoing it is
 * harmless: links are absolute, and each message id `<runId>:<idpUserId>` is de-duplicated by
 * the consumer.
 */
import { DependencyError } from '../errors';
import { ResyncAction, ResyncOrigin, resyncMessageBody } from '../events/resync';
import { parseMappingConfig } from '../mapping';
import type { Clock, DirectoryLister, Logger, QueuePort, WickrListPort } from '../ports';
import type { MappingConfig } from '../types';
import { recordSuspensions } from './deletions';
import { GuardReason, checkLimits, checkListings, mappingWarnings } from './guard';
import { groupRefs, loadSnapshot, readListings } from './listing';
import { writeSliceLinks } from './links';
import type { ContinuationPort, ReconcileStore, RunRecord } from './ports';
import { RunStatus, SNAPSHOT_UNREADABLE } from './ports';
import { listedGroupIds, recordGroupMembers } from './members';
import { emptyCounts, reconcile } from './reconcile';
import type { InvocationOutcome, PlanLine, ReconcileCheckpoint, ReconcilePayload, RunResult } from './runTypes';
import { RunEndReason } from './runTypes';
import { chooseRun } from './runStart';
import type { ReconcileAction, ReconcileCounts, ReconcileOutcome } from './types';
import { ActionReason } from './types';

/** Users handled between two checkpoints of the send phase. */
export const SEND_SLICE = 250;
/** Plan lines kept in a result (the run record must stay far below DynamoDB's 400 KB). */
export const PLAN_LINES_MAX = 500;
/** How long a handed-over run waits for its continuation to start before anyone may take it. */
const HANDOFF_LEASE_MS = 5 * 60_000;
/** A holder's lease runs this long past its own deadline, then the run is free to be resumed. */
const LEASE_MARGIN_MS = 60_000;

/** Everything a run needs; the handler builds the real ones, tests and the local runner fakes. */
export type RunDeps = {
  readonly store: ReconcileStore;
  readonly wickr: WickrListPort;
  readonly listers: readonly DirectoryLister[];
  readonly queue: QueuePort;
  readonly continuation: ContinuationPort;
  /** The mapping when a run starts; a run keeps the one it started with. */
  readonly mapping: MappingConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly newRunId: () => string;
  /** This invocation's id (the Lambda request id). */
  readonly invocationId: string;
  /** Epoch ms by which this invocation must have saved and handed over. */
  readonly deadline: number;
};

/** Starts, resumes or continues a run, and works on it until it finishes or the time is up. */
export async function runReconcileInvocation(payload: ReconcilePayload, deps: RunDeps): Promise<InvocationOutcome> {
  const now = deps.clock.now();
  const stored = await deps.store.getRun();

  const chosen = chooseRun(payload, stored, now, deps);
  if ('answer' in chosen) return chosen.answer;
  const base = chosen.base;
  let run: RunRecord = {
    ...base,
    owner: deps.invocationId,
    leaseUntil: deps.deadline + LEASE_MARGIN_MS,
    version: base.version + 1,
    checkpoint: { ...base.checkpoint, invocations: base.checkpoint.invocations + 1 },
  };
  if (!(await deps.store.putRun(run, stored?.version ?? null))) {
    return { status: 'inProgress', runId: run.runId, message: 'another invocation took the run first' };
  }
  deps.logger.info('reconcile: working', { runId: run.runId, phase: run.checkpoint.phase, invocation: run.checkpoint.invocations });

  const save = async (checkpoint: ReconcileCheckpoint, extra: Partial<RunRecord> = {}): Promise<boolean> => {
    const next: RunRecord = { ...run, ...extra, checkpoint, version: run.version + 1 };
    if (!(await deps.store.putRun(next, run.version))) return false;
    run = next;
    return true;
  };
  const lost = (): InvocationOutcome => ({ status: 'inProgress', runId: run.runId, message: 'another invocation took the run over' });
  const timeUp = (): boolean => deps.clock.now() >= deps.deadline;
  // Parsed again: a run stored by an earlier release lacks the fields added since (their defaults apply).
  const mapping = parseMappingConfig(run.mapping);

  const work = async (): Promise<InvocationOutcome> => {
    if (run.checkpoint.phase === 'list') {
      let listed: Awaited<ReturnType<typeof readListings>>;
      try {
        listed = await readListings(run.runId, run.checkpoint, groupRefs(mapping, run.request), { store: deps.store, wickr: deps.wickr, listers: deps.listers, timeUp, save });
      } catch (error) {
        if (!(error instanceof DependencyError) || (error.dependency !== 'directory' && error.dependency !== 'wickr')) throw error;
        // A failure, not the guard: the errors alarm covers it, the guard alarm stays for plans that were stopped.
        const reason = error.dependency === 'directory' ? GuardReason.IdpListingFailed : RunEndReason.WickrListingFailed;
        return finish(run, deps, { status: 'failed', counts: emptyCounts(run.request.dryRun), reason, message: error.message, actions: [] }, save);
      }
      if (listed.state === 'lost') return lost();
      if (listed.state === 'paused') return handOver(run, listed.checkpoint, deps, save);
    }

    let snapshot = await loadSnapshot(run.runId, run.checkpoint, deps.store);
    // Under `deprovisioning`, the recorded suspensions join the snapshot once (deletions.ts).
    const withSuspensions = run.checkpoint.phase === 'list' ? await recordSuspensions(run.runId, run.checkpoint, snapshot, mapping, deps.store) : null;
    if (withSuspensions) {
      if (!(await save(withSuspensions.checkpoint))) return lost();
      snapshot = { ...snapshot, suspensions: withSuspensions.entries };
    }
    const outcome = reconcile({
      mapping,
      ...snapshot,
      now: run.startedAt,
      filter: { ...(run.request.user !== undefined && { user: run.request.user }), ...(run.request.group !== undefined && { group: run.request.group }) },
    });
    const counts: ReconcileCounts = { ...outcome.counts, dryRun: run.request.dryRun === true };
    const warnings = mappingWarnings(snapshot.sources, mapping);

    if (run.checkpoint.phase === 'list') {
      for (const warning of warnings) deps.logger.warn('reconcile: mapping warning', { runId: run.runId, warning });
      const verdict = checkListings(snapshot.sources, snapshot.wickrUsers, mapping) ?? (run.request.allowMassChange ? null : checkLimits(counts, outcome.managed, mapping.guard));
      if (verdict) {
        const { toSuspend, toCreate, toChangeGroup, toPromote, toDelete } = counts;
        deps.logger.warn('reconcile: guard tripped, nothing sent', { runId: run.runId, reason: verdict.reason, toSuspend, toCreate, toChangeGroup, toPromote, toDelete, managed: outcome.managed });
        return finish(
          run,
          deps,
          { status: 'guardTripped', counts: { ...counts, guardTripped: true, linksWritten: 0 }, reason: verdict.reason, message: verdict.message, actions: outcome.actions, warnings, named: outcome },
          save,
        );
      }
      if (run.request.dryRun) return finish(run, deps, { status: 'succeeded', counts: { ...counts, linksWritten: 0 }, actions: outcome.actions, warnings, named: outcome }, save);
      if (!(await save({ ...run.checkpoint, phase: 'send' }))) return lost();
    }

    let checkpoint = run.checkpoint;
    const { actions } = outcome;
    let groupsOf: ReadonlyMap<string, readonly string[]> | undefined;
    let sentNow = false;
    // At least one slice per invocation: the plan alone may use a short turn's time.
    for (let first = true; checkpoint.sent < actions.length; first = false, sentNow = true) {
      if (!first && timeUp()) return handOver(run, checkpoint, deps, save);
      const slice = actions.slice(checkpoint.sent, checkpoint.sent + SEND_SLICE);
      // Links first, each owning its Wickr user (links.ts): the consumer then finds the Wickr user by link, as it will for every later event.
      const linked = await writeSliceLinks(slice, deps.store, () => (groupsOf ??= listedGroupIds(snapshot.sources)));
      const requestedAt = new Date(deps.clock.now()).toISOString();
      const messages = linked.toSend.filter((a) => a.fields.length > 0).map((a) => ({ body: messageBody(run.runId, a, requestedAt) }));
      if (messages.length > 0) await deps.queue.sendMessages(messages);
      const ownerConflicts = (checkpoint.ownerConflicts ?? 0) + linked.conflicts;
      checkpoint = {
        ...checkpoint,
        sent: checkpoint.sent + slice.length,
        messagesSent: checkpoint.messagesSent + messages.length,
        linksWritten: checkpoint.linksWritten + linked.written,
        ...(ownerConflicts > 0 && { ownerConflicts }),
      };
      if (!(await save(checkpoint))) return lost();
    }
    // Then the group members and membership ids, so the event path reaches users in line at the bootstrap (members.ts).
    if (checkpoint.phase === 'send') {
      checkpoint = { ...checkpoint, phase: 'members' };
      if (!(await save(checkpoint))) return lost();
    }
    const recorded = await recordGroupMembers(run.runId, checkpoint, { store: deps.store, timeUp, save, progressed: sentNow });
    if (recorded.state === 'lost') return lost();
    if (recorded.state === 'paused') return handOver(run, recorded.checkpoint, deps, save);
    checkpoint = recorded.checkpoint;
    deps.logger.info('reconcile: group members recorded', { runId: run.runId, itemsWritten: checkpoint.members?.written ?? 0 });
    const conflicts = counts.conflicts + (checkpoint.ownerConflicts ?? 0);
    return finish(
      run,
      deps,
      { status: 'succeeded', counts: { ...counts, messagesSent: checkpoint.messagesSent, linksWritten: checkpoint.linksWritten, conflicts }, actions, warnings, named: outcome },
      save,
    );
  };
  try {
    return await work();
  } catch (error) {
    if (isSnapshotUnreadable(error)) {
      // Resuming it would fail the same way for every later request: end it, so the next one starts fresh.
      deps.logger.error('reconcile: snapshot unreadable, run abandoned', { runId: run.runId, phase: run.checkpoint.phase, error: error.message });
      const message = `the run's snapshot cannot be read (${error.message}); run ${run.runId} is abandoned and the next request starts a fresh run`;
      return finish(run, deps, { status: 'failed', counts: emptyCounts(run.request.dryRun), reason: RunEndReason.SnapshotUnreadable, message, actions: [] }, save);
    }
    // Free the run at once: Lambda's retry of this invocation, or the next start, resumes it
    // from the last checkpoint. (A crash cannot do this; its lease simply runs out.)
    await deps.store.putRun({ ...run, owner: '', leaseUntil: 0, version: run.version + 1 }, run.version).catch(() => false);
    throw error;
  }
}

/** A snapshot chunk that is gone (expired through TTL) or cannot be decoded: a retry cannot help. */
function isSnapshotUnreadable(error: unknown): error is DependencyError {
  return error instanceof DependencyError && error.dependency === 'store' && error.code === SNAPSHOT_UNREADABLE;
}

function messageBody(runId: string, action: ReconcileAction, requestedAt: string): string {
  if (action.source === undefined || action.idpUserId === undefined) {
    // Wickr-targeted: an unmanaged user to suspend, or an expired invitation to renew.
    const wickrAction = action.reason === ActionReason.Reinvite ? ResyncAction.Reinvite : ResyncAction.Suspend;
    return resyncMessageBody({ runId, origin: ResyncOrigin.Reconcile, wickrUserId: action.wickrUserId as string, action: wickrAction, requestedAt });
  }
  const intent = action.reason === ActionReason.Delete ? { action: ResyncAction.Delete } : {};
  return resyncMessageBody({ runId, origin: ResyncOrigin.Reconcile, source: action.source as 'okta', idpUserId: action.idpUserId, ...intent, requestedAt });
}

/** Saves the checkpoint under a hand-off token, then asks for a fresh invocation carrying it. */
async function handOver(run: RunRecord, checkpoint: ReconcileCheckpoint, deps: RunDeps, save: (c: ReconcileCheckpoint, extra?: Partial<RunRecord>) => Promise<boolean>): Promise<InvocationOutcome> {
  const token = `${run.runId}#${checkpoint.invocations + 1}`;
  if (!(await save(checkpoint, { owner: token, leaseUntil: deps.clock.now() + HANDOFF_LEASE_MS }))) {
    return { status: 'inProgress', runId: run.runId, message: 'another invocation took the run over' };
  }
  await deps.continuation.continueRun({ continueRunId: run.runId, token });
  deps.logger.info('reconcile: continuing in a fresh invocation', { runId: run.runId, phase: checkpoint.phase });
  return { status: 'continuing', runId: run.runId, phase: checkpoint.phase };
}

type Ending = {
  status: RunResult['status'];
  counts: ReconcileCounts;
  reason?: string;
  message?: string;
  actions: readonly ReconcileAction[];
  warnings?: readonly string[];
  /** The users the counts name (absent when the listing failed). */
  named?: Pick<ReconcileOutcome, 'unmanagedUsers' | 'notProvisionedUsers'>;
};

async function finish(run: RunRecord, deps: RunDeps, ending: Ending, save: (c: ReconcileCheckpoint, extra?: Partial<RunRecord>) => Promise<boolean>): Promise<InvocationOutcome> {
  const plan: PlanLine[] = ending.actions
    .filter((a) => a.fields.length > 0)
    .slice(0, PLAN_LINES_MAX)
    .map((a) => ({
      ...(a.wickrUserId !== undefined && { wickrUserId: a.wickrUserId }),
      ...(a.source !== undefined && { source: a.source }),
      ...(a.idpUserId !== undefined && { idpUserId: a.idpUserId }),
      reason: a.reason,
      fields: a.fields,
    }));
  const result: RunResult = {
    runId: run.runId,
    status: ending.status,
    counts: ending.counts,
    durationMs: deps.clock.now() - run.startedAt,
    invocations: run.checkpoint.invocations,
    ...(ending.reason !== undefined && { reason: ending.reason }),
    ...(ending.message !== undefined && { message: ending.message }),
    ...(ending.warnings !== undefined && ending.warnings.length > 0 && { warnings: ending.warnings }),
    plan,
    planTruncated: ending.counts.drifted > plan.length,
    ...(ending.named && { unmanagedUsers: ending.named.unmanagedUsers.slice(0, PLAN_LINES_MAX), notProvisionedUsers: ending.named.notProvisionedUsers.slice(0, PLAN_LINES_MAX) }),
  };
  const status = ending.status === 'succeeded' ? RunStatus.Succeeded : ending.status === 'guardTripped' ? RunStatus.GuardTripped : RunStatus.Failed;
  if (!(await save({ ...run.checkpoint, phase: 'done' }, { status, result, owner: '', leaseUntil: 0 }))) {
    return { status: 'inProgress', runId: run.runId, message: 'another invocation took the run over' };
  }
  return { status: 'finished', result, finishedNow: true };
}
