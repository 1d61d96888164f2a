import { fork } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ReconcileRequest, RunResult } from '../../../src/core/reconcile';
import { bundleHandler } from '../esm/bundle';
import { PROJECT_ROOT } from '../esm/executionEnvironment';
import type { NamedOutcome, OutcomeCounts } from '../outcomes';
import { toReportUser, type ReportUser } from '../report';
import { waitUntilSettled } from '../run';
import type { LocalStack } from '../stack';
import type { RunnerMemory, RunnerReply, RunnerRequest, StopMidSend } from './protocol';
import { toReconcileReport, type ReconcileReport } from './summary';

/** Options of {@link runReconcile}. */
export type ReconcileRunOptions = {
  readonly request?: ReconcileRequest;
  /** Working time of each simulated invocation (ms); the function's own timeout less its reserve by default. */
  readonly invocationBudgetMs?: number;
  /** When another run holds the lock, wait this long for its lease to run out (ms). */
  readonly waitForLockMs?: number;
  /** Fault injection (tests): stop the run in the middle of its first send. */
  readonly stopMidSend?: StopMidSend;
  /** Fail when the messages the run sent have not all settled by then (ms). @default 300000 */
  readonly settleTimeoutMs?: number;
  /** Do not wait for the consumer (the benchmark measures the reconcile's own calls). */
  readonly skipSettle?: boolean;
  /** Every line the run writes (its structured log). */
  readonly onLog?: (line: string) => void;
  /** Stops the run's process (Ctrl-C of `npm start`): the run frees nothing, its lease runs out. */
  readonly signal?: AbortSignal;
};

/** A finished local run: its report object, the full result, the runner's peak memory and the consumer's outcomes. */
export type LocalReconcileRun = {
  readonly report: ReconcileReport;
  readonly result: RunResult;
  readonly memory: RunnerMemory;
  /** Outcomes of the records the consumer finished while this run's messages settled. */
  readonly outcomes: OutcomeCounts;
  /** Wall time of the run itself, without waiting for the consumer (ms). */
  readonly runMs: number;
  /** The Wickr users before the run and after its messages settled (the before → after table). */
  readonly before: readonly ReportUser[];
  readonly after: readonly ReportUser[];
  /** The consumer's records for this run's messages that ended other than `applied`/`unchanged`. */
  readonly named: readonly NamedOutcome[];
};

/** The run did not finish: another run holds the lock, a directory could not be read, or the process died. */
export class LocalReconcileError extends Error {
  public override readonly name = 'LocalReconcileError';
  public readonly runId?: string;
  public readonly memory?: RunnerMemory;
  public constructor(message: string, details: { runId?: string; memory?: RunnerMemory } = {}) {
    super(message);
    this.runId = details.runId;
    this.memory = details.memory;
  }
}

let bundled: Promise<string> | undefined;
/** The runner, bundled once per process as the function is (cjs, node22): the handlers import ESM-only middy. */
function runnerBundle(): Promise<string> {
  bundled ??= bundleHandler(join(PROJECT_ROOT, 'local/stack/reconcile/runner.ts'));
  bundled.catch(() => (bundled = undefined));
  return bundled;
}

/** Runs the reconcile child process to its reply or its death. */
async function runChild(environment: Readonly<Record<string, string>>, message: RunnerRequest, onLog: (line: string) => void, signal?: AbortSignal): Promise<RunnerReply> {
  const child = fork(await runnerBundle(), [], { cwd: PROJECT_ROOT, env: { ...environment }, execArgv: ['--enable-source-maps'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const stop = (): void => void child.kill('SIGKILL');
  signal?.addEventListener('abort', stop, { once: true });
  child.once('exit', () => signal?.removeEventListener('abort', stop));
  createInterface({ input: child.stdout! }).on('line', onLog);
  createInterface({ input: child.stderr! }).on('line', onLog);
  return new Promise((resolve, reject) => {
    let reply: RunnerReply | undefined;
    child.on('message', (m: RunnerReply) => void (reply = m));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (reply) resolve(reply);
      else reject(new LocalReconcileError(`the reconcile process exited without a result (${signal ?? `exit code ${code}`})`));
    });
    child.send(message);
  });
}

function outcomeDelta(after: OutcomeCounts, before: OutcomeCounts): OutcomeCounts {
  const delta = { ...after };
  for (const key of Object.keys(delta) as (keyof OutcomeCounts)[]) delta[key] -= before[key];
  return delta;
}

/**
 * Runs one reconcile against the local stack with the reconcile function's environment, then
 * (unless `skipSettle`) waits until every message it sent has an outcome: the queue is empty and
 * no execution environment holds a batch. Throws {@link LocalReconcileError} when the run did
 * not finish (a failed or guarded run does finish: its report says so).
 */
export async function runReconcile(stack: LocalStack, options: ReconcileRunOptions = {}): Promise<LocalReconcileRun> {
  if (!stack.reconcileEnvironment) throw new LocalReconcileError('the template defines no reconcile function (handler src/handlers/reconcile.handler)');
  const before = stack.tracker.counts(0);
  const namedBefore = stack.tracker.named().length;
  const usersBefore = stack.wickr.state().users.map(toReportUser);
  const startedAt = Date.now();
  const reply = await runChild(
    stack.reconcileEnvironment,
    {
      type: 'run',
      request: options.request ?? {},
      ...(options.invocationBudgetMs !== undefined && { invocationBudgetMs: options.invocationBudgetMs }),
      ...(options.waitForLockMs !== undefined && { waitForLockMs: options.waitForLockMs }),
      ...(options.stopMidSend !== undefined && { stopMidSend: options.stopMidSend }),
    },
    (line) => {
      if (stack.reconcileFunction) stack.iam.logWritten(stack.reconcileFunction);
      options.onLog?.(line);
    },
    options.signal,
  );
  const runMs = Date.now() - startedAt;
  if (reply.type === 'error') throw new LocalReconcileError(`reconcile did not finish: ${reply.name}: ${reply.message}`, { runId: reply.runId, memory: reply.memory });
  if (!options.skipSettle) await waitUntilSettled(stack, options.settleTimeoutMs ?? 300_000);
  return {
    report: toReconcileReport(reply.result),
    result: reply.result,
    memory: reply.memory,
    outcomes: outcomeDelta(stack.tracker.counts(0), before),
    runMs,
    before: usersBefore,
    after: stack.wickr.state().users.map(toReportUser),
    named: stack.tracker.named().slice(namedBefore),
  };
}
