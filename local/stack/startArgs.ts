/**
 * `npm start`'s command line in one place: the flag table (each flag with its help line), the
 * usage text made from it, the exit codes, and the checks between flags. A new flag is one row
 * of {@link START_FLAGS} and, if it needs one, a check in {@link parseStartArgs}.
 */
import { parseArgs } from 'node:util';

/** Exit codes of `npm start`; the guard's is the deployed `npm run reconcile`'s (README § Exit codes). */
export const StartExit = {
  ok: 0,
  /** A run failed or timed out, or a reconcile could not finish. */
  failed: 1,
  /** Bad usage, a bad scenario, or a configuration the function refuses at start. */
  badInput: 2,
  /** A reconcile's guard stopped it (nothing sent); scripts/reconcile.ts exits 4 too. */
  guardTripped: 4,
} as const;

type Flag = { readonly type: 'string' | 'boolean'; readonly arg?: string; readonly help: string };

/** Every flag of `npm start`, in the order `--help` lists them. */
export const START_FLAGS = {
  seed: { type: 'string', arg: 'seed.json', help: 'the scenario: the mapping, the Wickr network and the directories (default: the demo)' },
  events: { type: 'string', arg: 'events.jsonl', help: 'EventBridge events to publish, one a line (needs --seed; optional with --bootstrap/--reconcile)' },
  bootstrap: { type: 'boolean', help: 'run a reconcile after seeding, before any event' },
  reconcile: { type: 'boolean', help: 'run a reconcile after the events have settled' },
  'dry-run': { type: 'boolean', help: 'the reconcile runs print their plan and send nothing' },
  'allow-mass-change': { type: 'boolean', help: "the reconcile runs go past the guard's suspension and creation limits (check the plan first)" },
  report: { type: 'string', arg: 'report.json', help: 'also write the machine-readable report (values in clear)' },
  rate: { type: 'string', arg: 'events/s', help: 'publish at most this many events a second' },
  timeout: { type: 'string', arg: 'seconds', help: 'fail when the events have not settled by then (default 600)' },
  'show-pii': { type: 'boolean', help: 'print emails and names in clear in the summary (local only: the seed is your own test data)' },
  'scim-port': {
    type: 'string',
    arg: 'port',
    help: 'serve the real scim handler at http://127.0.0.1:<port>/scim/v2 (0: a free port) until SIGINT/SIGTERM, then finish the work in flight (at most --timeout), write the report and exit 0; the seed\'s "scim" section preloads users and groups (docs/local.md § SCIM)',
  },
  'scim-token': { type: 'string', arg: 'token', help: 'the bearer token the SCIM endpoint accepts (20 characters or more; with --scim-port)' },
  verbose: { type: 'boolean', help: "echo the function's log to stderr" },
  template: { type: 'string', arg: 'cloudformation.json', help: 'use this template instead of packaging serverless.yml (tests)' },
  help: { type: 'boolean', help: 'print this help and exit 0' },
} as const satisfies Record<string, Flag>;

const EXIT_LINES = [
  `exit codes: ${StartExit.ok} done · ${StartExit.failed} a run failed or timed out · ${StartExit.badInput} bad usage, scenario or function configuration`,
  `            ${StartExit.guardTripped} a reconcile's guard stopped it (as npm run reconcile) · 130/143 Ctrl-C/SIGTERM`,
];

