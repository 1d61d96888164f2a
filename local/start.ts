/**
 * `npm start`: the whole pipeline on one machine (docs/local.md). Starts moto, the Wickr and Okta
 * emulators and the real handler behind a local SQS event source mapping, publishes a scenario's
 * events to EventBridge, waits until each has an outcome, prints a summary and (optionally)
 * writes report.json. `--bootstrap` runs a reconcile before the events, `--reconcile` one after
 * them; each waits until its messages have settled. Without arguments it runs the built-in demo.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from './stack/esm/executionEnvironment';
import { createProgress } from './stack/progress';
import { runReconcile, type LocalReconcileRun } from './stack/reconcile/runReconcile';
import { formatReconcileSummary } from './stack/reconcile/summary';
import { formatSummary, toReportUser, withoutOutcomes, type Report } from './stack/report';
import { runScenario } from './stack/run';
import { readEventsFile, readSeedFile, ScenarioError } from './stack/scenario';
import { onTerminationSignals } from './stack/shutdown';
import { startLocalStack, type LocalStack } from './stack/stack';
import { reportDenials } from './stack/iam/iamCheck';

const USAGE = `usage: npm start [-- --seed <seed.json> [--bootstrap] [--events <events.jsonl>] [--reconcile] [--dry-run]]
                 [--report <report.json>] [--rate <events/s>] [--timeout <seconds>] [--verbose] [--template <cloudformation.json>]
--bootstrap runs a reconcile after seeding, before any event; --reconcile runs one after the events have settled;
--dry-run makes those runs print their plan and send nothing. --events may be left out when either is given.
Without --seed, runs the demo in local/scenarios/demo/.`;

const DEMO = join(PROJECT_ROOT, 'local/scenarios/demo');

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const options = {
    seed: { type: 'string' },
    events: { type: 'string' },
    report: { type: 'string' },
    timeout: { type: 'string' },
    rate: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    template: { type: 'string' },
    help: { type: 'boolean', default: false },
    bootstrap: { type: 'boolean', default: false },
    reconcile: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  } as const;
  let args: ReturnType<typeof parseArgs<{ options: typeof options; strict: true }>>['values'];
  try {
    args = parseArgs({ options, strict: true }).values;
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  if (args.help) fail(USAGE, 0);
  const reconciles = args.bootstrap || args.reconcile;
  if (args['dry-run'] && !reconciles) fail(`--dry-run applies to --bootstrap/--reconcile runs\n${USAGE}`, 2);
  if (Boolean(args.seed) !== Boolean(args.events) && !(args.seed && reconciles)) fail(`--seed needs --events, --bootstrap or --reconcile (and --events needs --seed)\n${USAGE}`, 2);
  const timeoutSeconds = Number(args.timeout ?? 600);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) fail(`--timeout: expected seconds, got ${args.timeout}`, 2);
  const rate = args.rate === undefined ? undefined : Number(args.rate);
  if (rate !== undefined && (!Number.isFinite(rate) || rate <= 0)) fail(`--rate: expected events per second, got ${args.rate}`, 2);

  let seed: ReturnType<typeof readSeedFile>;
  let events: ReturnType<typeof readEventsFile>;
  try {
    seed = readSeedFile(resolve(args.seed ?? join(DEMO, 'seed.json')));
    events = args.events || !args.seed ? readEventsFile(resolve(args.events ?? join(DEMO, 'events.jsonl'))) : [];
  } catch (error) {
    fail(error instanceof ScenarioError ? `invalid scenario: ${error.message}` : String(error), 2);
  }

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
  onTerminationSignals(stopStack, say);

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
    });
    stack = await starting;
    const running = stack;
    const reconcileOnce = async (label: string): Promise<LocalReconcileRun> => {
      say(`${label}: running a reconcile${args['dry-run'] ? ' (dry run)' : ''}; its log goes to ${logPath}`);
      const run = await runReconcile(running, {
        request: { dryRun: args['dry-run'] },
        settleTimeoutMs: timeoutSeconds * 1000,
        signal: abort.signal,
        onLog: (line) => {
          functionLog.write(`${line}\n`);
          if (args.verbose) say(line);
        },
      });
      process.stdout.write(`\n${formatReconcileSummary(label, run.result)}\n`);
      return run;
    };
    const bootstrap = args.bootstrap ? await reconcileOnce('bootstrap') : undefined;
    const withEvents = events.length > 0 || !reconciles;
    if (withEvents) say(`publishing ${events.length} event(s); the function's log goes to ${logPath}`);
    const scenario = await runScenario(stack, events, { timeoutMs: timeoutSeconds * 1000, eventsPerSecond: rate, progress: createProgress() });
    // The bootstrap's messages settled before the events were published: they are not the events' outcomes.
    const eventsReport = bootstrap ? withoutOutcomes(scenario.report, bootstrap.outcomes) : scenario.report;
    if (withEvents) process.stdout.write(`\n${formatSummary(eventsReport, scenario.before)}\n`);
    const reconcile = args.reconcile ? await reconcileOnce('reconcile') : undefined;
    const finalWickr = reconcile ? wickrNow(stack) : eventsReport.wickr;
    const report: Record<string, unknown> = {
      ...eventsReport,
      wickr: finalWickr,
      ...(bootstrap && { bootstrap: bootstrap.report }),
      ...(reconcile && { reconcile: reconcile.report }),
    };
    if (args.report) {
      const path = resolve(args.report);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
      say(`report written to ${path}`);
    }
    const failed = [bootstrap, reconcile].filter((r): r is LocalReconcileRun => r?.result.status === 'failed');
    if (failed.length) {
      say(`error: reconcile ${failed.map((r) => `${r.result.runId} failed: ${r.result.reason ?? ''} ${r.result.message ?? ''}`).join('; ')}`);
      await stopStack();
      process.exit(1);
    }
  } catch (error) {
    // Stopping on a signal fails the run on its way out; the signal handler sets the exit code.
    if (abort.signal.aborted) return;
    say(`error: ${(error as Error).message}`);
    await stopStack();
    process.exit(1);
  }
  if (abort.signal.aborted) return;
  // A call the template's IAM would refuse in AWS fails the run (docs/operations.md § IAM).
  const denied = stack !== undefined && (await reportDenials(stack.iam, say));
  await stopStack();
  process.exit(denied ? 1 : 0);
}

/** Wickr's users and request counts as they are now (after a final reconcile). */
function wickrNow(stack: LocalStack): Report['wickr'] {
  const state = stack.wickr.state();
  return { users: state.users.map(toReportUser), requests: state.requests };
}

void main();
