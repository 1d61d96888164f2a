import { Dependency, DependencyError, type FailureKind } from '../../core/errors';
import type { ValidationReason } from './types';

/** The error codes of the model, plus the ones this client produces itself. */
export const WickrErrorCode = {
  BadRequest: 'BadRequestError',
  Unauthorized: 'UnauthorizedError',
  Forbidden: 'ForbiddenError',
  ResourceNotFound: 'ResourceNotFoundError',
  Validation: 'ValidationError',
  RateLimit: 'RateLimitError',
  InternalServer: 'InternalServerError',
  /** An HTTP error whose code is neither in the model nor in the header/body. */
  Unknown: 'UnknownError',
  /** Connection reset, refused, DNS failure, socket hang up. */
  Network: 'NetworkError',
  /** One attempt ran past `attemptTimeoutMs`. */
  Timeout: 'TimeoutError',
  /** The call's deadline passed (retries included). */
  DeadlineExceeded: 'DeadlineExceeded',
  /** The caller's AbortSignal fired. */
  Aborted: 'Aborted',
  /** The credential provider failed. */
  Credentials: 'CredentialsError',
  /** A 2xx response whose body is not JSON. */
  Serialization: 'SerializationError',
  /** A paginated list returned a token it had returned before. */
  Pagination: 'PaginationError',
  /** The input cannot be sent (e.g. an empty path label). */
  InvalidInput: 'InvalidInput',
} as const;
export type WickrErrorCode = (typeof WickrErrorCode)[keyof typeof WickrErrorCode];

/** Details carried by a {@link WickrApiError}. */
export type WickrApiErrorDetails = {
  kind: FailureKind;
  code: string;
  operation: string;
  statusCode?: number;
  requestId?: string;
  reasons?: readonly ValidationReason[];
  /** The server's own words (message, ValidationError reasons), which may echo request data: see {@link WickrApiError.serverText}. */
  serverText?: ServerText;
  /** The server's Retry-After, in milliseconds, when it sent one. */
  retryAfterMs?: number;
  cause?: unknown;
};

/** What the server said, verbatim: it can echo emails and names from the request, so it is never logged. */
export type ServerText = { readonly message?: string; readonly reasons?: readonly ValidationReason[] };

/**
 * A failed Wickr Admin API call, classified into a {@link FailureKind} at the edge.
 *
 * `message`, `code` and `reasons` are built from our own words, the operation, the HTTP status, the error code and
 * the fields at fault, never from the server's text: Wickr and AWS messages can echo request data (a SigV4 mismatch
 * echoes the canonical request, whose query holds the username filter), and these members reach logs and DLQ attributes.
 */
export class WickrApiError extends DependencyError {
  public override readonly name = 'WickrApiError';
  /** The modelled error name (`ValidationError`, `RateLimitError`, ...) or a {@link WickrErrorCode}. */
  public override readonly code: string;
  /** The operation that failed, e.g. `UpdateUser`. */
  public readonly operation: string;
  /** The fields at fault (ValidationError `reasons`, batch `failed` items): `field` only, never the server's `reason`. */
  public readonly reasons?: readonly ValidationReason[];
  public readonly retryAfterMs?: number;
  /**
   * The server's own message and reasons, for tests and a debugger only. Not enumerable, so structured loggers
   * (Powertools' `formatError` copies enumerable members) and `JSON.stringify` leave it out; nothing may log it.
   */
  declare public readonly serverText?: ServerText;

  public constructor(message: string, details: WickrApiErrorDetails) {
    super(message, { ...details, dependency: Dependency.Wickr });
    this.code = details.code;
    this.operation = details.operation;
    this.reasons = details.reasons;
    this.retryAfterMs = details.retryAfterMs;
    Object.defineProperty(this, 'serverText', { value: details.serverText, enumerable: false, writable: false });
  }
}
