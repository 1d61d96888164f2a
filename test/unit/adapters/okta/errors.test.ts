import { kindOfOktaStatus, oktaErrorCodeOf, oktaHttpError, oktaNetworkError } from '../../../../src/adapters/okta/errors';
import { DependencyError, FailureKind } from '../../../../src/core/errors';

describe('kindOfOktaStatus()', () => {
  it.each([
    [429, FailureKind.Throttling],
    [401, FailureKind.Auth],
    [403, FailureKind.Auth],
    [404, FailureKind.NotFound],
    [400, FailureKind.Invalid],
    [405, FailureKind.Invalid],
    [408, FailureKind.Transient],
    [500, FailureKind.Transient],
    [503, FailureKind.Transient],
  ])('maps HTTP %i to %s', (status, kind) => {
    expect(kindOfOktaStatus(status)).toBe(kind);
  });
});

describe('oktaHttpError()', () => {
  it('says which operation failed with the status and code, and keeps the request id', () => {
    // Act
    const error = oktaHttpError('listUserGroups', 500, { code: 'E0000009', requestId: 'req-123' });
    // Assess
    expect(error).toBeInstanceOf(DependencyError);
    expect(error).toMatchObject({ dependency: 'directory', kind: 'TRANSIENT', statusCode: 500, code: 'E0000009', requestId: 'req-123' });
    expect(error.message).toBe('Okta listUserGroups failed: HTTP 500 E0000009');
  });
});

describe('oktaErrorCodeOf()', () => {
  it.each([
    [{ errorCode: 'E0000047' }, 'E0000047'],
    [{ errorCode: 'ana@example.com' }, undefined],
    [{ errorCode: 'E0000047 and more' }, undefined],
    [null, undefined],
    ['E0000047', undefined],
  ])('reads %p as %p', (body, code) => {
    expect(oktaErrorCodeOf(body)).toBe(code);
  });
});

describe('oktaNetworkError()', () => {
  it('names the socket error code found in the cause chain', () => {
    const cause = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNRESET'), { code: 'ECONNRESET' }) });
    expect(oktaNetworkError('getUser', cause)).toMatchObject({ kind: 'TRANSIENT', code: 'ECONNRESET', message: 'Okta getUser failed: no answer (ECONNRESET)', cause });
  });

  it('says how long it waited on a timeout', () => {
    expect(oktaNetworkError('getUser', new DOMException('timed out', 'TimeoutError'), 250).message).toBe('Okta getUser failed: no answer within 250 ms');
  });
});
