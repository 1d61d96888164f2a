/** The reconcile function's wiring, and the in-process runner for local runs and benchmarks. */
export { runReconcileToCompletion, ReconcileRunError } from './runToCompletion';
export type { InProcessRunDeps } from './runToCompletion';
export { createReconcileHandler, ReconcileFailedError } from './createReconcileHandler';
export type { RunStatusAnswer } from './createReconcileHandler';
export { buildReconcileDependencies } from './dependencies';
export type { ReconcileHandlerDependencies } from './dependencies';
export { buildInProcessRunDeps } from './inProcess';
export { logRunSummary, RECONCILE_SUMMARY, summaryFields } from './summaryLine';
