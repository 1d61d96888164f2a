import { errorFromResponse, errorFromTransport, sanitizeErrorCode } from '../../../../src/adapters/wickr/classifyError';
import { WickrApiError } from '../../../../src/adapters/wickr';
import { DependencyError } from '../../../../src/core/errors';
import { NETWORK_ID, scriptedClient } from './helpers';

const NOW = Date.UTC(2026, 0, 1);

const MODELLED = [
  ['BadRequestError', 400, 'INVALID', false],
  ['UnauthorizedError', 401, 'AUTH', false],
  ['ForbiddenError', 403, 'AUTH', false],
  ['ResourceNotFoundError', 404, 'NOT_FOUND', false],
  ['ValidationError', 422, 'INVALID', false],
  ['RateLimitError', 429, 'THROTTLING', true],
  ['InternalServerError', 500, 'TRANSIENT', true],
] as const;

describe('errorFromResponse', () => {
  it.each(MODELLED)('maps %s (HTTP %i) given in the X-Amzn-ErrorType header to %s', (code, status, kind, retryable) => {
    // Act
    const error = errorFromResponse('GetUser', { statusCode: status, headers: { 'x-amzn-errortype': code, 'x-amzn-requestid': 'req-1' }, body: '{"message":"nope"}' }, NOW);

    // Assess
    expect(error).toBeInstanceOf(WickrApiError);
    expect(error).toBeInstanceOf(DependencyError);
    expect(error).toMatchObject({ name: 'WickrApiError', dependency: 'wickr', code, kind, retryable, statusCode: status, requestId: 'req-1', operation: 'GetUser' });
    expect(error.message).toBe(`GetUser: ${code} (HTTP ${status})`);
    expect(error.serverText?.message).toBe('nope');
  });

  it.each(MODELLED)('maps %s (HTTP %i) given as the body __type to %s', (code, status, kind) => {
    // Act
    const error = errorFromResponse('UpdateUser', { statusCode: status, headers: {}, body: JSON.stringify({ __type: code, message: 'm' }) }, NOW);

    // Assess
    expect(error).toMatchObject({ code, kind, statusCode: status });
  });

  it.each([
    ['com.amazonaws.wickr#ValidationError', 'ValidationError'],
    ['ValidationError:http://internal.amazon.com/coral/com.amazonaws.wickr/', 'ValidationError'],
    ['aws.protocoltests.restjson#ValidationError:http://internal.amazon.com/', 'ValidationError'],
    ['  RateLimitError  ', 'RateLimitError'],
  ])('sanitises %s to %s', (raw, code) => {
    expect(sanitizeErrorCode(raw)).toBe(code);
  });

  it('matches codes case-insensitively and reports the modelled spelling', () => {
    // Act
    const error = errorFromResponse('GetUser', { statusCode: 404, headers: { 'x-amzn-errortype': 'com.amazonaws.wickr#resourcenotfounderror:http://x' }, body: '' }, NOW);

    // Assess
    expect(error).toMatchObject({ code: 'ResourceNotFoundError', kind: 'NOT_FOUND' });
  });

  it('prefers the header over the body and reads the body `code` field when there is no __type', () => {
    const fromHeader = errorFromResponse('GetUser', { statusCode: 400, headers: { 'x-amzn-errortype': 'BadRequestError' }, body: '{"__type":"ValidationError"}' }, NOW);
    const fromCode = errorFromResponse('GetUser', { statusCode: 403, headers: {}, body: '{"code":"ForbiddenError"}' }, NOW);
    expect(fromHeader.code).toBe('BadRequestError');
    expect(fromCode.code).toBe('ForbiddenError');
  });

  it('carries the ValidationError fields, names them in the message and keeps the reasons only in serverText', () => {
    // Act
    const error = errorFromResponse(
      'UpdateUser',
      {
        statusCode: 422,
        headers: {},
        body: JSON.stringify({ __type: 'ValidationError', message: 'Invalid input', reasons: [{ field: 'securityGroupIds', reason: 'only one security group allowed' }] }),
      },
      NOW,
    );

    // Assess
    expect(error.reasons).toEqual([{ field: 'securityGroupIds' }]);
    expect(error.message).toBe('UpdateUser: ValidationError (HTTP 422) on securityGroupIds');
    expect(error.serverText?.reasons).toEqual([{ field: 'securityGroupIds', reason: 'only one security group allowed' }]);
    expect(error.kind).toBe('INVALID');
  });

  describe('keeps personal data echoed by the server out of everything that is logged', () => {
    const EMAIL = 'jane.doe@example.com';
    // What AWS answers to a SigV4 mismatch: the canonical request, whose query holds the ListUsers username filter.
    const signatureMismatch = {
      statusCode: 403,
      headers: { 'x-amzn-errortype': 'InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/' },
      body: JSON.stringify({
        __type: 'com.amazon.coral.service#InvalidSignatureException',
        message: `The request signature we calculated does not match the signature you provided.\n\nThe Canonical String for this request should have been\n'GET\n/networks/12345678/users\nmaxResults=100&username=${encodeURIComponent(EMAIL)}\n'`,
      }),
    };
    const validation = {
      statusCode: 422,
      headers: { 'x-amzn-errortype': 'ValidationError' },
      body: JSON.stringify({
        __type: 'ValidationError',
        message: `Username ${EMAIL} already exists`,
        reasons: [
          { field: 'username', reason: `${EMAIL} is taken` },
          { field: EMAIL, reason: 'x' },
        ],
      }),
    };
    const weirdCode = { statusCode: 400, headers: { 'x-amzn-errortype': `User ${EMAIL}` }, body: JSON.stringify({ message: EMAIL }) };

    it.each([
      ['a SigV4 mismatch echoing the canonical request', signatureMismatch],
      ['a ValidationError quoting the username in its message, reasons and a field', validation],
      ['an error code that is not a code', weirdCode],
    ])('%s', (_, response) => {
      // Act
      const error = errorFromResponse('ListUsers', response, NOW);

      // Assess
      const logged = JSON.stringify({ ...error, message: error.message, stack: error.stack });
      expect(logged).not.toMatch(/jane|example\.com|%40/i);
      expect(error.message).toMatch(/^ListUsers: \w+ \(HTTP \d{3}\)/);
      expect(Object.keys(error)).not.toContain('serverText');
    });

    it('still keeps the server text on serverText, which is not enumerable', () => {
      // Act
      const error = errorFromResponse('ListUsers', signatureMismatch, NOW);

      // Assess
      expect(error.code).toBe('InvalidSignatureException');
      expect(error.serverText?.message).toContain(encodeURIComponent(EMAIL));
      expect(Object.getOwnPropertyDescriptor(error, 'serverText')?.enumerable).toBe(false);
    });

    it('through the client: findUserByUsername rejects with a message naming only the operation, code and status', async () => {
      // Prepare
      const { client } = scriptedClient([{ status: signatureMismatch.statusCode, headers: signatureMismatch.headers, body: signatureMismatch.body }]);

      // Act
      const error = await client.findUserByUsername(NETWORK_ID, EMAIL).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'WickrApiError', kind: 'AUTH', code: 'InvalidSignatureException' });
      expect((error as Error).message).toBe('ListUsers: InvalidSignatureException (HTTP 403)');
      expect(JSON.stringify({ ...(error as object) })).not.toMatch(/jane/i);
    });

    it('a transport failure names the error code, not the failure message', () => {
      // Act
      const error = errorFromTransport('ListUsers', Object.assign(new Error(`connect ECONNREFUSED for /users?username=${EMAIL}`), { code: 'ECONNREFUSED' }));
      const unknown = errorFromTransport('ListUsers', new Error(`bad thing with ${EMAIL}`));

      // Assess
      expect(error.message).toBe('ListUsers: request failed (ECONNREFUSED)');
      expect(unknown.message).toBe('ListUsers: request failed (transport error)');
    });
  });

  it.each([
    [502, 'TRANSIENT'],
    [503, 'TRANSIENT'],
    [504, 'TRANSIENT'],
    [599, 'TRANSIENT'],
    [409, 'INVALID'],
    [413, 'INVALID'],
    [418, 'INVALID'],
    [301, 'TRANSIENT'],
  ] as const)('classifies an unmodelled HTTP %i without a code as %s with code UnknownError', (status, kind) => {
    // Act
    const error = errorFromResponse('GetUser', { statusCode: status, headers: {}, body: '<html>gateway</html>' }, NOW);

    // Assess
    expect(error).toMatchObject({ kind, code: 'UnknownError', statusCode: status });
    expect(error.message).toBe(`GetUser: UnknownError (HTTP ${status})`);
  });

  it.each([
    ['ThrottlingException', 400, 'THROTTLING'],
    ['InvalidSignatureException', 403, 'AUTH'],
    ['UnrecognizedClientException', 403, 'AUTH'],
    ['SomethingNew', 400, 'INVALID'],
  ] as const)('classifies the AWS front-end code %s with HTTP %i as %s', (code, status, kind) => {
    expect(errorFromResponse('GetUser', { statusCode: status, headers: { 'x-amzn-errortype': code }, body: '' }, NOW)).toMatchObject({ kind, code });
  });

  it.each([
    ['120', 120_000],
    ['1.5', 1_500],
    [new Date(NOW + 7_000).toUTCString(), 7_000],
    [new Date(NOW - 7_000).toUTCString(), 0],
    ['soon', undefined],
  ])('reads Retry-After %s as %s ms', (value, ms) => {
    expect(errorFromResponse('GetUser', { statusCode: 429, headers: { 'retry-after': value }, body: '' }, NOW).retryAfterMs).toBe(ms);
  });
});

