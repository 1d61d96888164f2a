import { DeferralError, DependencyError, PoisonError } from '../../../../src/core/errors';
import { classifyFailure } from '../../../../src/core/sync/classify';

describe('Function: classifyFailure()', () => {
  it('keeps a Wickr error message that holds an email out of the reason of a dead letter', () => {
    const error = new DependencyError('username jane.doe@example.com is invalid', { dependency: 'wickr', kind: 'INVALID', code: 'ValidationError', statusCode: 422 });
    const disposition = classifyFailure(error);
    expect(disposition).toEqual({ action: 'deadLetter', errorClass: 'ValidationError', reason: 'wickr rejected the request: ValidationError (HTTP 422)' });
  });

  it('keeps a directory error message that holds an email out of the reason of a retry', () => {
    const error = new DependencyError('Not found: Resource not found: jane.doe@example.com (User)', { dependency: 'directory', kind: 'NOT_FOUND', code: 'E0000007', statusCode: 404 });
    expect(JSON.stringify(classifyFailure(error))).not.toContain('example.com');
  });

  it('names the throttling behind a call that ran out of time', () => {
    const throttled = new DependencyError('Rate exceeded', { dependency: 'wickr', kind: 'THROTTLING', code: 'RateLimitError', statusCode: 429 });
    const timedOut = new DependencyError('UpdateUser: deadline exceeded', { dependency: 'wickr', kind: 'TRANSIENT', code: 'DeadlineExceeded', cause: throttled });
    expect(classifyFailure(timedOut)).toEqual({ action: 'retry', errorClass: 'DeadlineExceeded', lastError: 'RateLimitError', reason: 'wickr TRANSIENT: DeadlineExceeded after RateLimitError' });
  });

  it('treats a busy user as a deferral, not a failure', () => {
    expect(classifyFailure(new DeferralError('UserBusy', 'another invocation is syncing this user'))).toMatchObject({ action: 'defer', errorClass: 'UserBusy' });
  });

  it('dead-letters poison with its class and our own words', () => {
    expect(classifyFailure(new PoisonError('UnmappableUser', 'no email'))).toEqual({ action: 'deadLetter', errorClass: 'UnmappableUser', reason: 'no email' });
  });
});
