/**
 * Okta failures → `DependencyError('directory')`. Messages are built from our own words, the
 * operation name, the HTTP status and Okta's `errorCode` only: Okta's `errorSummary` and any other
 * response text can echo request data (a login), so they are never read into an error.
 * https://developer.okta.com/docs/reference/error-codes/
 */
import { DependencyError, FailureKind } from '../../core/errors';

/** Okta's error codes look like `E0000047`; anything else in that field is not trusted into a message. */
const OKTA_ERROR_CODE = /^E\d{7}$/;

/** Maps an HTTP status to how the consumer should treat it. */
export function kindOfOktaStatus(status: number): FailureKind {
  if (status === 429) return FailureKind.Throttling;
  if (status === 401 || status === 403) return FailureKind.Auth;
  if (status === 404) return FailureKind.NotFound;
  if (status === 408 || status >= 500) return FailureKind.Transient;
  return FailureKind.Invalid;
}

/** `errorCode` of an Okta error body when it has Okta's shape; undefined otherwise. */
export function oktaErrorCodeOf(body: unknown): string | undefined {
  const code = (body as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === 'string' && OKTA_ERROR_CODE.test(code) ? code : undefined;
}

/** Okta answered with an error status. No cause: the response body is deliberately not kept. */
export function oktaHttpError(operation: string, status: number, details: { code?: string; requestId?: string; note?: string } = {}): DependencyError {
  const detail = [`HTTP ${status}`, details.code].filter(Boolean).join(' ');
  return new DependencyError(`Okta ${operation} failed: ${detail}${details.note ? ` (${details.note})` : ''}`, {
    dependency: 'directory',
    kind: kindOfOktaStatus(status),
    statusCode: status,
    code: details.code,
    requestId: details.requestId,
  });
}

/**
 * No answer: connection refused or reset, DNS failure, or the attempt timed out. `cause` is kept
 * for its code (ECONNRESET, …); fetch's errors name neither the URL nor the headers.
 */
export function oktaNetworkError(operation: string, cause: unknown, timedOutAfterMs?: number): DependencyError {
  const what = timedOutAfterMs === undefined ? 'no answer' : `no answer within ${timedOutAfterMs} ms`;
  const code = networkCodeOf(cause);
  return new DependencyError(`Okta ${operation} failed: ${what}${code ? ` (${code})` : ''}`, {
    dependency: 'directory',
    kind: FailureKind.Transient,
    code,
    cause,
  });
}

/** Okta's answer is not what the API documents (not JSON, no id, a next link elsewhere). */
export function oktaResponseError(operation: string, problem: string, kind: FailureKind = FailureKind.Invalid, requestId?: string): DependencyError {
  return new DependencyError(`Okta ${operation} answered unexpectedly: ${problem}`, { dependency: 'directory', kind, requestId });
}

/** A 429 left unretried: retries spent, or the wait for the reset would overrun the budget. */
export function oktaThrottledError(operation: string, reason: string, details: { code?: string; requestId?: string } = {}): DependencyError {
  return oktaHttpError(operation, 429, { ...details, note: reason });
}

function networkCodeOf(error: unknown): string | undefined {
  // undici wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  for (let current = error, depth = 0; current && depth < 3; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
