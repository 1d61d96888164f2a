/**
 * `npm start`: the whole pipeline on one machine (docs/local.md). Starts moto, the Wickr and Okta
 * emulators and the real handler behind a local SQS event source mapping, publishes a scenario's
 * events to EventBridge, waits until each has an outcome, prints a summary and (optionally)
 * writes report.json. `--bootstrap` runs a reconcile before the events, `--reconcile` one after
 * them; each waits until its messages have settled. Without arguments it runs the built-in demo.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createMasker } from '../src/core/redact';
import { CLEAR } from './stack/report';
import type { LocalReconcileRun } from './stack/reconcile/runReconcile';
import type { Report } from './stack/report';
import { readEventsFile, readSeedFile, ScenarioError } from './stack/scenario';
import type { LocalStack } from './stack/stack';
import { parseStartArgs, StartExit, StartUsage, type StartOptions } from './stack/startArgs';

const PROJECT_ROOT = resolve(__dirname, '..');
const DEMO = join(PROJECT_ROOT, 'local/scenarios/demo');

/**
 * The stack's modules (the AWS SDK clients, the emulators, esbuild) load only once the command
 * line and the scenario are known good: a bad scenario is reported in a second or two.
 */
async function loadStack() {
  const [progress, runReconcile, summary, report, run, shutdown, stack, scimServe, iamCheck] = await Promise.all([
    import('./stack/progress'),
    import('./stack/reconcile/runReconcile'),
    import('./stack/reconcile/summary'),
    import('./stack/report'),
    import('./stack/run'),
    import('./stack/shutdown'),
    import('./stack/stack'),
    import('./stack/scim/serve'),
    import('./stack/iam/iamCheck'),
  ]);
  return { ...progress, ...runReconcile, ...summary, ...report, ...run, ...shutdown, ...stack, ...scimServe, ...iamCheck };
}

function fail(message: string, code: number): never {
  (code === 0 ? process.stdout : process.stderr).write(`${message}\n`);
  process.exit(code);
}

/** What a run's problem exits with: a function that refuses its configuration is bad input (2), anything else a failure (1). */
function exitCodeOf(error: unknown): number {
  const name = (error as Error | undefined)?.name;
  if (name === 'FunctionStartError') return StartExit.badInput;
  if (name === 'LocalReconcileError' && /ConfigError/.test((error as Error).message)) return StartExit.badInput;
  return StartExit.failed;
}

