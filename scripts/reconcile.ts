/**
 * Runs a reconcile of a deployed stage now and prints its plan and summary.
 *
 *   npm run reconcile -- --stage prod [--dry-run] [--user <idp id or username>] [--group <idp group>]
 *     [--allow-mass-change] [--region r] [--function-name f] [--wait-seconds 1800]
 *
 * Invokes the stage's `reconcile` function (RequestResponse). A run too large for one
 * invocation continues by itself; the script then asks the function for the run's status
 * (`{ "status": true }`) until it ends. The plan names users by id and changed fields only.
 * Exit codes: 0 done, 1 failed, 2 usage, 3 another run in progress, 4 the guard stopped the run.
 */
import { parseArgs } from 'node:util';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { PlanLine, RunResult } from '../src/core/reconcile';
import { STACK_OPTIONS } from './lib/stackOptions';

/** The reconcile function of a stage, as osls names it (`<service>-<stage>-<function>`). */
export function reconcileFunctionName(stage: string, service = 'wickr-idp-sync'): string {
  return `${service}-${stage}-reconcile`;
}

/** Calls the function with a payload and returns its JSON answer; throws with the function's error. */
export type Invoke = (payload: Record<string, unknown>) => Promise<unknown>;

/** A RequestResponse invoke through the Lambda API. */
export function lambdaInvoke(client: LambdaClient, functionName: string): Invoke {
  return async (payload) => {
    const out = await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(payload)) }));
    const text = out.Payload ? Buffer.from(out.Payload).toString('utf8') : 'null';
    if (out.FunctionError) {
      const error = JSON.parse(text) as { errorType?: string; errorMessage?: string };
      throw new Error(`${error.errorType ?? out.FunctionError}: ${error.errorMessage ?? text}`);
    }
    return JSON.parse(text) as unknown;
  };
}

/** The plan, one line per user: who, why, which fields (never values). */
export function formatPlan(result: RunResult): string[] {
  if (result.plan.length === 0) return ['plan: nothing to change'];
  const lines = result.plan.map(
    (p: PlanLine) => `  ${p.reason.padEnd(9)} wickr ${(p.wickrUserId ?? '(new)').padEnd(12)} ${p.idpUserId ? `${p.source}:${p.idpUserId}` : '(no IdP user)'}  ${p.fields.join(', ')}`,
  );
  const more = result.planTruncated ? [`  … ${result.counts.drifted - result.plan.length} more (the summary counts them all)`] : [];
  return [`plan (${result.counts.dryRun ? 'dry run: nothing sent' : 'sent to the consumer'}):`, ...lines, ...more];
}

/** The summary table: in scope, linked, drifted by field, to suspend, to unsuspend, unmanaged, skipped. */
export function formatSummary(result: RunResult): string[] {
  const c = result.counts;
  const rows: [string, string | number][] = [
    ['run', `${result.runId} (${result.status}${result.reason ? `: ${result.reason}` : ''})`],
    ['in scope', c.inScope],
    ['Wickr users', c.wickrUsers],
    ['linked', c.linked],
    ['drifted', c.drifted],
    ...Object.entries(c.driftedByField)
      .sort()
      .map(([field, n]): [string, number] => [`  ${field}`, n]),
    ['to update', c.toUpdate],
    ['to suspend', c.toSuspend],
    ['to unsuspend', c.toUnsuspend],
    ['unmanaged', c.unmanaged],
    ['skipped (generic)', c.skippedGeneric],
    ['conflicts', c.conflicts],
    ['not provisioned', c.notProvisioned],
    // Older run records (before provisioning) have no such counts.
    ['to create', c.toCreate ?? 0],
    ['to re-invite', c.toReinvite ?? 0],
    ['to delete', c.toDelete ?? 0],
    ['messages sent', c.messagesSent],
    ['links written', c.linksWritten],
    ['guard tripped', String(c.guardTripped)],
    ['duration', `${(result.durationMs / 1000).toFixed(1)} s in ${result.invocations} invocation(s)`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`), ...(result.message ? [`reason: ${result.message}`] : [])];
}

const USAGE = `usage: npm run reconcile -- --stage <stage> [--dry-run] [--user <idp id or username>] [--group <idp group>]
                             [--allow-mass-change] [--region <region>] [--function-name <name>] [--wait-seconds <s>]`;

type Answer = { status?: string; runId?: string; message?: string; result?: RunResult; phase?: string };

/** The command line. Returns the process exit code. */
export async function main(argv: string[], deps: { invoke?: Invoke; out?: (line: string) => void; sleep?: (ms: number) => Promise<void>; now?: () => number } = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => console.log(line));
  const { values } = parseArgs({
    args: argv,
    options: {
      ...STACK_OPTIONS,
      'function-name': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      user: { type: 'string' },
      group: { type: 'string' },
      'allow-mass-change': { type: 'boolean', default: false },
      'wait-seconds': { type: 'string', default: '1800' },
      help: { type: 'boolean', default: false },
    },
  });
  const waitMs = Number(values['wait-seconds']) * 1000;
  if (values.help || (values.stage === undefined && values['function-name'] === undefined) || !(waitMs >= 0)) {
    out(`${values.help ? 'Runs a reconcile of a deployed stage now.' : 'give --stage (or --function-name)'}\n${USAGE}`);
    return 2;
  }
  const functionName = values['function-name'] ?? reconcileFunctionName(values.stage as string, values.service);
  const invoke = deps.invoke ?? lambdaInvoke(new LambdaClient(values.region === undefined ? {} : { region: values.region }), functionName);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = deps.now ?? Date.now;

  const payload = {
    ...(values['dry-run'] && { dryRun: true }),
    ...(values.user !== undefined && { user: values.user }),
    ...(values.group !== undefined && { group: values.group }),
    ...(values['allow-mass-change'] && { allowMassChange: true }),
  };
  out(`invoking ${functionName} ${JSON.stringify(payload)}`);
  let answer: Answer;
  try {
    answer = (await invoke(payload)) as Answer;
  } catch (error) {
    // A failed run makes the function error; its summary is still on the run record.
    out(`the function failed: ${error instanceof Error ? error.message : String(error)}`);
    answer = (await invoke({ status: true })) as Answer;
  }
  if (answer.status === 'inProgress') {
    out(answer.message ?? 'a run is in progress');
    return 3;
  }
  const deadline = now() + waitMs;
  while (answer.status === 'continuing' || answer.status === 'running') {
    if (now() >= deadline) {
      out(`run ${answer.runId} is still going; ask again later: npm run reconcile -- --stage ${values.stage ?? '<stage>'} (it reports "a run is in progress")`);
      return 3;
    }
    out(`run ${answer.runId} continues in a fresh invocation (${answer.phase ?? '…'}); waiting`);
    await sleep(5_000);
    answer = (await invoke({ status: true })) as Answer;
  }
  const result = answer.result;
  if (!result) {
    out(`unexpected answer: ${JSON.stringify(answer)}`);
    return 1;
  }
  for (const line of [...formatPlan(result), '', ...formatSummary(result)]) out(line);
  if (result.status === 'guardTripped') return 4;
  return result.status === 'succeeded' ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
      process.exit(1);
    },
  );
}
