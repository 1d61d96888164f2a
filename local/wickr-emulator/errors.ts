/** What a handler answers: status, extra headers and a JSON body. */
export type EmulatorResponse = {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
};

/** One entry of ValidationError.reasons (the model's ErrorDetail). */
export type ErrorReason = { field: string; reason: string };

/** The model's error shapes and their HTTP statuses (service-2.json `error.httpStatusCode`). */
export const MODELED_ERRORS = {
  BadRequestError: 400,
  UnauthorizedError: 401,
  ForbiddenError: 403,
  ResourceNotFoundError: 404,
  ValidationError: 422,
  RateLimitError: 429,
  InternalServerError: 500,
} as const;

/** A modeled error's name. */
export type ModeledErrorType = keyof typeof MODELED_ERRORS;

/** Errors of the AWS front door (signing, routing, availability) that the Wickr model does not list. */
export const FRONT_END_ERRORS = {
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 403,
  InvalidSignatureException: 403,
  UnrecognizedClientException: 403,
  UnknownOperationException: 404,
  BadGatewayException: 502,
  ServiceUnavailableException: 503,
  GatewayTimeoutException: 504,
} as const;

/** A front-end error's name. */
export type FrontEndErrorType = keyof typeof FRONT_END_ERRORS;

// Coral, the AWS front door, qualifies its own error codes with a namespace (header after ':', body before '#');
// clients must strip both (shared/reference/wickr-api.md, "Errors").
const CORAL_NAMESPACE = 'com.amazon.coral.service';

/** A modeled error: `__type` in the body and the plain name in X-Amzn-ErrorType, as the Go SDK snapshots show. */
export function modeledError(type: ModeledErrorType, message: string, reasons?: ErrorReason[]): EmulatorResponse {
  const body: Record<string, unknown> = { __type: type, message };
  if (reasons) body.reasons = reasons;
  return { status: MODELED_ERRORS[type], headers: { 'X-Amzn-ErrorType': type }, body };
}

/** A ValidationError (422) whose message names the fields. */
export function validationError(reasons: ErrorReason[]): EmulatorResponse {
  const fields = [...new Set(reasons.map((r) => r.field))].join(', ');
  return modeledError('ValidationError', `Validation failed for: ${fields}`, reasons);
}

/** A front-door error, namespaced the way Coral sends it. */
export function frontEndError(type: FrontEndErrorType, message: string): EmulatorResponse {
  return {
    status: FRONT_END_ERRORS[type],
    headers: { 'X-Amzn-ErrorType': `${type}:http://internal.amazon.com/coral/${CORAL_NAMESPACE}/` },
    body: { __type: `${CORAL_NAMESPACE}#${type}`, message },
  };
}

/** Thrown by operations to answer with an error response; the server turns it into that response. */
export class WickrApiError extends Error {
  readonly name = 'WickrApiError' as const;
  constructor(readonly response: EmulatorResponse) {
    super(String((response.body as { message?: unknown } | undefined)?.message ?? `HTTP ${response.status}`));
  }
}

/** Throws a ValidationError unless `reasons` is empty. */
export function assertValid(reasons: ErrorReason[]): void {
  if (reasons.length) throw new WickrApiError(validationError(reasons));
}
