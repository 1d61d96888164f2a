/** Messages between the poller and an execution environment (worker.ts), over Node's IPC channel. */

/** Poller → worker. */
export type ParentMessage = {
  readonly type: 'invoke';
  readonly invocationId: number;
  readonly event: unknown;
  /** Epoch ms at which the function times out (drives `getRemainingTimeInMillis`). */
  readonly deadline: number;
};

/** Worker → poller. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'initError'; readonly error: string }
  | { readonly type: 'result'; readonly invocationId: number; readonly response: unknown }
  | { readonly type: 'error'; readonly invocationId: number; readonly error: string };

/**
 * Written by the worker to stdout after an invocation's last log line and before its IPC result:
 * stdout and IPC are separate pipes, so the poller waits for this line to know it has every log
 * line of the invocation.
 */
export const END_OF_INVOCATION_MARKER = '\u0000local-stack:end:';
