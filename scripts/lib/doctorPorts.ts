/**
 * The doctor's ports on the existing adapters, for a deployed stage (scripts/doctor.ts) and for
 * the local stack (local/doctor.ts) alike. Every call is a read: SSM GetParameter, Wickr
 * ListSecurityGroups, Secrets Manager GetSecretValue and one Okta or Identity Store page,
 * SQS GetQueueAttributes, DynamoDB GetItem. docs/deployer-policy.json (statement DoctorReads)
 * grants exactly these to the operator.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdentitystoreClient, ListUsersCommand } from '@aws-sdk/client-identitystore';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsClientConfig } from '../../src/adapters/aws/clientConfig';
import { DynamoReconcileStore } from '../../src/adapters/aws/DynamoReconcileStore';
import { loadSecretString } from '../../src/adapters/aws/secrets';
import { fromAwsError } from '../../src/adapters/aws/sdkErrors';
import { createIdentityCenterLister } from '../../src/adapters/identitycenter';
import { createOktaClient, createOktaLister } from '../../src/adapters/okta';
import { OktaFamily } from '../../src/adapters/okta/types';
import { WickrClient } from '../../src/adapters/wickr';
import type { DoctorCommands, DoctorDirectory, DoctorPorts, ScimTokenPort } from '../../src/core/doctor';
import type { InitializeHandler, InitializeMiddleware } from '@smithy/types';
import { DependencyError, FailureKind } from '../../src/core/errors';
import { readConfig } from '../../src/handlers/config';

/** The stack's dead-letter queues by the `--from` name of `npm run redrive`, and their template logical ids. */
export const DEAD_LETTER_QUEUES = {
  consumer: 'EventsDeadLetterQueue',
  okta: 'OktaDeliveryDeadLetterQueue',
  'identity-center': 'IdentityCenterDeliveryDeadLetterQueue',
  generic: 'GenericDeliveryDeadLetterQueue',
  scim: 'ScimDeliveryDeadLetterQueue',
} as const;

/** What the doctor needs to know about a stack, however it was found. */
export type DoctorTarget = {
  /** The reconcile function's environment: the network, the mapping parameter, the directories, the table. */
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** The dead-letter queues that exist, by redrive `--from` name. */
  readonly deadLetterQueues: readonly { readonly label: string; readonly url: string }[];
  /** Sources on whose groups cannot be listed here (DoctorPorts.unlistedSources). */
  readonly unlistedSources: readonly string[];
  /** Absent when the stack has no SCIM endpoint. */
  readonly scimTokens?: ScimTokenPort;
  readonly commands: DoctorCommands;
  /** Told each AWS API call the doctor makes (`SSM GetParameterCommand`): the tests prove it only reads. */
  readonly onAwsCall?: (call: string) => void;
  /** The caller's AWS settings: the region, and locally moto's endpoint and credentials. */
  readonly aws: { readonly region: string; readonly endpoint?: string; readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string } };
};

/** What {@link connectDoctor} needs of an SDK client to watch its calls. */
type AwsClient = { readonly middlewareStack: { add(...args: never[]): void }; destroy(): void };

/** A built doctor: its ports and what to close afterwards. */
export type DoctorConnection = { readonly ports: DoctorPorts; close(): void };

/** One attempt of each call at most this long, so the doctor answers in seconds even when a service does not. */
const CALL_TIMEOUT_MS = 10_000;

/**
 * Builds the ports. Throws `ConfigError` when the function's environment is incomplete (a stack
 * that was not deployed from this repository, or an older one).
 */
