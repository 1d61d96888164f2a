import { DependencyError, FailureKind } from '../../core/errors';
import type { Dependency } from '../../core/errors';

/** Error names the AWS SDKs use for throttling (smithy service-error-classification). */
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'SlowDown',
  'RequestThrottled',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
]);
const AUTH = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'KMSAccessDeniedException',
]);
/**
 * Classifies an AWS SDK v3 error at the edge. Network failures and 5xx are TRANSIENT,
 * throttling names THROTTLING, credential/permission names AUTH, other 4xx INVALID.
 *
 * The message is built from `what`, the error's name and the HTTP status only, never from the
 * service's message text: that text can echo request data (a signature error quotes the
 * canonical request). The original error stays reachable as `cause`, which is never logged.
 */
export function fromAwsError(error: unknown, dependency: Dependency, what: string): DependencyError {
  if (error instanceof DependencyError) return error;
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number; requestId?: string }; $retryable?: { throttling?: boolean } };
  const name = e?.name ?? 'Error';
  const status = e?.$metadata?.httpStatusCode;
  let kind: FailureKind;
  if (THROTTLING.has(name) || e?.$retryable?.throttling || status === 429) kind = FailureKind.Throttling;
  else if (AUTH.has(name) || status === 401 || status === 403) kind = FailureKind.Auth;
  else if (name === 'ResourceNotFoundException' && status === 404) kind = FailureKind.NotFound;
  else if (status !== undefined && status >= 400 && status < 500) kind = FailureKind.Invalid;
  else kind = FailureKind.Transient; // 5xx, network errors (no status), timeouts
  const statusText = status === undefined ? '' : ` (HTTP ${status})`;
  return new DependencyError(`${what}: ${name}${statusText}`, {
    dependency,
    kind,
    statusCode: status,
    code: name,
    requestId: e?.$metadata?.requestId,
    cause: error,
  });
}
