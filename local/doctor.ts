/**
 * The doctor on the local stack: `npm run doctor -- --local --seed <seed.json>` starts moto and
 * the emulators with the seed (as `npm start` does, no events), runs the same checks as on a
 * deployed stage through the same adapters, prints the table and stops everything. Exit codes
 * as scripts/doctor.ts: 0 passed, 1 a check failed, 2 usage or a seed that cannot be used.
 * A fresh local stack has run no reconcile yet: that row warns, it does not fail.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDoctor, DEAD_LETTER_QUEUES, type DoctorTarget } from '../scripts/lib/doctorPorts';
import { formatDoctorReport, runDoctor, type DoctorReport, type ScimTokenPort } from '../src/core/doctor';
import { readSeedFile, ScenarioError } from './stack/scenario';
import { startLocalStack, type LocalStack } from './stack/stack';

const USAGE = `usage: npm run doctor -- --local --seed <seed.json> [--template <cloudformation.json>]
Starts the local stack with the seed (no events), runs the doctor's checks on it, and stops it.`;

/** What the local stack's doctor is told besides the stack. */
export type LocalDoctorOptions = {
  /** The seed file, for the commands the fixes print. */
  readonly seedPath: string;
  /** The SCIM token store when the scenario has a SCIM endpoint; absent: SCIM off. */
  readonly scimTokens?: ScimTokenPort;
  /** Replaces parts of the target (tests: other Wickr credentials, a SCIM port). */
  readonly target?: Partial<DoctorTarget>;
};

/** The doctor's view of a running local stack: the reconcile function's environment, the template's dead-letter queues, moto. */
export function localTarget(stack: LocalStack, options: LocalDoctorOptions): DoctorTarget {
  const functionEnvironment = stack.reconcileEnvironment;
  if (functionEnvironment === undefined) throw new ScenarioError('the template has no reconcile function: the doctor reads its environment');
  // The doctor calls with the operator's credentials, not the reconcile's role: straight to the
  // emulator, not through the reconcile's IAM recorder (which would judge it as ReconcileRole).
  const environment: Readonly<Record<string, string>> = { ...functionEnvironment, WICKR_ENDPOINT: stack.wickr.url };
  const labels = new Map<string, string>(Object.entries(DEAD_LETTER_QUEUES).map(([label, logicalId]) => [logicalId, label]));
  const deadLetterQueues = stack.resources.queues.flatMap((q) => {
    const label = labels.get(q.logicalId);
    return label === undefined ? [] : [{ label, url: q.url }];
  });
  const start = `npm start -- --seed ${options.seedPath}`;
  return {
    environment,
    deadLetterQueues,
    // The local stage always has the generic bus, but the seed lists every group of the scenario's directories: a group none of them has is a typo here.
    unlistedSources: [],
    ...(options.scimTokens !== undefined && { scimTokens: options.scimTokens }),
    commands: {
      reconcile: `${start} --reconcile`,
      // The local stack ends with the doctor: its report (npm start --report) lists each dead letter with its reason.
      redrive: () => `${start} --report report.json, and read deadLetters`,
      scimToken: `${start} --scim-port <port> --scim-token <token>`,
    },
    aws: {
      region: environment.AWS_REGION ?? 'us-east-1',
      endpoint: stack.motoEndpoint,
      credentials: { accessKeyId: environment.AWS_ACCESS_KEY_ID ?? 'test', secretAccessKey: environment.AWS_SECRET_ACCESS_KEY ?? 'test' },
    },
    ...options.target,
  };
}

/** Runs the checks on a running local stack (the e2e test shares one stack between runs). */
export async function runLocalDoctor(stack: LocalStack, options: LocalDoctorOptions): Promise<DoctorReport> {
  const connection = connectDoctor(localTarget(stack, options));
  try {
    return await runDoctor(connection.ports);
  } finally {
    connection.close();
  }
}

/** The command line (after `--local`). Returns the process exit code. */
export async function main(argv: string[], out: (line: string) => void = (line) => console.log(line)): Promise<number> {
  let values: { seed?: string; template?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { seed: { type: 'string' }, template: { type: 'string' }, help: { type: 'boolean', default: false } } }));
  } catch (error) {
    out(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (values.seed === undefined) {
    out(`give --seed\n${USAGE}`);
    return 2;
  }
  let seed: ReturnType<typeof readSeedFile>;
  try {
    seed = readSeedFile(resolve(values.seed));
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    out(error.message);
    return 2;
  }
  out('starting the local stack (moto, the emulators) with the seed…');
  const stack = await startLocalStack({ seed, ...(values.template !== undefined && { templatePath: resolve(values.template) }) });
  try {
    const report = await runLocalDoctor(stack, { seedPath: values.seed });
    for (const line of formatDoctorReport(report)) out(line);
    return report.ok ? 0 : 1;
  } finally {
    await stack.stop();
  }
}