/** The `--help` text: usage, every flag, the exit codes. */
export function startUsage(): string {
  const rows = Object.entries(START_FLAGS).map(([name, flag]) => [`--${name}${'arg' in flag ? ` <${flag.arg}>` : ''}`, flag.help]);
  const width = Math.max(...rows.map(([f]) => f.length));
  return [
    'usage: npm start [-- [--seed <seed.json> [--events <events.jsonl>]] [--bootstrap] [--reconcile] [--dry-run] [--allow-mass-change] [options]]',
    'Runs the whole pipeline on this machine (moto, the Wickr and Okta emulators, the real functions); without --seed, the demo in local/scenarios/demo/.',
    '',
    ...rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`),
    '',
    ...EXIT_LINES,
  ].join('\n');
}

/** What `npm start` was asked to do. */
export type StartOptions = {
  readonly seed?: string;
  readonly events?: string;
  readonly bootstrap: boolean;
  readonly reconcile: boolean;
  readonly dryRun: boolean;
  readonly allowMassChange: boolean;
  readonly report?: string;
  readonly rate?: number;
  readonly timeoutSeconds: number;
  /** Local only: never passed to the stack or a function environment. */
  readonly showPii: boolean;
  readonly verbose: boolean;
  readonly template?: string;
  /** `--scim-port`/`--scim-token`: serve the SCIM endpoint until a signal. */
  readonly scim?: { readonly port: number; readonly token?: string };
};

/** The command line asked for help, or was wrong: print `message` and exit with `code`. */
export class StartUsage extends Error {
  public override readonly name = 'StartUsage';
  public readonly code: number;
  public constructor(message: string, code: number) {
    super(message);
    this.code = code;
  }
}

/** Parses `npm start`'s arguments; throws {@link StartUsage} for `--help` (code 0) and for bad usage (code 2). */
export function parseStartArgs(argv: readonly string[]): StartOptions {
  const options = Object.fromEntries(Object.entries(START_FLAGS).map(([name, flag]) => [name, { type: flag.type }])) as Record<keyof typeof START_FLAGS, { type: 'string' | 'boolean' }>;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new StartUsage(`${(error as Error).message}\n${startUsage()}`, StartExit.badInput);
  }
  const bad = (why: string): never => {
    throw new StartUsage(`${why}\n${startUsage()}`, StartExit.badInput);
  };
  if (values.help) throw new StartUsage(startUsage(), StartExit.ok);
  const flag = (name: keyof typeof START_FLAGS): boolean => values[name] === true;
  const text = (name: keyof typeof START_FLAGS): string | undefined => values[name] as string | undefined;
  const reconciles = flag('bootstrap') || flag('reconcile');
  if (flag('dry-run') && !reconciles) bad('--dry-run applies to --bootstrap/--reconcile runs');
  if (flag('allow-mass-change') && !reconciles) bad('--allow-mass-change applies to --bootstrap/--reconcile runs');
  const scim = scimOptions(text('scim-port'), text('scim-token'), bad);
  const seed = text('seed');
  const events = text('events');
  if (Boolean(seed) !== Boolean(events) && !(seed && (reconciles || scim))) bad('--seed needs --events, --bootstrap, --reconcile or --scim-port (and --events needs --seed)');
  const timeoutSeconds = Number(text('timeout') ?? 600);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) bad(`--timeout: expected seconds, got ${text('timeout')}`);
  const rate = text('rate') === undefined ? undefined : Number(text('rate'));
  if (rate !== undefined && (!Number.isFinite(rate) || rate <= 0)) bad(`--rate: expected events per second, got ${text('rate')}`);
  return {
    ...(seed !== undefined && { seed }),
    ...(events !== undefined && { events }),
    bootstrap: flag('bootstrap'),
    reconcile: flag('reconcile'),
    dryRun: flag('dry-run'),
    allowMassChange: flag('allow-mass-change'),
    ...(text('report') !== undefined && { report: text('report') }),
    ...(rate !== undefined && { rate }),
    timeoutSeconds,
    showPii: flag('show-pii'),
    verbose: flag('verbose'),
    ...(text('template') !== undefined && { template: text('template') }),
    ...(scim !== undefined && { scim }),
  };
}

/** The SCIM flags, checked; undefined without --scim-port. */
function scimOptions(portText: string | undefined, token: string | undefined, bad: (why: string) => never): StartOptions['scim'] {
  if (portText === undefined) {
    if (token !== undefined) bad('--scim-token needs --scim-port');
    return undefined;
  }
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) bad(`--scim-port: expected a port from 0 to 65535, got ${portText}`);
  if (token !== undefined && token.length < 20) bad('--scim-token: expected at least 20 characters (an IdP sends it as a bearer token)');
  return { port, ...(token !== undefined && { token }) };
}
