import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { LogAttributes } from '@aws-lambda-powertools/logger/types';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ReconcileMetric } from '../../core/metrics';
import type { DirectoryLister, Logger as CoreLogger } from '../../core/ports';
import type { InvocationOutcome, RunRecord, RunResult } from '../../core/reconcile';
import { parseReconcilePayload, runReconcileInvocation } from '../../core/reconcile';
import type { Config } from '../config';
import { readConfig } from '../config';
import type { ReconcileHandlerDependencies } from './dependencies';
import { buildReconcileDependencies } from './dependencies';

/** Time kept at the end of an invocation to plan, save the checkpoint and hand over (ms). */
const RESERVE_MS = 60_000;
/** Wickr calls stop this long before the invocation's end, whatever they were waiting for (ms). */
const CALL_MARGIN_MS = 5_000;

/** A run ended as failed (a directory or Wickr could not be read): the function errors, so its alarm fires. */
export class ReconcileFailedError extends Error {
  public override readonly name = 'ReconcileFailedError';
  public readonly result: RunResult;
  public constructor(result: RunResult) {
    super(`reconcile ${result.runId} failed: ${result.reason ?? 'unknown'}: ${result.message ?? ''}`.trim());
    this.result = result;
  }
}

/** What `{ "status": true }` answers. */
export type RunStatusAnswer = { readonly status: 'none' } | { readonly status: RunRecord['status']; readonly runId: string; readonly phase: string; readonly result?: RunResult };

/**
 * Builds the reconcile function. Configuration is read and validated here, once (cold start);
 * the listers are built on the first invocation and kept; the mapping is read on every one.
 */
export function createReconcileHandler(overrides: Partial<ReconcileHandlerDependencies> & { config?: Config } = {}) {
  const config = overrides.config ?? readConfig();
  const deps = buildReconcileDependencies(config, overrides);
  let listers: Promise<DirectoryLister[]> | undefined;
  const initListers = () => {
    listers ??= deps.loadListers();
    listers.catch(() => (listers = undefined));
    return listers;
  };
  const logger = asCoreLogger(deps.logger);

  const run = async (event: unknown, context: Context): Promise<InvocationOutcome | RunStatusAnswer> => {
    const payload = parseReconcilePayload(event);
    if (payload.status) return statusOf(await deps.store.getRun());
    const [mapping, directoryListers] = await Promise.all([deps.loadMapping(), initListers()]);
    const now = deps.clock.now();
    const remaining = typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : 900_000;
    const outcome = await runReconcileInvocation(payload, {
      store: deps.store,
      wickr: deps.wickrListFor(now + remaining - CALL_MARGIN_MS),
      listers: directoryListers,
      queue: deps.queue,
      continuation: deps.continuationFor(context.functionName),
      mapping,
      clock: deps.clock,
      logger,
      newRunId: deps.newRunId,
      invocationId: context.awsRequestId ?? `local-${now}`,
      deadline: now + Math.max(remaining - RESERVE_MS, remaining / 2),
    });
    if (outcome.status === 'inProgress') deps.logger.warn('reconcile: not started', { runId: outcome.runId, reason: outcome.message });
    if (outcome.status === 'finished' && outcome.finishedNow) {
      report(outcome.result, deps);
      if (outcome.result.status === 'failed') throw new ReconcileFailedError(outcome.result);
    }
    return outcome;
  };

  return middy(run)
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics));
}

function statusOf(run: RunRecord | null): RunStatusAnswer {
  if (run === null) return { status: 'none' };
  return { status: run.status, runId: run.runId, phase: run.checkpoint.phase, ...(run.result && { result: run.result }) };
}

/** The run's one summary line (counts, duration, run id; no plan, no personal data) and its metrics. */
function report(result: RunResult, deps: ReconcileHandlerDependencies): void {
  const { plan: _plan, counts, ...rest } = result;
  deps.logger.info('reconcile summary', { ...rest, ...counts, correlation_id: result.runId } as LogAttributes);
  deps.metrics.addMetric(ReconcileMetric.drifted, MetricUnit.Count, counts.drifted);
  deps.metrics.addMetric(ReconcileMetric.suspensions, MetricUnit.Count, counts.toSuspend);
  deps.metrics.addMetric(ReconcileMetric.deletions, MetricUnit.Count, counts.toDelete);
  // A dry run that would trip the guard says so in its counts, but an operator looking at a plan is no alarm.
  deps.metrics.addMetric(ReconcileMetric.guardTripped, MetricUnit.Count, counts.guardTripped && !counts.dryRun ? 1 : 0);
  deps.metrics.addMetric(ReconcileMetric.durationMs, MetricUnit.Milliseconds, result.durationMs);
}

/** Powertools' Logger typed as core's port. */
function asCoreLogger(logger: ReconcileHandlerDependencies['logger']): CoreLogger {
  return {
    debug: (message, extra) => logger.debug(message, (extra ?? {}) as LogAttributes),
    info: (message, extra) => logger.info(message, (extra ?? {}) as LogAttributes),
    warn: (message, extra) => logger.warn(message, (extra ?? {}) as LogAttributes),
    error: (message, extra) => logger.error(message, (extra ?? {}) as LogAttributes),
  };
}
