/**
 * Checks a deployed stage, read-only, in a few seconds, and prints a pass/fail table:
 *
 *   npm run doctor -- --stage prod [--region eu-west-2] [--service wickr-idp-sync]
 *   npm run doctor -- --local --seed local/scenarios/demo/seed.json      (the local stack: local/doctor.ts)
 *
 * The mapping parses; every mapped security group exists in the network; the scope and mapped
 * IdP groups resolve; each IdP credential and the Wickr access work; SCIM tokens exist when SCIM
 * is on; the dead-letter queues are empty; the last reconcile succeeded. Every failed row names
 * its fix. The stage's resources come from its CloudFormation outputs and its reconcile
 * function's environment. Exit codes: 0 every check passed (warnings and skips allowed), 1 a
 * check failed, 2 usage or set-up error (no region, no credentials, no such stack).
 */
import { parseArgs } from 'node:util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { formatDoctorReport, runDoctor } from '../src/core/doctor';
import { ConfigError } from '../src/core/errors';
import { connectDoctor, type DoctorTarget } from './lib/doctorPorts';
import { STACK_OPTIONS } from './lib/stackOptions';
import { deployedTarget, SetupError, setupErrorOf, stackName } from './lib/stackTarget';

const USAGE = `usage: npm run doctor -- --stage <stage> [--region <region>] [--service <name>]
       npm run doctor -- --local --seed <seed.json>     (the same checks on the local stack)

Checks, read-only: the mapping, the Wickr access and security groups, each IdP credential and
the mapped IdP groups, SCIM tokens (when SCIM is on), the dead-letter queues, the last reconcile.
Exit codes: 0 all passed, 1 a check failed, 2 usage or set-up error.`;

/** Dependencies a test replaces. */
export type DoctorMainDeps = {
  readonly out?: (line: string) => void;
  /** Finds the stage's target; default: CloudFormation outputs and the reconcile function's environment. */
  readonly target?: (options: { stage: string; region?: string; service: string }) => Promise<DoctorTarget>;
  /** Runs the local doctor (`--local`); default: local/doctor.ts, loaded only then. */
  readonly local?: (argv: string[]) => Promise<number>;
};

/** The command line. Returns the process exit code. */
export async function main(argv: string[], deps: DoctorMainDeps = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => console.log(line));
  let values: { stage?: string; region?: string; service: string; local: boolean; help: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      // --seed and the other local flags belong to local/doctor.ts.
      strict: !argv.includes('--local'),
      options: { ...STACK_OPTIONS, local: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    }) as { values: typeof values });
  } catch (error) {
    out(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (values.local) {
    const local = deps.local ?? (async (args: string[]) => (await import('../local/doctor')).main(args, out));
    return local(argv.filter((a) => a !== '--local'));
  }
  if (values.stage === undefined) {
    out(`give --stage (or --local)\n${USAGE}`);
    return 2;
  }
  const stack = stackName(values.stage, values.service);
  let target: DoctorTarget;
  try {
    target = await (deps.target ?? defaultTarget)({ stage: values.stage, region: values.region, service: values.service });
  } catch (error) {
    const setup = error instanceof SetupError ? error : setupErrorOf(error, stack, values.region);
    if (!setup) throw error;
    out(`set-up error: ${setup.message}`);
    out(`fix: ${setup.fix}`);
    return 2;
  }
  let connection: ReturnType<typeof connectDoctor>;
  try {
    connection = connectDoctor(target);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    out(`set-up error: the reconcile function's environment is incomplete (${error.message})`);
    out('fix: deploy the stage again from this repository (npx osls deploy --stage <stage>)');
    return 2;
  }
  try {
    out(`doctor: stack ${stack} in ${target.aws.region}`);
    const report = await runDoctor(connection.ports);
    for (const line of formatDoctorReport(report)) out(line);
    return report.ok ? 0 : 1;
  } finally {
    connection.close();
  }
}

/** The stage's target through the caller's default credential chain. */
async function defaultTarget(options: { stage: string; region?: string; service: string }): Promise<DoctorTarget> {
  const config = options.region === undefined ? {} : { region: options.region };
  const cfn = new CloudFormationClient(config);
  const lambda = new LambdaClient(config);
  try {
    // The SCIM token reads run later, with the doctor's checks: this client is not destroyed here.
    return await deployedTarget({ stage: options.stage, service: options.service, cfn, lambda, dynamodb: new DynamoDBClient(config) });
  } finally {
    cfn.destroy();
    lambda.destroy();
  }
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
