import { OktaApiError } from '@okta/okta-sdk-nodejs';
import { DependencyError, FailureKind } from '../../../../src/core/errors';
import { toOktaDependencyError } from '../../../../src/adapters/okta/errors';

function apiError(status: number, errorCode: string, summary = 'x', headers: Record<string, string> = {}): OktaApiError {
  const body = { errorCode, errorSummary: summary, errorLink: errorCode, errorId: 'oae1', errorCauses: [] };
  return new OktaApiError('https://example.okta.com/api/v1/users/00u1', status, body, new Headers(headers) as never);
}

describe('toOktaDependencyError()', () => {
  it.each([
    [429, 'E0000047', FailureKind.Throttling],
    [401, 'E0000011', FailureKind.Auth],
    [403, 'E0000006', FailureKind.Auth],
    [404, 'E0000007', FailureKind.NotFound],
    [400, 'E0000001', FailureKind.Invalid],
    [405, 'E0000022', FailureKind.Invalid],
    [408, 'E0000009', FailureKind.Transient],
    [500, 'E0000009', FailureKind.Transient],
    [503, 'E0000010', FailureKind.Transient],
  ])('maps HTTP %i (%s) to %s', (status, code, kind) => {
    // Act
    const error = toOktaDependencyError(apiError(status, code), 'getUser');
    // Assess
    expect(error).toBeInstanceOf(DependencyError);
    expect(error).toMatchObject({ dependency: 'directory', kind, statusCode: status, code });
  });

  it.each([
    ['a network failure', Object.assign(new Error('request to https://x/ failed, reason: socket hang up'), { name: 'FetchError', type: 'system', code: 'ECONNRESET' }), FailureKind.Transient],
    ['a request timeout', Object.assign(new Error('network timeout at: https://x/'), { name: 'FetchError', type: 'request-timeout' }), FailureKind.Transient],
    ['a 429 wait beyond the request budget', new Error('HTTP 429 retry delay would exceed okta.client.rateLimit.requestTimeout'), FailureKind.Throttling],
    ['the generated ApiException', Object.assign(new Error('HTTP-Code: 503'), { code: 503, body: {}, headers: {} }), FailureKind.Transient],
    ['a non-JSON HttpError', Object.assign(new Error('HTTP 502 <html>'), { name: 'HttpError', status: 502 }), FailureKind.Transient],
    ['a non-Error value', 'boom', FailureKind.Transient],
  ])('classifies %s', (_what, thrown, kind) => {
    expect(toOktaDependencyError(thrown, 'getUser').kind).toBe(kind);
  });

  it('keeps the Okta request id and the cause', () => {
    // Prepare
    const cause = apiError(500, 'E0000009', 'Internal Server Error', { 'X-Okta-Request-Id': 'req-123' });
    // Act
    const error = toOktaDependencyError(cause, 'listUserGroups');
    // Assess
    expect(error.requestId).toBe('req-123');
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('Okta listUserGroups failed: HTTP 500 E0000009');
  });

  it('removes the login from the cause so logs never carry the email', () => {
    // Prepare
    const login = 'ana.lima@example.com';
    const cause = Object.assign(new Error(`request to https://x.okta.com/api/v1/users/${encodeURIComponent(login)} failed`), { name: 'FetchError', url: `https://x.okta.com/api/v1/users/${login}` });
    // Act
    const error = toOktaDependencyError(cause, 'getUser', [login]);
    // Assess
    const printed = `${error.message} ${String(cause.message)} ${String(cause.url)} ${String(cause.stack)}`;
    expect(printed).not.toContain('ana.lima');
    expect(cause.message).toContain('<redacted>');
  });
});
