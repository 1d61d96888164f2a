import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalFunction } from './cfn/eventSources';
import { PROJECT_ROOT } from './esm/executionEnvironment';
import type { IamCheck } from './iam/iamCheck';

/** Where the local services are, for the function's environment. */
export type LocalEndpoints = {
  readonly motoEndpoint: string;
  readonly region: string;
  readonly wickrEndpoint: string;
  readonly wickrNetworkId: string;
  /** Set when the scenario has an Okta directory. */
  readonly oktaOrgUrl?: string;
  readonly oktaTokenSecretId?: string;
  /** Set when the scenario has an Identity Center directory. */
  readonly identityStoreId?: string;
  /** Credentials the SDK clients sign with; the Wickr emulator checks them. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The stack's IAM check: when set, the function's AWS and Wickr calls go through a recorder judged against its role. */
  readonly iam?: IamCheck;
};

/**
 * The function's environment: the template's variables (resolved to local resources), the
 * scenario's values in place of the placeholders the local stage was packaged with, the local
 * endpoints, and the variables the Lambda runtime itself sets. Nothing is inherited from the
 * shell, as in Lambda. With `local.iam`, the endpoints are the function's IAM recorder
 * (local/stack/iam), so every function prepared here has its calls checked against its role.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export function functionEnvironment(fn: LocalFunction, local: LocalEndpoints, overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = { ...fn.environment };
  if (local.oktaOrgUrl) {
    env.OKTA_ORG_URL = local.oktaOrgUrl;
    if (local.oktaTokenSecretId) env.OKTA_TOKEN_SECRET_ID = local.oktaTokenSecretId;
  } else {
    // No Okta directory in this scenario: the consumer then ignores Okta events.
    delete env.OKTA_ORG_URL;
    delete env.OKTA_TOKEN_SECRET_ID;
  }
  if (local.identityStoreId) env.IDENTITY_STORE_ID = local.identityStoreId;
  else delete env.IDENTITY_STORE_ID;
  const base: Record<string, string> = {
    ...env,
    WICKR_ENDPOINT: local.wickrEndpoint,
    WICKR_NETWORK_ID: local.wickrNetworkId,
    AWS_ENDPOINT_URL: local.motoEndpoint,
    AWS_REGION: local.region,
    AWS_DEFAULT_REGION: local.region,
    AWS_ACCESS_KEY_ID: local.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: local.credentials.secretAccessKey,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySizeMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime ?? 'nodejs22.x'}`,
    LAMBDA_TASK_ROOT: PROJECT_ROOT,
    _HANDLER: fn.handler,
    TZ: 'UTC',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
  };
  const routed = local.iam ? local.iam.register(fn, base, { aws: local.motoEndpoint, wickr: local.wickrEndpoint }) : base;
  return { ...routed, ...overrides };
}

/** The module file and export of a handler string such as `src/handlers/sync.handler` (the source, not the bundle). */
export function handlerModule(handler: string): { moduleFile: string; exportName: string } {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) throw new Error(`handler "${handler}" is not <module path>.<export>`);
  const base = join(PROJECT_ROOT, handler.slice(0, dot));
  const candidates = ['.ts', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'].map((ext) => `${base}${ext}`);
  const moduleFile = candidates.find(existsSync);
  if (!moduleFile) throw new Error(`handler "${handler}": none of ${candidates.join(', ')} exists`);
  return { moduleFile, exportName: handler.slice(dot + 1) };
}
