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
 * Throws `DependencyError('config')`: AUTH for missing permissions (including KMS), THROTTLING,
 * TRANSIENT for 5xx/network, NOT_FOUND for an unknown secret, INVALID for an unusable value.
 */
export async function loadSecretString(secretId: string, client: SecretsManagerClient): Promise<string> {
  let raw: string | undefined;
  try {
    const response = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    raw = response.SecretString ?? (response.SecretBinary ? Buffer.from(response.SecretBinary).toString('utf8') : undefined);
  } catch (error) {
    throw fromAwsError(error, 'config', `GetSecretValue ${secretId}`);
  }
  return parseSecretToken(raw, secretId);
}

/** Extracts the token from a secret's text; see {@link loadSecretString} for the accepted forms. */
export function parseSecretToken(raw: string | undefined, secretId: string): string {
  const text = raw?.trim() ?? '';
  if (!text.startsWith('{')) {
    if (text === '') throw invalid(secretId, 'is empty');
    return text;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // No cause on purpose: JSON.parse's message quotes the secret's text.
    throw invalid(secretId, 'starts with "{" but is not valid JSON');
  }
  const token = (parsed as { token?: unknown }).token;
  if (typeof token !== 'string' || token.trim() === '') throw invalid(secretId, 'is JSON without a non-empty string "token" field');
  return token.trim();
}

function invalid(secretId: string, problem: string): DependencyError {
  return new DependencyError(`Secret ${secretId} ${problem}`, { dependency: 'config', kind: FailureKind.Invalid });
}
