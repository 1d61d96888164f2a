/**
 * Moves dead-lettered messages back onto the events queue.
 *
 *   npm run redrive -- --stage prod [--region eu-west-1] [--from consumer|okta|identity-center|generic]
 *   npm run redrive -- --stage prod --only-class RetriesExhausted,DependencyError   (or --except-class MalformedEvent)
 *   npm run redrive -- --stage prod --status
 *   npm run redrive -- --dlq-arn <arn> --queue-arn <arn> [--mode auto|move|copy]
 *
 * `move` asks SQS to do it (StartMessageMoveTask, the API behind the console's "Start DLQ
 * redrive"), which runs in the background and prints a task handle. `copy` does it here:
 * receive, send to the queue with the same body and message attributes, then delete. The
 * default `auto` uses `move` and falls back to `copy` only when the endpoint answers that the
 * API is not implemented (moto). The delivery dead-letter queues (`--from okta` …) are always
 * copied: SQS moves messages only out of a queue that is the dead-letter queue of another SQS
 * queue, and these are EventBridge's. Their bodies are the events the rule would have sent, so
 * the consumer reads them like any other message. Filtering by the `errorClass` attribute the
 * consumer sets (`--only-class`, `--except-class`) is a copy too: a move task takes everything.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html
 */
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListMessageMoveTasksCommand, SQSClient, StartMessageMoveTaskCommand, type ListMessageMoveTasksResultEntry } from '@aws-sdk/client-sqs';
import { copyMessages, UNCLASSIFIED, type ClassFilter, type QueueRef, type RedriveResult } from './lib/copyMessages';
import { parseCommandLine, runCommand, stackContext, UsageExit } from './lib/cli';
import { STACK_OPTIONS } from './lib/stackOptions';

export { copyMessages, errorClassOf, passes, UNCLASSIFIED } from './lib/copyMessages';
export type { ClassFilter, CopyOptions, CopyResult, QueueRef, RedriveResult } from './lib/copyMessages';

/** Where dead letters can be moved from. */
export const RedriveSource = { Consumer: 'consumer', Okta: 'okta', IdentityCenter: 'identity-center', Generic: 'generic' } as const;
export type RedriveSource = (typeof RedriveSource)[keyof typeof RedriveSource];

/** `move`: StartMessageMoveTask; `copy`: receive, send, delete here; `auto`: move, else copy. */
export const RedriveMode = { Auto: 'auto', Move: 'move', Copy: 'copy' } as const;
export type RedriveMode = (typeof RedriveMode)[keyof typeof RedriveMode];

/** Queue names of a stage, as stack/queues.yml names them. */
export function stackQueueNames(stage: string, service = 'wickr-idp-sync'): { queue: string; deadLetter: Record<RedriveSource, string> } {
  const prefix = `${service}-${stage}`;
  return {
    queue: `${prefix}-events`,
    deadLetter: {
      consumer: `${prefix}-events-dlq`,
      okta: `${prefix}-okta-delivery-dlq`,
      'identity-center': `${prefix}-identity-center-delivery-dlq`,
      generic: `${prefix}-generic-delivery-dlq`,
    },
  };
}

/** Finds a queue's URL and ARN from its name or its ARN. */
export async function resolveQueue(sqs: SQSClient, by: { name: string } | { arn: string }): Promise<QueueRef> {
  let url: string | undefined;
  if ('arn' in by) {
    const [, , service, , account, name] = by.arn.split(':');
    if (service !== 'sqs' || !account || !name) throw new Error(`not an SQS queue ARN: ${by.arn}`);
    ({ QueueUrl: url } = await sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account })));
  } else {
    ({ QueueUrl: url } = await sqs.send(new GetQueueUrlCommand({ QueueName: by.name })));
  }
  if (!url) throw new Error(`GetQueueUrl returned no URL for ${JSON.stringify(by)}`);
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`GetQueueAttributes returned no QueueArn for ${url}`);
  return { url, arn };
}

const NOT_IMPLEMENTED_CODES = new Set(['NotImplemented', 'NotImplementedException', 'UnsupportedOperation', 'InvalidAction', 'UnknownOperationException']);

/**
 * True when the endpoint says it does not implement the call: a not-implemented error code or
 * HTTP 501, or an HTML 500 page instead of an API answer (moto raises NotImplementedError for
 * StartMessageMoveTask, which its server turns into an HTML "Internal Server Error").
 */
