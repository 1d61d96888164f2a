/**
 * The local stack's SCIM endpoint: the scim function of the packaged template (packaged with
 * scimEnabled=true), its table seeded, the given token stored, and the server in front of it.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { storeGivenToken } from '../../../scripts/scim-token';
import type { LocalAccount } from '../cfn/localNames';
import type { CfnTemplate } from '../cfn/template';
import { bundleHandler } from '../esm/bundle';
import { createExecutionEnvironment } from '../esm/executionEnvironment';
import { functionEnvironment, handlerModule, type LocalEndpoints } from '../functionEnvironment';
import { functionOfModule } from '../reconcile/functionOf';
import { type ScimSeed, seedScimStore } from './seed';
import { type ScimServer, startScimServer } from './server';

/** The scim function's handler module (stack/scimIam.js). */
const SCIM_MODULE = 'src/handlers/scim';

/** What `npm start -- --scim-port <port> --scim-token <token>` asks for. */
export type LocalScimOptions = {
  /** 0 picks a free port. */
  readonly port: number;
  /** Stored (as its hash) as a live token; at least 20 characters. */
  readonly token?: string;
  readonly maxEnvironments?: number;
  readonly onRequest?: Parameters<typeof startScimServer>[0]['onRequest'];
};

/** The running endpoint and its function's environment. */
export type LocalScimEndpoint = { readonly server: ScimServer; readonly tableName: string; readonly environment: Readonly<Record<string, string>> };

/**
 * Starts the endpoint. The function runs as in Lambda: a child process per execution
 * environment, with the template's environment resolved to moto and nothing of the shell's.
 */
export async function startLocalScim(
  context: {
    readonly template: CfnTemplate;
    readonly account: LocalAccount;
    readonly endpoints: LocalEndpoints;
    readonly dynamodb: DynamoDBClient;
    readonly seed?: ScimSeed;
    readonly environment?: Readonly<Record<string, string>>;
    readonly onFunctionLog?: (line: string) => void;
    readonly log?: (line: string) => void;
  },
  options: LocalScimOptions,
): Promise<LocalScimEndpoint> {
  const fn = functionOfModule(context.template, context.account, SCIM_MODULE);
  if (!fn) throw new Error('the packaged template has no scim function (package with --param scimEnabled=true)');
  const environment = functionEnvironment(fn, context.endpoints, context.environment);
  const tableName = environment.SCIM_TABLE_NAME;
  if (!tableName) throw new Error(`the scim function ${fn.name} has no SCIM_TABLE_NAME`);
  if (context.seed) await seedScimStore(context.dynamodb, tableName, context.seed);
  if (options.token !== undefined) await storeGivenToken(context.dynamodb, tableName, options.token);
  const { moduleFile, exportName } = handlerModule(fn.handler);
  const bundled = await bundleHandler(moduleFile);
  const server = await startScimServer({
    port: options.port,
    maxEnvironments: options.maxEnvironments,
    log: context.log,
    onRequest: options.onRequest,
    createEnvironment: () =>
      createExecutionEnvironment({
        moduleFile: bundled,
        exportName,
        functionName: fn.name,
        memorySizeMb: fn.memorySizeMb,
        timeoutMs: fn.timeoutSeconds * 1000,
        region: context.account.region,
        accountId: context.account.accountId,
        env: environment,
        onStdoutLine: (line) => {
          // The runtime writes the function's log with its role, as for the consumer (local/stack/iam).
          context.endpoints.iam?.logWritten(fn);
          context.onFunctionLog?.(line);
        },
        onStderrLine: (line) => context.onFunctionLog?.(line),
      }),
  });
  return { server, tableName, environment };
}
