/**
 * Reads an API token (the Okta SSWS token) from Secrets Manager once at cold start.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DependencyError, FailureKind } from '../../core/errors';
import { fromAwsError } from './sdkErrors';

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
    const classified = fromAwsError(error, 'config', `GetSecretValue ${secretId}`);
    if (classified.retryable) throw classified;
    throw new DependencyError(classified.message, {
      dependency: 'config',
      kind: FailureKind.Auth,
      statusCode: classified.statusCode,
      code: classified.code,
      requestId: classified.requestId,
      cause: error,
    });
  }
  return parseSecretToken(raw, secretId);
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
