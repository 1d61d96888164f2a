/**
 * `npm start`: the whole pipeline on one machine (docs/local.md). Starts moto, the Wickr and Okta
 * emulators and the real handler behind a local SQS event source mapping, publishes a scenario's
 * events to EventBridge, waits until each has an outcome, prints a summary and (optionally)
 * writes report.json. Without arguments it runs the built-in demo.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from './stack/esm/executionEnvironment';
import { createProgress } from './stack/progress';
import { formatSummary } from './stack/report';
import { runScenario } from './stack/run';
import { readEventsFile, readSeedFile, ScenarioError } from './stack/scenario';
import { onTerminationSignals } from './stack/shutdown';
import { startLocalStack, type LocalStack } from './stack/stack';

const USAGE = `usage: npm start [-- --seed <seed.json> --events <events.jsonl>] [--report <report.json>]
                 [--rate <events/s>] [--timeout <seconds>] [--verbose] [--template <cloudformation.json>]
Without --seed/--events, runs the demo in local/scenarios/demo/.`;

const DEMO = join(PROJECT_ROOT, 'local/scenarios/demo');

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        seed: { type: 'string' }, events: { type: 'string' }, report: { type: 'string' }, timeout: { type: 'string' }, rate: { type: 'string' },
        verbose: { type: 'boolean', default: false }, template: { type: 'string' }, help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  if (args.help) fail(USAGE, 0);
  if (Boolean(args.seed) !== Boolean(args.events)) fail(`--seed and --events go together\n${USAGE}`, 2);
  const timeoutSeconds = Number(args.timeout ?? 600);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) fail(`--timeout: expected seconds, got ${args.timeout}`, 2);
  const rate = args.rate === undefined ? undefined : Number(args.rate);
  if (rate !== undefined && (!Number.isFinite(rate) || rate <= 0)) fail(`--rate: expected events per second, got ${args.rate}`, 2);

  let seed, events;
  try {
    seed = readSeedFile(resolve(args.seed ?? join(DEMO, 'seed.json')));
    events = readEventsFile(resolve(args.events ?? join(DEMO, 'events.jsonl')));
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
    say(`publishing ${events.length} event(s); the function's log goes to ${logPath}`);
    const { report, before } = await runScenario(stack, events, { timeoutMs: timeoutSeconds * 1000, eventsPerSecond: rate, progress: createProgress() });
    process.stdout.write(`\n${formatSummary(report, before)}\n`);
    if (args.report) {
      const path = resolve(args.report);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
      say(`report written to ${path}`);
    }
  } catch (error) {
    // Stopping on a signal fails the run on its way out; the signal handler sets the exit code.
    if (abort.signal.aborted) return;
    say(`error: ${(error as Error).message}`);
    await stopStack();
    process.exit(1);
  }
  if (abort.signal.aborted) return;
  await stopStack();
  process.exit(0);
}

void main();
