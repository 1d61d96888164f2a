/**
 * The `reconcile summary` log line that ends each run (docs/operations.md), written by both
 * ways a run ends: the deployed function's last invocation, and a whole run in one process
 * (`npm start --bootstrap/--reconcile`, which never goes through the handler).
 */
import type { Logger as CoreLogger } from '../../core/ports';
import type { RunResult } from '../../core/reconcile';

/** The line's message. */
export const RECONCILE_SUMMARY = 'reconcile summary';

/** The line's fields: run id, status, reason, duration, invocations and the counts; no plan, no user lists. */
export function summaryFields(result: RunResult): Record<string, unknown> {
  const { plan: _plan, unmanagedUsers: _unmanaged, notProvisionedUsers: _notProvisioned, counts, ...rest } = result;
  return { ...rest, ...counts, correlation_id: result.runId };
}

/** Writes the line. */
export function logRunSummary(result: RunResult, logger: Pick<CoreLogger, 'info'>): void {
  logger.info(RECONCILE_SUMMARY, summaryFields(result));
}