async function main(): Promise<void> {
  let args: StartOptions;
  try {
    args = parseStartArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof StartUsage) fail(error.message, error.code);
    throw error;
  }
  const reconciles = args.bootstrap || args.reconcile;
  const timeoutSeconds = args.timeoutSeconds;

  let seed: ReturnType<typeof readSeedFile>;
  let events: ReturnType<typeof readEventsFile>;
  try {
    seed = readSeedFile(resolve(args.seed ?? join(DEMO, 'seed.json')));
    events = args.events || (!args.seed && !args.scim) ? readEventsFile(resolve(args.events ?? join(DEMO, 'events.jsonl'))) : [];
  } catch (error) {
    fail(error instanceof ScenarioError ? `invalid scenario: ${error.message}` : String(error), StartExit.badInput);
  }
  // The summary is a log: values masked under this run's key, unless the user asked for their own seed's values.
  const mask = args.showPii ? CLEAR : createMasker(randomBytes(32));
  const {
    createProgress,
    runReconcile,
    formatReconcileSummary,
    formatSummary,
    withoutOutcomes,
    runScenario,
    onTerminationSignals,
    startLocalStack,
    toReportUser,
    serveUntilStopped,
    waitUntilAnswering,
    reportDenials,
  } = await loadStack();

  const logDir = join(PROJECT_ROOT, '.local/logs');
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, `start-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
  const functionLog = createWriteStream(logPath);
  const say = (line: string): void => void process.stderr.write(`${line}\n`);

  const abort = new AbortController();
  let stack: LocalStack | undefined;
  let starting: Promise<LocalStack> | undefined;
  const stopStack = async (): Promise<void> => {
    abort.abort();
    const running = stack ?? (await starting?.catch(() => undefined));
    await running?.stop();
    functionLog.end();
  };
  /**
   * Every way out once the stack has started: a call the template's IAM would refuse in AWS is
   * printed and fails a run that would otherwise pass (docs/operations.md § IAM).
   */
  const exitAfterRun = async (code: number): Promise<never> => {
    const denied = stack !== undefined && (await reportDenials(stack.iam, say));
    await stopStack();
    process.exit(code === StartExit.ok && denied ? StartExit.failed : code);
  };
  // With the SCIM endpoint a signal is how the run ends (with a report and exit 0), not an abort.
  const removeSignalHandlers = onTerminationSignals(stopStack, say);
  const scimRequests: Record<string, number> = {};

  try {
    say('starting moto, the Wickr and Okta emulators and the local event source mapping…');
    starting = startLocalStack({
      seed,
      templatePath: args.template ? resolve(args.template) : undefined,
      signal: abort.signal,
      log: say,
      onFunctionLog: (line) => {
        functionLog.write(`${line}\n`);
        if (args.verbose) say(line);
      },
      ...(args.scim && { scim: { ...args.scim, onRequest: ({ status }: { status: number }) => void (scimRequests[status] = (scimRequests[status] ?? 0) + 1) } }),
    });
    stack = await starting;
    const running = stack;
    const reconcileOnce = async (label: string): Promise<LocalReconcileRun> => {
      say(`${label}: running a reconcile${args.dryRun ? ' (dry run)' : ''}${args.allowMassChange ? ' allowing mass changes' : ''}; its log goes to ${logPath}`);
      const run = await runReconcile(running, {
        request: { ...(args.dryRun && { dryRun: true }), ...(args.allowMassChange && { allowMassChange: true }) },
        settleTimeoutMs: timeoutSeconds * 1000,
        signal: abort.signal,
        onLog: (line) => {
          functionLog.write(`${line}\n`);
          if (args.verbose) say(line);
        },
      });
      process.stdout.write(`\n${formatReconcileSummary(label, run.result, run, mask)}\n`);
      if (run.result.status === 'guardTripped') {
        say(
          `${label}: the guard stopped the run before it sent anything (exit ${StartExit.guardTripped}). Check the plan above; if it is what you want, ` +
            "re-run with --allow-mass-change, or raise the limits under guard in the seed's mapping.",
        );
      }
      return run;
    };
    const bootstrap = args.bootstrap ? await reconcileOnce('bootstrap') : undefined;
    const withEvents = events.length > 0 || (!reconciles && !args.scim);
    if (withEvents) say(`publishing ${events.length} event(s); the function's log goes to ${logPath}`);
    const scenario = await runScenario(stack, events, { timeoutMs: timeoutSeconds * 1000, eventsPerSecond: args.rate, progress: createProgress() });
    // The bootstrap's messages settled before the events were published: they are not the events' outcomes.
    const eventsReport = bootstrap ? withoutOutcomes(scenario.report, bootstrap.outcomes) : scenario.report;
    if (withEvents) process.stdout.write(`\n${formatSummary(eventsReport, scenario.before, mask)}\n`);
    if (args.scim && stack.scim) {
      removeSignalHandlers();
      const session = serveUntilStopped(stack, { timeoutMs: timeoutSeconds * 1000, requests: scimRequests, published: eventsReport.events.published, say });
      await waitUntilAnswering(stack.scim.server.url);
      process.stdout.write(`SCIM endpoint ready: ${stack.scim.server.url}\n`);
      const scimReport = await session;
      process.stdout.write(`\n${formatSummary(scimReport, scenario.before, mask)}\n`);
      if (args.report) writeReport(resolve(args.report), scimReport, say);
      await exitAfterRun(StartExit.ok);
    }
    const reconcile = args.reconcile ? await reconcileOnce('reconcile') : undefined;
    const finalWickr = reconcile ? wickrNow(stack, toReportUser) : eventsReport.wickr;
    const report: Record<string, unknown> = {
      ...eventsReport,
      wickr: finalWickr,
      ...(bootstrap && { bootstrap: bootstrap.report }),
      ...(reconcile && { reconcile: reconcile.report }),
    };
    if (args.report) writeReport(resolve(args.report), report, say);
    const failed = [bootstrap, reconcile].filter((r): r is LocalReconcileRun => r?.result.status === 'failed');
    if (failed.length) {
      say(`error: reconcile ${failed.map((r) => `${r.result.runId} failed: ${r.result.reason ?? ''} ${r.result.message ?? ''}`).join('; ')}`);
      await exitAfterRun(StartExit.failed);
    }
    if ([bootstrap, reconcile].some((r) => r?.result.status === 'guardTripped')) {
      await exitAfterRun(StartExit.guardTripped);
    }
  } catch (error) {
    // Stopping on a signal fails the run on its way out; the signal handler sets the exit code.
    if (abort.signal.aborted) return;
    say(`error: ${(error as Error).message}`);
    await exitAfterRun(exitCodeOf(error));
  }
  if (abort.signal.aborted) return;
  await exitAfterRun(StartExit.ok);
}

function writeReport(path: string, report: unknown, say: (line: string) => void): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  say(`report written to ${path}`);
}

/** Wickr's users and request counts as they are now (after a final reconcile). */
function wickrNow(stack: LocalStack, toReportUser: typeof import('./stack/report')['toReportUser']): Report['wickr'] {
  const state = stack.wickr.state();
  return { users: state.users.map(toReportUser), requests: state.requests };
}

void main();
