/**
 * The reconcile, run locally as the function would run it: a child process whose environment is
 * the reconcile function's (resolved from the template: moto's table and queue, the emulators,
 * the mapping in SSM), running one whole run with `runReconcileToCompletion` (each hand-over
 * becomes the next loop turn instead of a Lambda self-invoke). Its stdout is the function's
 * log; the result goes back over IPC. A process of its own keeps the shell's environment out,
 * lets a test kill it mid-run, and lets the benchmark read the run's own peak memory.
 */
import type { QueuePort } from '../../../src/core/ports';
import { readConfig } from '../../../src/handlers/config';
import { buildInProcessRunDeps, ReconcileRunError, runReconcileToCompletion } from '../../../src/handlers/reconcile/index';
import type { RunnerMemory, RunnerReply, RunnerRequest, StopMidSend } from './protocol';

/** How often a held lock is asked for again while waiting for its lease to run out (ms). */
const LOCK_POLL_MS = 1_000;

let peakHeap = 0;
const sampleHeap = (): void => void (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed));
const sampler = setInterval(sampleHeap, 50);
sampler.unref();

function memory(): RunnerMemory {
  sampleHeap();
  // maxRSS is in kilobytes: https://nodejs.org/api/process.html#processresourceusage
  return { maxRssBytes: process.resourceUsage().maxRSS * 1024, peakHeapUsedBytes: peakHeap };
}

/** The queue, stopping the run halfway through its first send (fault injection for tests). */
function stoppingQueue(queue: QueuePort, mode: StopMidSend): QueuePort {
  let stopped = false;
  return {
    ...queue,
    delayRetry: (entries) => queue.delayRetry(entries),
    sendMessages: async (messages) => {
      if (stopped) throw new Error('the run was aborted');
      const half = Math.ceil(messages.length / 2);
      await queue.sendMessages(messages.slice(0, half));
      if (mode === 'kill') process.kill(process.pid, 'SIGKILL');
      stopped = true;
      throw new Error('the run was aborted mid-send');
    },
  };
}

async function run(message: RunnerRequest): Promise<RunnerReply> {
  const config = readConfig(process.env);
  const deps = await buildInProcessRunDeps(config, message.invocationBudgetMs === undefined ? {} : { invocationBudgetMs: message.invocationBudgetMs });
  const runDeps = message.stopMidSend ? { ...deps, queue: stoppingQueue(deps.queue, message.stopMidSend) } : deps;
  const deadline = Date.now() + (message.waitForLockMs ?? 0);
  for (;;) {
    try {
      const result = await runReconcileToCompletion(message.request, runDeps);
      return { type: 'result', result, memory: memory() };
    } catch (error) {
      const held = error instanceof ReconcileRunError && /in progress|took the run/.test(error.message);
      if (!held || Date.now() >= deadline) throw error;
      await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
    }
  }
}

process.once('message', (message: RunnerRequest) => {
  if (message.type !== 'run') return;
  run(message)
    .catch((error: unknown): RunnerReply => {
      const e = error instanceof Error ? error : new Error(String(error));
      return { type: 'error', name: e.name, message: e.message, ...(error instanceof ReconcileRunError && { runId: error.runId }), memory: memory() };
    })
    .then((reply) => process.send?.(reply, () => process.disconnect?.()));
});