export function connectDoctor(target: DoctorTarget): DoctorConnection {
  const config = readConfig(target.environment);
  const aws = {
    ...awsClientConfig({ connectionTimeoutMs: 3_000, requestTimeoutMs: CALL_TIMEOUT_MS }),
    region: target.aws.region,
    maxAttempts: 2,
    ...(target.aws.endpoint !== undefined && { endpoint: target.aws.endpoint }),
    ...(target.aws.credentials !== undefined && { credentials: { ...target.aws.credentials } }),
  };
  const wickr = new WickrClient({
    region: config.wickr.region,
    endpoint: config.wickr.endpoint,
    useFips: config.wickr.useFips,
    useDualStack: config.wickr.useDualStack,
    ...(target.aws.credentials !== undefined && { credentials: { ...target.aws.credentials } }),
    callTimeoutMs: CALL_TIMEOUT_MS,
    maxAttempts: 2,
  });
  const clients: AwsClient[] = [];
  const watch = <C extends AwsClient>(client: C): C => {
    clients.push(client);
    const { onAwsCall } = target;
    if (onAwsCall !== undefined) {
      const middleware: InitializeMiddleware<object, object> = (next: InitializeHandler<object, object>, context) => (args) => {
        onAwsCall(`${context.clientName ?? 'client'} ${context.commandName ?? 'command'}`);
        return next(args);
      };
      client.middlewareStack.add(middleware as never);
    }
    return client;
  };
  const ssm = watch(new SSMClient(aws));
  const sqs = watch(new SQSClient(aws));
  const store = new DynamoReconcileStore({ client: watch(new DynamoDBClient(aws)), tableName: config.stateTableName });
  const parameterName = config.mapping.parameterName;
  const mappingFile = config.mapping.file;

  const directories: DoctorDirectory[] = [];
  if (config.okta) directories.push(oktaDirectory(config.okta, watch(new SecretsManagerClient(aws))));
  if (config.identityCenter) directories.push(identityCenterDirectory(config.identityCenter.identityStoreId, watch(new IdentitystoreClient(aws))));

  const ports: DoctorPorts = {
    mappingLocation: parameterName !== undefined ? `SSM parameter ${parameterName}` : `file ${mappingFile}`,
    readMapping: () => (parameterName !== undefined ? readParameter(ssm, parameterName) : import('node:fs/promises').then((fs) => fs.readFile(mappingFile as string, 'utf8'))),
    networkId: config.wickr.networkId,
    wickrRegion: config.wickr.region,
    listSecurityGroups: async () => (await wickr.listSecurityGroups({ networkId: config.wickr.networkId })).map((g) => ({ id: g.id, name: g.name })),
    directories,
    unlistedSources: target.unlistedSources,
    ...(target.scimTokens !== undefined && { scimTokens: target.scimTokens }),
    deadLetterQueues: target.deadLetterQueues.map((q) => ({ label: q.label, depth: () => queueDepth(sqs, q.url) })),
    lastRun: () => store.getRun(),
    commands: target.commands,
    now: () => Date.now(),
  };
  return {
    ports,
    close: () => {
      wickr.destroy();
      for (const client of clients) client.destroy();
    },
  };
}

/** The mapping's text; a missing parameter is NOT_FOUND (SSM answers it as a 400). */
async function readParameter(ssm: SSMClient, name: string): Promise<string> {
  try {
    const out = await ssm.send(new GetParameterCommand({ Name: name }));
    return out.Parameter?.Value ?? '';
  } catch (error) {
    const classified = fromAwsError(error, 'config', `SSM GetParameter ${name}`);
    if ((error as Error).name !== 'ParameterNotFound') throw classified;
    throw new DependencyError(classified.message, { dependency: 'config', kind: FailureKind.NotFound, code: classified.code, statusCode: classified.statusCode, cause: error });
  }
}

/** Visible plus in-flight messages: both are dead letters nobody has moved back yet. */
async function queueDepth(sqs: SQSClient, url: string): Promise<number> {
  try {
    const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  } catch (error) {
    throw fromAwsError(error, 'queue', 'SQS GetQueueAttributes');
  }
}

/** Okta: the token from its secret, one `limit=1` user page as the probe, the reconcile lister's group resolution. */
function oktaDirectory(okta: { readonly orgUrl: string; readonly tokenSecretId: string }, secrets: SecretsManagerClient): DoctorDirectory {
  let token: Promise<string> | undefined;
  const getToken = (): Promise<string> => {
    token ??= loadSecretString(okta.tokenSecretId, secrets);
    return token;
  };
  // No 429 waits: the doctor reports a throttled org rather than waiting a minute for its reset.
  const client = createOktaClient({ orgUrl: okta.orgUrl, getToken, maxRetries: 0, requestTimeoutMs: CALL_TIMEOUT_MS, logger: { info() {}, warn() {}, error() {}, debug() {} } });
  const lister = createOktaLister({ client });
  return {
    source: 'okta',
    probe: async () => {
      await client.get({ operation: 'listUsers', path: '/api/v1/users?limit=1', family: OktaFamily.Users });
    },
    resolveGroups: (refs) => lister.resolveGroups(refs),
  };
}

/** Identity Center: one `MaxResults=1` ListUsers as the probe, the reconcile lister's group resolution. */
function identityCenterDirectory(identityStoreId: string, client: IdentitystoreClient): DoctorDirectory {
  const lister = createIdentityCenterLister({ identityStoreId, client });
  return {
    source: 'identity-center',
    probe: async () => {
      try {
        await client.send(new ListUsersCommand({ IdentityStoreId: identityStoreId, MaxResults: 1 }));
      } catch (error) {
        throw fromAwsError(error, 'directory', `identitystore ListUsers ${identityStoreId}`);
      }
    },
    resolveGroups: (refs) => lister.resolveGroups(refs),
  };
}
