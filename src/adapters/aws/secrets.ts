/**
 * Reads an API token (the Okta SSWS token) from Secrets Manager: {@link createTokenSource} keeps
 * it for a maximum age through Powertools Parameters, so a rotated token reaches every execution
 * environment without a cold start, and a caller that got a 401 can ask for a fresh copy.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 * https://docs.powertools.aws.dev/lambda/typescript/latest/features/parameters/
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterError } from '@aws-lambda-powertools/parameters';
import type { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { DependencyError, FailureKind } from '../../core/errors';
import { fromAwsError } from './sdkErrors';

/** The token, from the cache unless it is older than the maximum age or `refresh` is true. */
export type GetToken = (refresh: boolean) => Promise<string>;

/**
 * A token source over Powertools' SecretsProvider: `getToken(false)` answers from its cache while
 * the value is younger than `maxAgeSeconds`; `getToken(true)` (after a 401) always reads Secrets
 * Manager (`forceFetch`) and refreshes the cache. Errors are those of {@link loadSecretString}.
 */
export function createTokenSource(options: { secretId: string; provider: SecretsProvider; maxAgeSeconds: number }): GetToken {
  const { secretId, provider, maxAgeSeconds } = options;
  return async (refresh) => {
    let raw: string | Uint8Array | undefined;
    try {
      raw = await provider.get(secretId, { maxAge: maxAgeSeconds, forceFetch: refresh });
    } catch (error) {
      // Powertools wraps the SDK's error; classify the SDK's own.
      throw secretReadError(error instanceof GetParameterError && error.cause !== undefined ? error.cause : error, secretId);
    }
    return parseSecretToken(typeof raw === 'string' || raw === undefined ? raw : Buffer.from(raw).toString('utf8'), secretId);
  };
}

/**
 * The secret's token. Two forms are accepted: a JSON object `{"token":"..."}` (what the console's
 * key/value editor writes) or the token as plain text. Surrounding whitespace is trimmed.
 * Throws `DependencyError('config')`: THROTTLING and TRANSIENT (5xx, network) as classified by
 * `fromAwsError`; everything else (no permission, KMS decryption failure, unknown secret, an empty
 * or unusable value) is AUTH: our credentials are wrong, so messages are retried and alarmed on,
 * never dead-lettered as if they were at fault.
 */
export async function loadSecretString(secretId: string, client: SecretsManagerClient): Promise<string> {
  let raw: string | undefined;
  try {
    const response = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    raw = response.SecretString ?? (response.SecretBinary ? Buffer.from(response.SecretBinary).toString('utf8') : undefined);
  } catch (error) {
    throw secretReadError(error, secretId);
  }
  return parseSecretToken(raw, secretId);
}

/** THROTTLING and TRANSIENT as `fromAwsError` classifies them; anything else is AUTH. */
function secretReadError(error: unknown, secretId: string): DependencyError {
  const classified = fromAwsError(error, 'config', `GetSecretValue ${secretId}`);
  if (classified.retryable) return classified;
  return new DependencyError(classified.message, {
    dependency: 'config',
    kind: FailureKind.Auth,
    statusCode: classified.statusCode,
    code: classified.code,
    requestId: classified.requestId,
    cause: error,
  });
}

/** Extracts the token from a secret's text; see {@link loadSecretString} for the accepted forms. */
export function parseSecretToken(raw: string | undefined, secretId: string): string {
  const text = raw?.trim() ?? '';
  if (!text.startsWith('{')) {
    if (text === '') throw unusable(secretId, 'is empty');
    return text;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // No cause on purpose: JSON.parse's message quotes the secret's text.
    throw unusable(secretId, 'starts with "{" but is not valid JSON');
  }
  const token = (parsed as { token?: unknown }).token;
  if (typeof token !== 'string' || token.trim() === '') throw unusable(secretId, 'is JSON without a non-empty string "token" field');
  return token.trim();
}

function unusable(secretId: string, problem: string): DependencyError {
  return new DependencyError(`Secret ${secretId} ${problem}`, { dependency: 'config', kind: FailureKind.Auth });
}
