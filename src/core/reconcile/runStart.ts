/**
 * Which run an invocation works on: the run its hand-off token continues, a stopped run it
 * resumes, or a new one. A stopped run resumes only for the same request: resuming it for
 * another would answer that request with a different plan (a dry run that sends, a full run
 * acting on one user, a mass change nobody asked for this time), so the caller is told instead.
 */
import type { DirectoryLister, Logger } from '../ports';
import type { MappingConfig } from '../types';
import { initialCheckpoint } from './listing';
import { type RunRecord, RunStatus } from './ports';
import type { InvocationOutcome, ReconcilePayload, ReconcileRequest } from './runTypes';

/** What choosing needs: a new run's id, its first checkpoint and mapping. */
export type StartDeps = {
  readonly listers: readonly DirectoryLister[];
  readonly mapping: MappingConfig;
  readonly logger: Logger;
  readonly newRunId: () => string;
};

/** The run to work on (not yet written), or the answer when there is none to work on now. */
export function chooseRun(payload: ReconcilePayload, stored: RunRecord | null, now: number, deps: StartDeps): { readonly base: RunRecord } | { readonly answer: InvocationOutcome } {
  const running = stored?.status === RunStatus.Running;
  const free = !running || (stored as RunRecord).leaseUntil <= now;
  if (payload.continueRunId !== undefined) {
    if (!stored || stored.runId !== payload.continueRunId || !running) {
      const answer: InvocationOutcome = stored?.result
        ? { status: 'finished', result: stored.result, finishedNow: false }
        : { status: 'inProgress', runId: stored?.runId ?? '', message: 'the run to continue is not running' };
      return { answer };
    }
    return stored.owner !== payload.token && !free ? { answer: inProgress(stored) } : { base: stored };
  }
  const request = requestOf(payload);
  if (stored && running) {
    if (!free) return { answer: inProgress(stored) };
    if (sameRequest(stored.request, request)) {
      deps.logger.warn('reconcile: resuming a run whose invocation stopped', { runId: stored.runId });
      return { base: stored };
    }
    if (!stored.request.dryRun) {
      return {
        answer: inProgress(
          stored,
          `it stopped at phase ${stored.checkpoint.phase} and resumes only for the same request: send ${JSON.stringify(stored.request)} to finish it; this request was not started`,
        ),
      };
    }
    // A dry run sent nothing: nothing is lost by starting over.
    deps.logger.warn('reconcile: replacing a dry run whose invocation stopped', { runId: stored.runId });
  }
  const base: RunRecord = {
    runId: deps.newRunId(),
    status: RunStatus.Running,
    request,
    mapping: deps.mapping,
    startedAt: now,
    owner: '',
    leaseUntil: 0,
    version: stored?.version ?? 0,
    checkpoint: initialCheckpoint(deps.listers),
  };
  return { base };
}

/** Answers a request that cannot start now, naming the stored run and its request. */
export function inProgress(run: RunRecord, detail?: string): InvocationOutcome {
  const what = `a run is in progress (${run.runId}, started ${new Date(run.startedAt).toISOString()}, request ${JSON.stringify(run.request)})`;
  return { status: 'inProgress', runId: run.runId, request: run.request, message: detail === undefined ? what : `${what}; ${detail}` };
}

/** Two requests ask for the same run: absent flags are false. */
function sameRequest(a: ReconcileRequest, b: ReconcileRequest): boolean {
  return (a.dryRun ?? false) === (b.dryRun ?? false) && (a.allowMassChange ?? false) === (b.allowMassChange ?? false) && a.user === b.user && a.group === b.group;
}

function requestOf(payload: ReconcilePayload): ReconcileRequest {
  const { dryRun, user, group, allowMassChange } = payload;
  return { ...(dryRun !== undefined && { dryRun }), ...(user !== undefined && { user }), ...(group !== undefined && { group }), ...(allowMassChange !== undefined && { allowMassChange }) };
}