export function isNotImplemented(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { Code?: string; $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> } };
  if (NOT_IMPLEMENTED_CODES.has(e.name) || (e.Code !== undefined && NOT_IMPLEMENTED_CODES.has(e.Code))) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status === 501) return true;
  return status === 500 && (e.$response?.headers?.['content-type'] ?? '').startsWith('text/html');
}

/** Starts a move (or copies, see the file comment) from `source` to `destination`. */
export async function redrive(
  sqs: SQSClient,
  source: QueueRef,
  destination: QueueRef,
  options: { mode: RedriveMode; maxPerSecond?: number; filter?: ClassFilter; log?: (line: string) => void; waitSeconds?: number },
): Promise<RedriveResult> {
  if (options.filter !== undefined && options.mode === RedriveMode.Move) throw new Error('a move task cannot filter by errorClass: use --mode copy');
  if (options.mode !== RedriveMode.Copy && options.filter === undefined) {
    try {
      const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: source.arn, DestinationArn: destination.arn, MaxNumberOfMessagesPerSecond: options.maxPerSecond }));
      if (!TaskHandle) throw new Error('StartMessageMoveTask returned no task handle');
      return { mode: 'move', taskHandle: TaskHandle };
    } catch (error) {
      if (options.mode === RedriveMode.Move || !isNotImplemented(error)) throw error;
      options.log?.('StartMessageMoveTask is not implemented by this endpoint: copying the messages instead (--mode copy)');
    }
  }
  return { mode: 'copy', ...(await copyMessages(sqs, source, destination, { waitSeconds: options.waitSeconds, maxPerSecond: options.maxPerSecond, filter: options.filter })) };
}

/** The latest move tasks out of `source` (SQS keeps those of the last 14 days). */
export async function listMoveTasks(sqs: SQSClient, source: QueueRef): Promise<ListMessageMoveTasksResultEntry[]> {
  const { Results = [] } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: source.arn, MaxResults: 10 }));
  return Results;
}

function describeTask(t: ListMessageMoveTasksResultEntry): string {
  const started = t.StartedTimestamp === undefined ? '' : ` started ${new Date(t.StartedTimestamp).toISOString()}`;
  const progress = `${t.ApproximateNumberOfMessagesMoved ?? 0}/${t.ApproximateNumberOfMessagesToMove ?? '?'} moved`;
  return `${t.Status ?? 'UNKNOWN'} ${progress}${started}${t.FailureReason ? ` failure: ${t.FailureReason}` : ''} task ${t.TaskHandle ?? '-'}`;
}

const USAGE = `usage: npm run redrive -- --stage <stage> [--region <region>] [--from consumer|okta|identity-center|generic]
                           [--mode auto|move|copy] [--max-per-second <n>] [--status] [--service <name>]
                           [--only-class <class,...> | --except-class <class,...>]   (copies; class ${UNCLASSIFIED}: no errorClass)
       npm run redrive -- --dlq-arn <arn> --queue-arn <arn> [...]
  --stage <stage>             the deployed stage; --region <region> where it is; --service <name> if renamed
  --from <queue>              which dead-letter queue: consumer (default), okta, identity-center, generic
  --mode auto|move|copy       move with StartMessageMoveTask, or copy message by message (default auto)
  --max-per-second <n>        at most n messages a second (1 to 500)
  --status                    list the move tasks out of the dead-letter queue and exit
  --only-class <c,...>        copy only dead letters of these errorClass values
  --except-class <c,...>      copy all but these
  --dlq-arn <arn> --queue-arn <arn>  name the queues directly instead of --stage
  --help                      print this help and exit 0`;

/** A comma-separated list of classes, or undefined. */
const classList = (value: string | undefined): string[] | undefined =>
  value
    ?.split(',')
    .map((c) => c.trim())
    .filter(Boolean);

