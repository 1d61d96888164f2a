import { DependencyError, FailureKind, PoisonError, toError } from '../../../src/core/errors';

describe('DependencyError', () => {
  it.each([
    [FailureKind.Throttling, true, true],
    [FailureKind.Transient, true, false],
    [FailureKind.Auth, false, false],
    [FailureKind.Invalid, false, false],
    [FailureKind.NotFound, false, false],
  ])('derives retryable and throttling from kind %s', (kind, retryable, throttling) => {
    const error = new DependencyError('x', { dependency: 'wickr', kind });
    expect(error.retryable).toBe(retryable);
    expect(error.throttling).toBe(throttling);
  });

  it('keeps the cause', () => {
    const cause = new Error('socket hang up');
    expect(new DependencyError('x', { dependency: 'store', kind: 'TRANSIENT', cause }).cause).toBe(cause);
  });
});

describe('PoisonError', () => {
  it('has a literal name and carries the field', () => {
    const error = new PoisonError('MalformedEvent', 'detail.uuid is missing', { field: 'detail.uuid' });
    expect(error.name).toBe('PoisonError');
    expect(error.field).toBe('detail.uuid');
  });
});

describe('toError', () => {
  it('wraps non-Error throws and keeps the value as cause', () => {
    const error = toError(undefined);
    expect(error).toBeInstanceOf(Error);
    expect(toError({ a: 1 }).message).toContain('{"a":1}');
    expect(toError('boom').cause).toBe('boom');
  });
});
