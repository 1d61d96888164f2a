/**
 * Okta failures → `DependencyError('directory')`. The SDK raises `OktaApiError` (JSON error body,
 * `status`, `errorCode`), `HttpError` (non-JSON body), the generated `ApiException` (`code`),
 * node-fetch's `FetchError` (network, timeouts) and plain Errors from its 429 retry budget.
 * https://developer.okta.com/docs/reference/error-codes/
 */
import { DependencyError, FailureKind } from '../../core/errors';

type OktaErrorShape = {
  status?: unknown;
  code?: unknown;
  errorCode?: unknown;
  headers?: unknown;
  message?: unknown;
  url?: unknown;
  stack?: unknown;
};

/** The HTTP status an Okta SDK error carries, if any. */
export function oktaStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, code } = error as OktaErrorShape;
  const candidate = Number(status ?? (typeof code === 'number' ? code : undefined));
  return Number.isInteger(candidate) && candidate >= 100 && candidate <= 599 ? candidate : undefined;
}

/** Maps an HTTP status to how the consumer should treat it. */
export function kindOfOktaStatus(status: number): FailureKind {
  if (status === 429) return FailureKind.Throttling;
  if (status === 401 || status === 403) return FailureKind.Auth;
  if (status === 404) return FailureKind.NotFound;
  if (status === 408 || status >= 500) return FailureKind.Transient;
  return FailureKind.Invalid;
}

/**
 * Wraps an SDK failure. `redact` lists values (a login) to strip from the cause's message and
 * URL, so logging the error never prints an email.
 */
export function toOktaDependencyError(error: unknown, operation: string, redact: readonly string[] = []): DependencyError {
  const status = oktaStatusOf(error);
  const shape = (typeof error === 'object' && error !== null ? error : {}) as OktaErrorShape;
  const code = typeof shape.errorCode === 'string' ? shape.errorCode : typeof shape.code === 'string' ? shape.code : undefined;
  const kind = status === undefined ? kindWithoutStatus(shape) : kindOfOktaStatus(status);
  scrub(shape, redact);
  const detail = [status === undefined ? undefined : `HTTP ${status}`, code].filter(Boolean).join(' ');
  return new DependencyError(`Okta ${operation} failed${detail ? `: ${detail}` : ''}`, {
    dependency: 'directory',
    kind,
    statusCode: status,
    code,
    requestId: requestIdOf(shape.headers),
    cause: error,
  });
}

function kindWithoutStatus(error: OktaErrorShape): FailureKind {
  // DefaultRequestExecutor gives up on a 429 whose reset lies beyond `requestTimeout` with this plain Error.
  if (typeof error.message === 'string' && error.message.startsWith('HTTP 429')) return FailureKind.Throttling;
  // Connection resets, DNS failures, timeouts: nothing says the request was wrong.
  return FailureKind.Transient;
}

function requestIdOf(headers: unknown): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const fromMap = (headers as { get?: unknown }).get;
  const value =
    typeof fromMap === 'function'
      ? (fromMap as (name: string) => unknown).call(headers, 'x-okta-request-id')
      : (headers as Record<string, unknown>)['x-okta-request-id'];
  return typeof value === 'string' ? value : undefined;
}

function scrub(error: OktaErrorShape, values: readonly string[]): void {
  const needles = values.filter(Boolean).flatMap((v) => [v, encodeURIComponent(v)]);
  if (needles.length === 0) return;
  const clean = (text: string): string => needles.reduce((acc, needle) => acc.split(needle).join('<redacted>'), text);
  if (typeof error.message === 'string') error.message = clean(error.message);
  if (typeof error.url === 'string') error.url = clean(error.url);
  if (typeof error.stack === 'string') error.stack = clean(error.stack);
}
