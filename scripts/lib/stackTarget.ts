/**
 * Finds a deployed stage's resources from its CloudFormation stack outputs (stack/outputs.yml)
 * and its reconcile function's environment, and turns the caller's set-up problems (no region,
 * no credentials, no such stack) into a {@link SetupError} that says what to do.
 */
import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DoctorCommands } from '../../src/core/doctor';
import { DEAD_LETTER_QUEUES, type DoctorTarget } from './doctorPorts';
import { dynamoScimTokens } from './scimTokens';

/** The caller's environment is not set up: the check never ran. `fix` says what to do. */
export class SetupError extends Error {
  public override readonly name = 'SetupError';
  public readonly fix: string;
  public constructor(message: string, fix: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.fix = fix;
  }
}

/** osls names the stack `<service>-<stage>`. */
export function stackName(stage: string, service = 'wickr-idp-sync'): string {
  return `${service}-${stage}`;
}

/** A SetupError for the SDK's own set-up failures, or undefined for anything else. */
export function setupErrorOf(error: unknown, stack: string, region?: string): SetupError | undefined {
  const e = error as { name?: string; message?: string };
  const message = e?.message ?? '';
  if (/region is missing/i.test(message)) {
    return new SetupError('no AWS region', "pass --region <the stack's region>, or set AWS_REGION (or a region in the AWS profile)", { cause: error });
  }
  if (e?.name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return new SetupError('no AWS credentials', 'sign in first (aws sso login --profile <p>, then AWS_PROFILE=<p>), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY', { cause: error });
  }
  if (['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch'].includes(e?.name ?? '')) {
    return new SetupError(`the AWS credentials were refused (${e.name})`, 'renew them (aws sso login, or new access keys) and run again', { cause: error });
  }
  if (e?.name === 'ValidationError' && /does not exist/i.test(message)) {
    return new SetupError(
      `stack ${stack} not found${region ? ` in ${region}` : ''}`,
      `check --stage and --region (aws cloudformation describe-stacks --stack-name ${stack}), or deploy it (docs/operations.md § Deploy)`,
      { cause: error },
    );
  }
  if (e?.name === 'AccessDenied' || e?.name === 'AccessDeniedException') {
    return new SetupError(`access denied: ${message}`, "the caller needs the doctor's read permissions (docs/deployer-policy.json, statement DoctorReads)", { cause: error });
  }
  return undefined;
}

/** The stack's outputs by key. */
export async function stackOutputs(cfn: CloudFormationClient, stack: string): Promise<Record<string, string>> {
  const out = await cfn.send(new DescribeStacksCommand({ StackName: stack }));
  const outputs: Record<string, string> = {};
  for (const o of out.Stacks?.[0]?.Outputs ?? []) if (o.OutputKey && o.OutputValue !== undefined) outputs[o.OutputKey] = o.OutputValue;
  return outputs;
}

/** Options of {@link deployedTarget}. */
export type DeployedTargetOptions = {
  readonly stage: string;
  readonly service: string;
  readonly cfn: CloudFormationClient;
  readonly lambda: LambdaClient;
  /** Reads the tokens of the SCIM table (the output `ScimTableName`, present only when SCIM is on). */
  readonly dynamodb: DynamoDBClient;
};

/** The doctor's view of a deployed stage: outputs, the reconcile function's environment, the stage's commands. */
export async function deployedTarget(options: DeployedTargetOptions): Promise<DoctorTarget> {
  const stack = stackName(options.stage, options.service);
  const outputs = await stackOutputs(options.cfn, stack);
  const functionName = outputs.ReconcileFunctionName;
  if (functionName === undefined) {
    throw new SetupError(`stack ${stack} has no output ReconcileFunctionName`, 'deploy this version of the stack first (it adds the output): npx osls deploy --stage <stage>');
  }
  const fn = await options.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  const region = await options.cfn.config.region();
  const deadLetterQueues = Object.entries(DEAD_LETTER_QUEUES)
    .map(([label, logicalId]) => ({ label, url: outputs[`${logicalId}Url`] }))
    .filter((q): q is { label: string; url: string } => q.url !== undefined);
  // SCIM is on when the stack has its table (stack/scim.yml's output ScimTableName).
  const scimTokens = outputs.ScimTableName === undefined ? undefined : dynamoScimTokens(options.dynamodb, outputs.ScimTableName);
  return {
    environment: fn.Environment?.Variables ?? {},
    deadLetterQueues,
    // The generic source's groups come only with its events; SCIM's are in its table, which the doctor does not list yet.
    unlistedSources: [...(outputs.GenericEventBusName !== undefined ? ['generic'] : []), ...(scimTokens !== undefined ? ['scim'] : [])],
    ...(scimTokens !== undefined && { scimTokens }),
    commands: stageCommands(options.stage, region, options.service),
    aws: { region },
  };
}

/** The commands of a deployed stage, as the fixes print them. */
export function stageCommands(stage: string, region: string, service: string): DoctorCommands {
  const tail = `--stage ${stage} --region ${region}${service === 'wickr-idp-sync' ? '' : ` --service ${service}`}`;
  return {
    reconcile: `npm run reconcile -- ${tail}`,
    redrive: (from) => `npm run redrive -- ${tail}${from === 'consumer' ? '' : ` --from ${from}`}`,
    scimToken: `npm run scim-token -- ${tail} create`,
  };
}