describe('errorFromTransport', () => {
  const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

  it.each([
    ['ECONNRESET', withCode('read ECONNRESET', 'ECONNRESET')],
    ['ETIMEDOUT', withCode('connect ETIMEDOUT', 'ETIMEDOUT')],
    ['EAI_AGAIN', withCode('getaddrinfo EAI_AGAIN admin.wickr', 'EAI_AGAIN')],
    ['ECONNREFUSED', withCode('connect ECONNREFUSED', 'ECONNREFUSED')],
    ['socket hang up', new Error('socket hang up')],
    ['fetch failed → cause ECONNRESET', new TypeError('fetch failed', { cause: withCode('other side closed', 'ECONNRESET') })],
    ['two causes deep', new Error('outer', { cause: new Error('middle', { cause: withCode('x', 'UND_ERR_SOCKET') }) })],
  ])('classifies %s as a retryable TRANSIENT NetworkError keeping the cause', (_, cause) => {
    // Act
    const error = errorFromTransport('ListUsers', cause);

    // Assess
    expect(error).toMatchObject({ kind: 'TRANSIENT', code: 'NetworkError', retryable: true, operation: 'ListUsers' });
    expect(error.cause).toBe(cause);
  });

  it('still classifies an unrecognised transport failure (TRANSIENT, UnknownError) instead of throwing it raw', () => {
    expect(errorFromTransport('ListUsers', new RangeError('weird'))).toMatchObject({ kind: 'TRANSIENT', code: 'UnknownError' });
  });
});

describe('WickrClient error surface', () => {
  it('times out an attempt after attemptTimeoutMs as a TRANSIENT TimeoutError', async () => {
    // Prepare: a transport that never answers, only honours the abort signal.
    const { client } = scriptedClient([], {
      attemptTimeoutMs: 20,
      maxAttempts: 1,
      transport: {
        send: (_, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
        destroy: () => undefined,
      },
    });

    // Act
    const call = client.getNetwork({ networkId: NETWORK_ID });

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'WickrApiError', kind: 'TRANSIENT', code: 'TimeoutError', retryable: true });
  });

  it('maps a 2xx body that is not JSON to a TRANSIENT SerializationError', async () => {
    // Prepare
    const { client } = scriptedClient([{ status: 200, body: '<html>' }], { maxAttempts: 1 });

    // Act / Assess
    await expect(client.getNetwork({ networkId: NETWORK_ID })).rejects.toMatchObject({ kind: 'TRANSIENT', code: 'SerializationError' });
  });
});
