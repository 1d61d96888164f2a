import { DeferralError, Dependency, DependencyError, FailureKind, PoisonError, toError } from '../errors';

/**
 * What to do with a record whose processing did not finish:
 * - `deadLetter`: poison, to the DLQ at once;
 * - `retry`: a failure, handed back to SQS with backoff until the retry budget is spent;
 * - `defer`: not a failure (the user is busy, the time budget is spent, a membership id is not
 *   learned yet): handed back the same way, but never dead-lettered for running out of receives.
 */
export type Disposition = {
  readonly action: 'deadLetter' | 'retry' | 'defer';
  readonly errorClass: string;
  readonly reason: string;
  /**
   * The dependency's own answer behind `errorClass` when they differ: a call that ran out of
   * time (`DeadlineExceeded`) after being throttled (`RateLimitError`) reports the latter here.
   */
  readonly lastError?: string;
};

/**
 * Poison (never retry): PoisonError, and Wickr answers of kind INVALID (ValidationError,
 * BadRequestError). Everything else is retried through SQS — including AUTH
 * failures and our own dependencies' errors — so nothing is ever dropped.
 *
 * Reasons reach logs and DLQ attributes, so they are built from our own words, error codes
 * and kinds only: a server's message text can echo request data (an AWS signature error
 * quotes the canonical request, which holds the username a ListUsers filtered on).
 */
export function classifyFailure(error: unknown): Disposition {
  if (error instanceof PoisonError) {
    // Our own words: every PoisonError message is written by this code base, without input values.
    return { action: 'deadLetter', errorClass: error.errorClass, reason: error.message };
  }
  if (error instanceof DeferralError) {
    return { action: 'defer', errorClass: error.errorClass, reason: error.message };
  }
  if (error instanceof DependencyError) {
    const errorClass = error.code ?? error.name;
    const status = error.statusCode === undefined ? '' : ` (HTTP ${error.statusCode})`;
    const lastError = underlyingCode(error);
    const after = lastError === undefined ? '' : ` after ${lastError}`;
    // Only Wickr rejecting our request is poison: an INVALID answer from our own
    // dependencies (DynamoDB, SQS, the directory) is a deployment problem, retried and alarmed.
    if (error.kind === FailureKind.Invalid && error.dependency === Dependency.Wickr) {
      return { action: 'deadLetter', errorClass, reason: `${error.dependency} rejected the request: ${errorClass}${status}` };
    }
    return { action: 'retry', errorClass, reason: `${error.dependency} ${error.kind}: ${errorClass}${after}${status}`, ...(lastError !== undefined && { lastError }) };
  }
  const wrapped = toError(error);
  // An unexpected error's message may hold anything; its name is enough to find it in the code.
  return { action: 'retry', errorClass: wrapped.name, reason: `unexpected ${wrapped.name}` };
}

/** The code of the innermost dependency failure wrapped as `cause`, when it differs from the outer one. */
function underlyingCode(error: DependencyError): string | undefined {
  let inner: DependencyError = error;
  for (let depth = 0; inner.cause instanceof DependencyError && depth < 5; depth += 1) inner = inner.cause;
  const code = inner.code ?? inner.name;
  return inner === error || code === (error.code ?? error.name) ? undefined : code;
}
