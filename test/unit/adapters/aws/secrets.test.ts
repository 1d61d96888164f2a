import { DecryptionFailure, GetSecretValueCommand, InternalServiceError, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { loadSecretString, parseSecretToken } from '../../../../src/adapters/aws/secrets';
import { DependencyError } from '../../../../src/core/errors';

const SECRET_ID = 'wickr-idp-sync/okta-token';
const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode }, message: 'x' });

describe(loadSecretString.name, () => {
  const mock = mockClient(SecretsManagerClient);
  const client = new SecretsManagerClient({ region: 'us-east-1' });
  beforeEach(() => mock.reset());

  it.each([
    ['a JSON object with token', '{"token":"00abcDEF"}', '00abcDEF'],
    ['a JSON object with other keys too', '{"orgUrl":"https://x.okta.com","token":" 00abcDEF\\n"}', '00abcDEF'],
    ['plain text', '00abcDEF', '00abcDEF'],
    ['plain text with a trailing newline', '00abcDEF\n', '00abcDEF'],
  ])('returns the token from %s', async (_form, SecretString, token) => {
    // Prepare
    mock.on(GetSecretValueCommand, { SecretId: SECRET_ID }).resolves({ SecretString });
    // Act / Assess
    await expect(loadSecretString(SECRET_ID, client)).resolves.toBe(token);
  });

  it('reads a binary secret as UTF-8', async () => {
    mock.on(GetSecretValueCommand).resolves({ SecretBinary: new TextEncoder().encode('{"token":"bin-token"}') });
    await expect(loadSecretString(SECRET_ID, client)).resolves.toBe('bin-token');
  });

  it.each([
    ['ResourceNotFoundException', () => new ResourceNotFoundException(meta(400) as never), 'AUTH'],
    ['AccessDeniedException', () => Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }), 'AUTH'],
    ['DecryptionFailure (KMS)', () => new DecryptionFailure(meta(400) as never), 'AUTH'],
    ['ThrottlingException', () => Object.assign(new Error('slow down'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }), 'THROTTLING'],
    ['InternalServiceError', () => new InternalServiceError(meta(500) as never), 'TRANSIENT'],
    ['a network error', () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'TRANSIENT'],
  ])('maps %s to a config %s error', async (_name, error, kind) => {
    // Prepare
    mock.on(GetSecretValueCommand).rejects(error());
    // Act
    const result = loadSecretString(SECRET_ID, client);
    // Assess
    await expect(result).rejects.toBeInstanceOf(DependencyError);
    await expect(result).rejects.toMatchObject({ dependency: 'config', kind });
  });
});

describe(parseSecretToken.name, () => {
  it.each([
    ['an empty secret', ''],
    ['whitespace only', '  \n'],
    ['no value at all', undefined],
    ['JSON without token', '{"apiToken":"s3cr3t-value"}'],
    ['JSON with an empty token', '{"token":"  "}'],
    ['JSON with a non-string token', '{"token":42}'],
    ['broken JSON', '{"token":"s3cr3t-value"'],
  ])('rejects %s as AUTH (our configuration is wrong) without echoing the value', (_what, raw) => {
    // Act
    let thrown: unknown;
    try {
      parseSecretToken(raw, SECRET_ID);
    } catch (error) {
      thrown = error;
    }
    // Assess
    expect(thrown).toBeInstanceOf(DependencyError);
    expect(thrown).toMatchObject({ dependency: 'config', kind: 'AUTH', retryable: false });
    expect(JSON.stringify({ message: (thrown as Error).message, cause: String((thrown as Error).cause) })).not.toContain('s3cr3t');
  });
});
