/**
 * The real adapters of the reconcile function (table, queue, Wickr, directories, mapping) as
 * {@link InProcessRunDeps}, for a whole run in this process: `npm start --bootstrap/--reconcile`
 * and the benchmark build these against moto and the emulators, then call
 * `runReconcileToCompletion`.
 */
import type { LogAttributes } from '@aws-lambda-powertools/logger/types';
import type { Logger as CoreLogger } from '../../core/ports';
import type { Config } from '../config';
import type { ReconcileHandlerDependencies } from './dependencies';
import { buildReconcileDependencies } from './dependencies';
import type { InProcessRunDeps } from './runToCompletion';

/** How long the Wickr calls of an in-process run may take in all (ms): far beyond any local run. */
const LOCAL_CALL_BUDGET_MS = 6 * 3_600_000;

/** Builds the dependencies from config (as the function does), then loads the mapping and the listers once. */
export async function buildInProcessRunDeps(
  config: Config,
  overrides: Partial<ReconcileHandlerDependencies> & { coreLogger?: CoreLogger; invocationBudgetMs?: number } = {},
): Promise<InProcessRunDeps> {
  const deps = buildReconcileDependencies(config, overrides);
  const [mapping, listers] = await Promise.all([deps.loadMapping(), deps.loadListers()]);
  const logger: CoreLogger = overrides.coreLogger ?? {
    debug: (message, extra) => deps.logger.debug(message, (extra ?? {}) as LogAttributes),
    info: (message, extra) => deps.logger.info(message, (extra ?? {}) as LogAttributes),
    warn: (message, extra) => deps.logger.warn(message, (extra ?? {}) as LogAttributes),
    error: (message, extra) => deps.logger.error(message, (extra ?? {}) as LogAttributes),
  };
  return {
    store: deps.store,
    wickr: deps.wickrListFor(deps.clock.now() + LOCAL_CALL_BUDGET_MS),
    listers,
    queue: deps.queue,
    mapping,
    clock: deps.clock,
    logger,
    newRunId: deps.newRunId,
    ...(overrides.invocationBudgetMs !== undefined && { invocationBudgetMs: overrides.invocationBudgetMs }),
  };
}
