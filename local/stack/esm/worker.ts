/**
 * One Lambda execution environment, as a child process: loads the handler module once (the cold
 * start), then runs one batch at a time received over IPC. Its stdout is the function's log
 * stream; the protocol uses only the IPC channel.
 *
 * argv: <module file> <export name> <function name> <memory MB> <region> <account id>
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { END_OF_INVOCATION_MARKER, type ParentMessage, type WorkerMessage } from './protocol';

const [moduleFile, exportName, functionName, memoryMb, region, accountId] = process.argv.slice(2);

function send(message: WorkerMessage): void {
  process.send?.(message);
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `Non-Error thrown: ${String(error)}`;
}

function contextFor(awsRequestId: string, deadline: number): Context {
  const unsupported = (): never => {
    throw new Error('callback-style context methods are not supported by the nodejs22.x runtime');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: memoryMb,
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${process.pid}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

async function main(): Promise<void> {
  let handler: Handler;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded once, like the runtime's init phase
    const mod = require(moduleFile) as Record<string, unknown>;
    const candidate = mod[exportName];
    if (typeof candidate !== 'function') throw new Error(`${moduleFile} has no function export "${exportName}"`);
    handler = candidate as Handler;
  } catch (error) {
    send({ type: 'initError', error: describe(error) });
    process.exitCode = 1;
    process.disconnect?.();
    return;
  }
  process.on('message', (message: ParentMessage) => {
    if (message.type !== 'invoke') return;
    const awsRequestId = randomUUID();
    process.env._X_AMZN_REQUEST_ID = awsRequestId;
    Promise.resolve()
      .then(() => handler(message.event, contextFor(awsRequestId, message.deadline)))
      .then(
        (response): WorkerMessage => ({ type: 'result', invocationId: message.invocationId, response }),
        (error: unknown): WorkerMessage => ({ type: 'error', invocationId: message.invocationId, error: describe(error) }),
      )
      .then((reply) => {
        process.stdout.write(`${END_OF_INVOCATION_MARKER}${message.invocationId}\n`, () => send(reply));
      });
  });
  // The parent is gone (killed or exited): an execution environment never outlives its poller.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

void main();