/** The command line. Returns the process exit code. */
export async function main(argv: string[], deps: { sqs?: SQSClient; out?: (line: string) => void } = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => console.log(line));
  const options = {
    ...STACK_OPTIONS,
    from: { type: 'string', default: RedriveSource.Consumer },
    mode: { type: 'string', default: RedriveMode.Auto },
    'max-per-second': { type: 'string' },
    'dlq-arn': { type: 'string' },
    'queue-arn': { type: 'string' },
    'only-class': { type: 'string' },
    'except-class': { type: 'string' },
    status: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  } as const;
  let values: ReturnType<typeof parseCommandLine<typeof options>>;
  try {
    values = parseCommandLine(argv, options, 'Moves dead-lettered messages back onto the events queue.', USAGE);
  } catch (error) {
    if (!(error instanceof UsageExit)) throw error;
    out(error.message);
    return error.code;
  }
  const from = values.from as RedriveSource;
  const mode = values.mode as RedriveMode;
  const byArn = values['dlq-arn'] !== undefined || values['queue-arn'] !== undefined;
  const usageError = (why: string): number => {
    out(`${why}\n${USAGE}`);
    return 2;
  };
  if (!Object.values(RedriveSource).includes(from)) return usageError(`unknown --from ${from}`);
  if (!Object.values(RedriveMode).includes(mode)) return usageError(`unknown --mode ${mode}`);
  if (byArn && (values['dlq-arn'] === undefined || values['queue-arn'] === undefined)) return usageError('give both --dlq-arn and --queue-arn');
  if (!byArn && values.stage === undefined) return usageError('give --stage (or --dlq-arn and --queue-arn)');
  const maxPerSecond = values['max-per-second'] === undefined ? undefined : Number(values['max-per-second']);
  if (maxPerSecond !== undefined && !(Number.isInteger(maxPerSecond) && maxPerSecond >= 1 && maxPerSecond <= 500)) {
    return usageError('--max-per-second must be a whole number from 1 to 500');
  }
  const delivery = from !== RedriveSource.Consumer;
  if (delivery && mode === RedriveMode.Move) return usageError(`--from ${from} can only be copied: SQS moves messages only out of an SQS queue's dead-letter queue`);
  const [only, except] = [classList(values['only-class']), classList(values['except-class'])];
  if (only !== undefined && except !== undefined) return usageError('give --only-class or --except-class, not both');
  if ((only ?? except)?.length === 0) return usageError('--only-class and --except-class take a comma-separated list of errorClass values');
  const filter: ClassFilter | undefined = only !== undefined ? { only } : except !== undefined ? { except } : undefined;
  if (filter !== undefined && mode === RedriveMode.Move) return usageError('--only-class and --except-class copy the messages: a move task cannot filter (leave out --mode move)');

  const sqs = deps.sqs ?? new SQSClient(values.region === undefined ? {} : { region: values.region });
  const names = values.stage === undefined ? undefined : stackQueueNames(values.stage, values.service);
  const source = await resolveQueue(sqs, names ? { name: names.deadLetter[from] } : { arn: values['dlq-arn'] as string });
  if (values.status) {
    try {
      const tasks = await listMoveTasks(sqs, source);
      out(tasks.length === 0 ? `no message move tasks from ${source.arn}` : tasks.map(describeTask).join('\n'));
      return 0;
    } catch (error) {
      if (!isNotImplemented(error)) throw error;
      out('ListMessageMoveTasks is not implemented by this endpoint (copy mode runs in the foreground: there are no tasks to list)');
      return 1;
    }
  }
  const destination = await resolveQueue(sqs, names ? { name: names.queue } : { arn: values['queue-arn'] as string });
  const result = await redrive(sqs, source, destination, { mode: delivery || filter !== undefined ? RedriveMode.Copy : mode, maxPerSecond, filter, log: out });
  if (result.mode === 'move') {
    out(`started moving messages from ${source.arn} to ${destination.arn}`);
    out(`task handle: ${result.taskHandle}`);
    out('follow it with --status (or cancel it with aws sqs cancel-message-move-task --task-handle <handle>)');
    return 0;
  }
  const notes = [
    ...(result.skipped > 0 ? [`${result.skipped} left in the dead-letter queue by the errorClass filter`] : []),
    ...(result.failed > 0 ? [`${result.failed} could not be sent and stay in the dead-letter queue`] : []),
    ...(result.notDeleted > 0 ? [`${result.notDeleted} were sent but could not be deleted: they are on both queues (the consumer skips the duplicates)`] : []),
  ];
  out(`copied ${result.moved} message(s) from ${source.arn} to ${destination.arn}${notes.map((n) => `; ${n}`).join('')}`);
  return result.failed > 0 || result.notDeleted > 0 ? 1 : 0;
}

if (require.main === module) runCommand(main, () => stackContext(process.argv.slice(2)));
