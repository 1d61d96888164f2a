/** The parent's side of the handler worker: starts it and runs phases as promises. */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { CREDENTIALS, REGION } from '../lib/aws';
import { bundleLikeProduction, PROJECT_ROOT, WORK_DIR } from '../lib/bundle';
import type { BenchRecord, FloorCall, ParentMessage, RecordFloorCalls, WorkerJob, WorkerMessage } from './protocol';

let bundled: Promise<string> | undefined;

/** A running handler worker. */
export type HandlerWorker = {
  invoke(batches: readonly (readonly BenchRecord[])[]): Promise<Extract<WorkerMessage, { type: 'invoked' }>>;
  floor(calls: readonly FloorCall[], concurrency: number): Promise<Extract<WorkerMessage, { type: 'floored' }>>;
  /** Every call of a round's records (Wickr, Okta, DynamoDB), made bare. */
  recordFloor(calls: RecordFloorCalls, concurrency: number): Promise<Extract<WorkerMessage, { type: 'recordFloored' }>>;
  stop(): Promise<void>;
};

/**
 * Forks the worker, bundled as the deployed handler is (once per run), on this Node (22), with
 * the source maps the deployed function enables, and initialises the handler.
 */
export async function startHandlerWorker(motoEndpoint: string, job: WorkerJob): Promise<HandlerWorker> {
  bundled ??= bundleLikeProduction(join(__dirname, 'worker.ts'), join(WORK_DIR, 'handler-worker/worker.js'));
  const child: ChildProcess = fork(await bundled, [], {
    cwd: PROJECT_ROOT,
    execArgv: ['--enable-source-maps'],
    // Only what a Lambda function would have: no shell variables leak into the measurement.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      AWS_ENDPOINT_URL: motoEndpoint,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      POWERTOOLS_SERVICE_NAME: 'wickr-idp-sync',
      AWS_LAMBDA_FUNCTION_NAME: 'bench-sync',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const request = <T extends WorkerMessage['type']>(message: ParentMessage, expect: T): Promise<Extract<WorkerMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (reply: WorkerMessage): void => {
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (reply.type === expect) resolve(reply as Extract<WorkerMessage, { type: T }>);
        else reject(new Error(reply.type === 'error' ? `handler worker: ${reply.error}` : `handler worker answered ${reply.type}, expected ${expect}`));
      };
      const onExit = (code: number | null): void => reject(new Error(`handler worker exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(message);
    });
  await request({ type: 'init', job }, 'ready');
  return {
    invoke: (batches) => request({ type: 'invoke', batches }, 'invoked'),
    floor: (calls, concurrency) => request({ type: 'floor', calls, concurrency }, 'floored'),
    recordFloor: (calls, concurrency) => request({ type: 'recordFloor', calls, concurrency }, 'recordFloored'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'exit' } satisfies ParentMessage);
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
