/**
 * Runs a whole reconcile in this process: each continuation the run asks for becomes the next
 * loop iteration instead of a Lambda self-invoke. For the local stack (`npm start --bootstrap /
 * --reconcile`), the benchmark and tests; the deployed function goes through the same
 * `runReconcileInvocation` one invocation at a time.
 */
import type { ContinuationPort, ReconcilePayload, RunDeps, RunResult } from '../../core/reconcile';
import { runReconcileInvocation } from '../../core/reconcile';
import { logRunSummary } from './summaryLine';

/** {@link RunDeps} without the per-invocation parts, plus the time each simulated invocation gets. */
export type InProcessRunDeps = Omit<RunDeps, 'continuation' | 'deadline' | 'invocationId'> & {
  /** Working time of one simulated invocation, ms (a Lambda gets up to 15 minutes). @default 840000 */
  readonly invocationBudgetMs?: number;
  /** Stops a run that keeps handing over without progress. @default 10000 */
  readonly maxInvocations?: number;
};

/** Thrown when another run holds the lock, or the run could not finish in `maxInvocations`. */
export class ReconcileRunError extends Error {
  public override readonly name = 'ReconcileRunError';
  public readonly runId: string;
  public constructor(message: string, runId: string) {
    super(message);
    this.runId = runId;
  }
}

/** Starts (or resumes) a run and loops over its continuations until it finishes; returns its result. */
export async function runReconcileToCompletion(request: ReconcilePayload, deps: InProcessRunDeps): Promise<RunResult> {
  const handedOver: { continueRunId: string; token: string }[] = [];
  const continuation: ContinuationPort = { continueRun: async (payload) => void handedOver.push({ ...payload }) };
  const budget = deps.invocationBudgetMs ?? 840_000;
  const max = deps.maxInvocations ?? 10_000;
  let payload: ReconcilePayload = request;
  for (let n = 1; n <= max; n += 1) {
    const outcome = await runReconcileInvocation(payload, { ...deps, continuation, invocationId: `local-${n}`, deadline: deps.clock.now() + budget });
    if (outcome.status === 'finished') {
      // The deployed function's handler writes this line; a run in one process never goes through it.
      if (outcome.finishedNow) logRunSummary(outcome.result, deps.logger);
      return outcome.result;
    }
    if (outcome.status === 'inProgress') throw new ReconcileRunError(outcome.message, outcome.runId);
    const next = handedOver.shift();
    if (!next) throw new ReconcileRunError('the run asked to continue but no continuation was recorded', outcome.runId);
    payload = next;
  }
  throw new ReconcileRunError(`the run did not finish in ${max} invocations`, '');
}
