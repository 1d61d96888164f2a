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
import { userKey } from '../events/keys';
import type { Clock, DirectoryLister, Logger, QueuePort, WickrListPort } from '../ports';
import { IdpSource, type MappingConfig } from '../types';
import { recordSuspensions } from './deletions';
import { GuardReason, checkCreations, checkDeletions, checkListings, checkSuspensions } from './guard';
import { groupRefs, initialCheckpoint, loadSnapshot, readListings } from './listing';
import type { ContinuationPort, ReconcileStore, RunRecord, StoredLink } from './ports';
import { RunStatus } from './ports';
import { listedGroupIds, recordGroupMembers } from './members';
import { emptyCounts, reconcile } from './reconcile';
import type { PlanLine, ReconcileCheckpoint, ReconcileRequest, RunResult } from './runTypes';
import type { ReconcileAction, ReconcileCounts } from './types';
import { ActionReason } from './types';

/** Users handled between two checkpoints of the send phase. */
export const SEND_SLICE = 250;
/** Plan lines kept in a result (the run record must stay far below DynamoDB's 400 KB). */
export const PLAN_LINES_MAX = 500;
/** How long a handed-over run waits for its continuation to start before anyone may take it. */
const HANDOFF_LEASE_MS = 5 * 60_000;
/** A holder's lease runs this long past its own deadline, then the run is free to be resumed. */
const LEASE_MARGIN_MS = 60_000;

/** The Lambda payload: a request, or a continuation of a run handed over by an earlier invocation. */
export type ReconcilePayload = ReconcileRequest & { readonly continueRunId?: string; readonly token?: string };

