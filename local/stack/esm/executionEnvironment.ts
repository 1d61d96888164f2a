import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { END_OF_INVOCATION_MARKER, type ParentMessage, type WorkerMessage } from './protocol';
import type { InvocationResult } from './records';

/** The project root (local/stack/esm → ../../..). */
export const PROJECT_ROOT = resolve(__dirname, '../../..');

/** What an execution environment runs and how. */
export type EnvironmentOptions = {
  /** Absolute path of the handler module. */
  readonly moduleFile: string;
  readonly exportName: string;
  readonly functionName: string;
  readonly memorySizeMb: number;
  readonly timeoutMs: number;
  readonly region: string;
  readonly accountId: string;
  /** The process environment of the function (nothing is inherited from the poller's). */
  readonly env: Readonly<Record<string, string>>;
  /** Each line the function writes to stdout, with the invocation it was written during. */
  readonly onStdoutLine?: (line: string, invocationId: number | undefined) => void;
  readonly onStderrLine?: (line: string) => void;
};

/** One invocation: how it ended and the stdout lines written during it. */
export type Invocation = { readonly result: InvocationResult; readonly logLines: readonly string[]; readonly durationMs: number };

/** One execution environment: a child process that keeps the handler loaded between invocations. */
export type ExecutionEnvironment = {
  readonly id: number;
  /** The current child's pid (undefined before the first invocation or after a crash). */
  pid(): number | undefined;
  busy(): boolean;
  /**
   * Runs one invocation (an SQS batch, an HTTP API request, a schedule: any event); never
   * rejects. A crash or timeout ends the child; the next call starts a new one (a cold start).
   */
  invoke(event: unknown): Promise<Invocation>;
  /** Kills the child now (as a crash would), e.g. mid-batch. */
  kill(signal?: NodeJS.Signals): void;
  /** Stops the child and waits for it to exit. */
  dispose(): Promise<void>;
};

let nextEnvironmentId = 1;
let nextInvocationId = 1;

/** Creates an execution environment; the child process starts lazily, on the first invocation. */
export function createExecutionEnvironment(options: EnvironmentOptions): ExecutionEnvironment {
  const id = nextEnvironmentId++;
  let child: ChildProcess | undefined;
  let ready: Promise<string | undefined> | undefined;
  let current: number | undefined;
  let logLines: string[] = [];
  // Invocation ids whose end-of-invocation marker has been read from stdout, and who waits for one.
  const flushed = new Set<number>();
  const flushWaiters = new Map<number, () => void>();
  const stdoutFlushed = (invocationId: number): Promise<void> =>
    flushed.has(invocationId)
      ? Promise.resolve()
      : new Promise((done) => {
          const timer = setTimeout(done, 2000); // a worker that writes no marker must not hang the poller
          flushWaiters.set(invocationId, () => {
            clearTimeout(timer);
            done();
          });
        });

  const start = (): Promise<string | undefined> => {
    const tsx = pathToFileURL(join(PROJECT_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const proc = fork(join(__dirname, 'worker.ts'), [options.moduleFile, options.exportName, options.functionName, String(options.memorySizeMb), options.region, options.accountId], {
      cwd: PROJECT_ROOT,
      env: { ...options.env },
      execArgv: ['--import', tsx],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child = proc;
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      if (line.startsWith(END_OF_INVOCATION_MARKER)) {
        const ended = Number(line.slice(END_OF_INVOCATION_MARKER.length));
        flushed.add(ended);
        flushWaiters.get(ended)?.();
        return;
      }
      if (current !== undefined) logLines.push(line);
      options.onStdoutLine?.(line, current);
    });
    createInterface({ input: proc.stderr! }).on('line', (line) => options.onStderrLine?.(line));
    proc.once('exit', () => {
      if (child === proc) {
        child = undefined;
        ready = undefined;
      }
    });
    return new Promise((resolveInit) => {
      proc.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') resolveInit(undefined);
        if (message.type === 'initError') resolveInit(message.error);
      });
      proc.once('exit', (code, signal) => resolveInit(`the runtime exited during init (${signal ?? code})`));
    });
  };

  const invoke = async (event: unknown): Promise<Invocation> => {
    if (current !== undefined) throw new Error(`execution environment ${id} is busy`);
    const invocationId = nextInvocationId++;
    const startedAt = Date.now();
    current = invocationId;
    logLines = [];
    const lines = logLines;
    try {
      const result = await run(event, invocationId);
      return { result, logLines: lines, durationMs: Date.now() - startedAt };
    } finally {
      current = undefined;
    }
  };

  const run = async (event: unknown, invocationId: number): Promise<InvocationResult> => {
    ready ??= start();
    const initError = await ready;
    // Like Lambda, the function timeout starts after the init phase.
    const deadline = Date.now() + options.timeoutMs;
    const proc = child;
    if (initError || !proc) {
      proc?.kill('SIGKILL');
      return { kind: 'crashed', error: `Runtime.InitError: ${initError ?? 'no runtime'}` };
    }
    const result = await new Promise<InvocationResult>((settle) => {
      const timer = setTimeout(
        () => {
          proc.kill('SIGKILL');
          done({ kind: 'timedOut', error: `Task timed out after ${(options.timeoutMs / 1000).toFixed(2)} seconds` });
        },
        Math.max(0, deadline - Date.now()),
      );
      const onMessage = (message: WorkerMessage): void => {
        if (message.type === 'result' && message.invocationId === invocationId) done({ kind: 'returned', response: message.response });
        if (message.type === 'error' && message.invocationId === invocationId) done({ kind: 'threw', error: message.error });
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        done({ kind: 'crashed', error: `Runtime exited with ${signal ? `signal ${signal}` : `code ${code}`}` });
      };
      const done = (result: InvocationResult): void => {
        clearTimeout(timer);
        proc.off('message', onMessage);
        proc.off('exit', onExit);
        settle(result);
      };
      proc.on('message', onMessage);
      proc.once('exit', onExit);
      const message: ParentMessage = { type: 'invoke', invocationId, event, deadline };
      proc.send(message, (error) => {
        if (error) done({ kind: 'crashed', error: `could not reach the runtime: ${error.message}` });
      });
    });
    if (result.kind === 'returned' || result.kind === 'threw') await stdoutFlushed(invocationId);
    flushed.delete(invocationId);
    flushWaiters.delete(invocationId);
    return result;
  };

  const dispose = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((done) => {
      proc.once('exit', () => done());
      proc.kill('SIGTERM');
      setTimeout(() => proc.kill('SIGKILL'), 2000).unref();
    });
  };

  return {
    id,
    pid: () => child?.pid,
    busy: () => current !== undefined,
    invoke,
    kill: (signal = 'SIGKILL') => child?.kill(signal),
    dispose,
  };
}
