/** The reconcile function's wiring, and the in-process runner for local runs and benchmarks. */
export { runReconcileToCompletion, ReconcileRunError } from './runToCompletion';
export type { InProcessRunDeps } from './runToCompletion';