/** What one invocation did. */
export type InvocationOutcome =
  | { readonly status: 'inProgress'; readonly runId: string; readonly message: string }
  | { readonly status: 'continuing'; readonly runId: string; readonly phase: ReconcileCheckpoint['phase'] }
  | { readonly status: 'finished'; readonly result: RunResult; readonly finishedNow: boolean };

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
  const running = stored?.status === RunStatus.Running;
  const free = !running || (stored as RunRecord).leaseUntil <= now;

  let base: RunRecord;
  if (payload.continueRunId !== undefined) {
    if (!stored || stored.runId !== payload.continueRunId || !running) {
      return stored?.result ? { status: 'finished', result: stored.result, finishedNow: false } : { status: 'inProgress', runId: stored?.runId ?? '', message: 'the run to continue is not running' };
    }
    if (stored.owner !== payload.token && !free) return inProgress(stored);
    base = stored;
  } else if (stored && running) {
    if (!free) return inProgress(stored);
    deps.logger.warn('reconcile: resuming a run whose invocation stopped', { runId: stored.runId });
    base = stored;
  } else {
    base = {
      runId: deps.newRunId(),
      status: RunStatus.Running,
      request: requestOf(payload),
      mapping: deps.mapping,
      startedAt: now,
      owner: '',
      leaseUntil: 0,
      version: stored?.version ?? 0,
      checkpoint: initialCheckpoint(deps.listers),
    };
  }
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
  const mapping = run.mapping;

  const work = async (): Promise<InvocationOutcome> => {
    if (run.checkpoint.phase === 'list') {
      let listed: Awaited<ReturnType<typeof readListings>>;
      try {
        listed = await readListings(run.runId, run.checkpoint, groupRefs(mapping, run.request), { store: deps.store, wickr: deps.wickr, listers: deps.listers, timeUp, save });
      } catch (error) {
        if (!(error instanceof DependencyError) || (error.dependency !== 'directory' && error.dependency !== 'wickr')) throw error;
        const reason = error.dependency === 'directory' ? GuardReason.IdpListingFailed : 'WickrListingFailed';
        return finish(
          run,
          deps,
          { status: 'failed', counts: { ...emptyCounts(run.request.dryRun), guardTripped: error.dependency === 'directory' }, reason, message: error.message, actions: [] },
          save,
        );
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

    if (run.checkpoint.phase === 'list') {
      const verdict =
        checkListings(snapshot.sources, snapshot.wickrUsers, mapping) ??
        (run.request.allowMassChange
          ? null
          : (checkSuspensions(counts.toSuspend, outcome.managed, mapping.guard) ?? checkCreations(counts.toCreate, mapping.guard) ?? checkDeletions(counts.toDelete, mapping.guard)));
      if (verdict) {
        deps.logger.warn('reconcile: guard tripped, nothing sent', {
          runId: run.runId,
          reason: verdict.reason,
          toSuspend: counts.toSuspend,
          toCreate: counts.toCreate,
          toDelete: counts.toDelete,
          managed: outcome.managed,
        });
        return finish(
          run,
          deps,
          { status: 'guardTripped', counts: { ...counts, guardTripped: true, linksWritten: 0 }, reason: verdict.reason, message: verdict.message, actions: outcome.actions },
          save,
        );
      }
      if (run.request.dryRun) return finish(run, deps, { status: 'succeeded', counts: { ...counts, linksWritten: 0 }, actions: outcome.actions }, save);
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
      const links = slice.filter((a) => a.writeLink && a.source !== undefined && a.idpUserId !== undefined);
      // Links first: the consumer then finds the Wickr user by link, as it will for every later event.
      if (links.length > 0) {
        groupsOf ??= listedGroupIds(snapshot.sources);
        await deps.store.putLinks(links.map((a) => linkOf(a, groupsOf as ReadonlyMap<string, readonly string[]>)));
      }
      const requestedAt = new Date(deps.clock.now()).toISOString();
      const messages = slice.filter((a) => a.fields.length > 0).map((a) => ({ body: messageBody(run.runId, a, requestedAt) }));
      if (messages.length > 0) await deps.queue.sendMessages(messages);
      checkpoint = { ...checkpoint, sent: checkpoint.sent + slice.length, messagesSent: checkpoint.messagesSent + messages.length, linksWritten: checkpoint.linksWritten + links.length };
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
    return finish(run, deps, { status: 'succeeded', counts: { ...counts, messagesSent: checkpoint.messagesSent, linksWritten: checkpoint.linksWritten }, actions }, save);
  };
  try {
    return await work();
  } catch (error) {
    // Free the run at once: Lambda's retry of this invocation, or the next start, resumes it
    // from the last checkpoint. (A crash cannot do this; its lease simply runs out.)
    await deps.store.putRun({ ...run, owner: '', leaseUntil: 0, version: run.version + 1 }, run.version).catch(() => false);
    throw error;
  }
}

function requestOf(payload: ReconcilePayload): ReconcileRequest {
  const { dryRun, user, group, allowMassChange } = payload;
  return { ...(dryRun !== undefined && { dryRun }), ...(user !== undefined && { user }), ...(group !== undefined && { group }), ...(allowMassChange !== undefined && { allowMassChange }) };
}

function linkOf(action: ReconcileAction, groupsOf: ReadonlyMap<string, readonly string[]>): StoredLink {
  const source = action.source as IdpSource;
  const groupIds = source === IdpSource.IdentityCenter ? groupsOf.get(action.idpUserId as string) : undefined;
  return { userKey: userKey(source, action.idpUserId as string), wickrUserId: action.wickrUserId as string, ...(groupIds !== undefined && { groupIds }) };
}

function inProgress(run: RunRecord): InvocationOutcome {
  return { status: 'inProgress', runId: run.runId, message: `a run is in progress (${run.runId}, started ${new Date(run.startedAt).toISOString()})` };
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

type Ending = { status: RunResult['status']; counts: ReconcileCounts; reason?: string; message?: string; actions: readonly ReconcileAction[] };

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
    plan,
    planTruncated: ending.counts.drifted > plan.length,
  };
  const status = ending.status === 'succeeded' ? RunStatus.Succeeded : ending.status === 'guardTripped' ? RunStatus.GuardTripped : RunStatus.Failed;
  if (!(await save({ ...run.checkpoint, phase: 'done' }, { status, result, owner: '', leaseUntil: 0 }))) {
    return { status: 'inProgress', runId: run.runId, message: 'another invocation took the run over' };
  }
  return { status: 'finished', result, finishedNow: true };
}
