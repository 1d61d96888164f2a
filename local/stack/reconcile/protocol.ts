/** The IPC messages between the local stack and the reconcile runner child process (`runner.ts`). */
import type { ReconcileRequest, RunResult } from '../../../src/core/reconcile';

/**
 * Fault injection for tests: stop the run in the middle of its first send, after half of that
 * slice's messages reached the queue and before the checkpoint is saved. `abort` makes the
 * next queue call fail (a Ctrl-C: the run frees its lock on the way out); `kill` SIGKILLs the
 * process (a crash: the lock is held until its lease runs out).
 */
export type StopMidSend = 'abort' | 'kill';

/** Parent → runner: run one reconcile to completion. */
export type RunnerRequest = {
  readonly type: 'run';
  readonly request: ReconcileRequest;
  /** Working time of each simulated invocation (ms); small values make the run continue often. */
  readonly invocationBudgetMs?: number;
  /** When another run holds the lock, keep trying this long for its lease to run out (ms). */
  readonly waitForLockMs?: number;
  readonly stopMidSend?: StopMidSend;
};

/** Peak memory of the runner process. */
export type RunnerMemory = { readonly maxRssBytes: number; readonly peakHeapUsedBytes: number };

/** Runner → parent: the run's result, or why there is none. */
export type RunnerReply =
  | { readonly type: 'result'; readonly result: RunResult; readonly memory: RunnerMemory }
  | { readonly type: 'error'; readonly name: string; readonly message: string; readonly runId?: string; readonly memory: RunnerMemory };
