/**
 * What every operator tool does the same way: `--help` prints the usage and exits 0, an unknown
 * flag prints it and exits 2, and a local set-up problem is said as such, with its fix.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { setupProblem } from './setupErrors';

/** The usage was asked for (code 0) or the command line is wrong (code 2). */
export class UsageExit extends Error {
  public override readonly name = 'UsageExit';
  public readonly code: number;
  public constructor(message: string, code: number) {
    super(message);
    this.code = code;
  }
}

/**
 * Parses `argv` strictly with `options` (which must have `help`); throws {@link UsageExit} with
 * `about` and `usage` for `--help` (0) and for an unknown flag or a missing value (2).
 */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O, about: string, usage: string) {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageExit(`${(error as Error).message}\n${usage}`, 2);
  }
  if ((parsed.values as Record<string, unknown>).help === true) throw new UsageExit(`${about}\n${usage}`, 0);
  return parsed.values;
}

/**
 * Runs a tool's `main` as a command: exits with its code; a {@link UsageExit} prints its text
 * (stdout for help, stderr otherwise); a set-up problem is printed with its fix (exit 1).
 */
export function runCommand(main: (argv: string[]) => Promise<number>, context: () => { stage?: string; region?: string; service?: string } = () => ({})): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageExit) {
        (error.code === 0 ? process.stdout : process.stderr).write(`${error.message}\n`);
        process.exit(error.code);
      }
      console.error(setupProblem(error, context()) ?? (error instanceof Error ? `${error.name}: ${error.message}` : String(error)));
      process.exit(1);
    },
  );
}

/** `--stage`, `--region`, `--service` as given on the command line, for set-up messages. */
export function stackContext(argv: readonly string[]): { stage?: string; region?: string; service?: string } {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  };
  return { stage: value('--stage'), region: value('--region'), service: value('--service') };
}
