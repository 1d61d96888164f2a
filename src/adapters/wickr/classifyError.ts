/**
 * Turns HTTP error responses and transport failures into {@link WickrApiError}s. This is the only
 * place that reads Wickr status codes; everything above it reads `kind`.
 */
import { FailureKind } from '../../core/errors';
import { isMemberPath } from './batchFailures';
import { parseRetryAfter } from './retryAfter';
import type { ValidationReason } from './types';
import { WickrApiError, WickrErrorCode } from './WickrApiError';

/** What the transport hands back for one attempt. */
export type WireResponse = {
  readonly statusCode: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
};

/** The modelled errors by lower-case code, with their kind. Codes are matched case-insensitively. */
const MODELLED: Record<string, { code: string; kind: FailureKind }> = {
  badrequesterror: { code: WickrErrorCode.BadRequest, kind: FailureKind.Invalid },
  unauthorizederror: { code: WickrErrorCode.Unauthorized, kind: FailureKind.Auth },
  forbiddenerror: { code: WickrErrorCode.Forbidden, kind: FailureKind.Auth },
  resourcenotfounderror: { code: WickrErrorCode.ResourceNotFound, kind: FailureKind.NotFound },
  validationerror: { code: WickrErrorCode.Validation, kind: FailureKind.Invalid },
  ratelimiterror: { code: WickrErrorCode.RateLimit, kind: FailureKind.Throttling },
  internalservererror: { code: WickrErrorCode.InternalServer, kind: FailureKind.Transient },
};

/**
 * Codes AWS's front end can send for any service before Wickr sees the request (not in the model).
 * ThrottlingException may come with a 400, so the code wins over the status here.
 */
const FRONT_END: Record<string, FailureKind> = {
  throttlingexception: FailureKind.Throttling,
  toomanyrequestsexception: FailureKind.Throttling,
  invalidsignatureexception: FailureKind.Auth,
  signaturedoesnotmatch: FailureKind.Auth,
  unrecognizedclientexception: FailureKind.Auth,
  expiredtokenexception: FailureKind.Auth,
  accessdeniedexception: FailureKind.Auth,
};

/** Node/undici error codes of a failed connection: safe to retry (every operation we call is idempotent). */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/**
 * Drops anything after `:` and anything up to the last `#`, as the AWS rest-json deserialisers do
 * (`aws.protocoltests.restjson#FooError:http://...` → `FooError`).
 */
export function sanitizeErrorCode(raw: string): string {
  let code = raw.trim();
  const colon = code.indexOf(':');
  if (colon !== -1) code = code.slice(0, colon);
  const hash = code.lastIndexOf('#');
  if (hash !== -1) code = code.slice(hash + 1);
  return code;
}

/**
 * Maps a non-2xx response to a WickrApiError; never throws. The message is ours (operation, code, status, fields);
 * the server's message and reasons go to the non-enumerable `serverText` only, as they can echo request data.
 */
export function errorFromResponse(operation: string, response: WireResponse, now: number): WickrApiError {
  const body = parseErrorBody(response.body);
  const rawCode = response.headers['x-amzn-errortype'] ?? stringField(body, '__type') ?? stringField(body, 'code');
  const sanitized = rawCode ? sanitizeErrorCode(rawCode) : '';
  const modelled = MODELLED[sanitized.toLowerCase()];
  const kind = modelled?.kind ?? FRONT_END[sanitized.toLowerCase()] ?? kindFromStatus(response.statusCode);
  const code = modelled?.code ?? (SAFE_CODE.test(sanitized) ? sanitized : WickrErrorCode.Unknown);
  const serverReasons = reasonsOf(body);
  const fields = safeFields(serverReasons);
  const onFields = fields.length ? ` on ${fields.join(', ')}` : '';
  return new WickrApiError(`${operation}: ${code} (HTTP ${response.statusCode})${onFields}`, {
    kind,
    code,
    operation,
    statusCode: response.statusCode,
    requestId: response.headers['x-amzn-requestid'] ?? response.headers['x-amz-request-id'],
    reasons: serverReasons?.map((item) => (isMemberPath(item.field) ? { field: item.field } : {})),
    serverText: { message: stringField(body, 'message') ?? stringField(body, 'Message'), reasons: serverReasons },
    retryAfterMs: parseRetryAfter(response.headers['retry-after'], now),
  });
}

/** An error code as the model and AWS spell them; anything else (a code that could carry data) becomes UnknownError. */
const SAFE_CODE = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;
/** The distinct field names of `reasons` that look like member paths, in order. */
function safeFields(reasons: readonly ValidationReason[] | undefined): string[] {
  return [...new Set((reasons ?? []).map((item) => item.field).filter(isMemberPath))];
}

/** The kind for a status without a recognised code: 4xx other than the listed ones is the request's fault. */
export function kindFromStatus(status: number): FailureKind {
  if (status === 429) return FailureKind.Throttling;
  if (status === 401 || status === 403) return FailureKind.Auth;
  if (status === 404) return FailureKind.NotFound;
  if (status >= 400 && status < 500) return FailureKind.Invalid;
  // 5xx, and anything a proxy might answer that is not an API response (1xx/3xx): retry.
  return FailureKind.Transient;
}

/** Maps a transport failure (no HTTP response) to a TRANSIENT WickrApiError. */
export function errorFromTransport(operation: string, error: unknown): WickrApiError {
  const networkCode = findNetworkCode(error);
  const code = networkCode ? WickrErrorCode.Network : WickrErrorCode.Unknown;
  // The code only: a transport message may hold the URL, whose query can carry a username.
  return new WickrApiError(`${operation}: request failed (${networkCode ?? 'transport error'})`, {
    kind: FailureKind.Transient,
    code,
    operation,
    cause: error,
  });
}

/** Walks the `cause` chain (fetch wraps socket errors in `TypeError: fetch failed`) for a network error code. */
export function findNetworkCode(error: unknown): string | undefined {
  // Duck-typed, not `instanceof Error`: errors from another realm (node core under jest's VM) fail that check.
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    if (typeof message === 'string' && /socket hang up/i.test(message)) return 'ECONNRESET';
    current = cause;
  }
  return undefined;
}

function parseErrorBody(text: string): Record<string, unknown> {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function reasonsOf(body: Record<string, unknown>): ValidationReason[] | undefined {
  const reasons = body.reasons;
  if (!Array.isArray(reasons)) return undefined;
  return reasons
    .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    .map((item) => ({
      field: typeof item.field === 'string' ? item.field : undefined,
      reason: typeof item.reason === 'string' ? item.reason : undefined,
    }));
}
