import { Dependency, DependencyError, FailureKind, PoisonError, toError } from '../errors';

/** What to do with a record whose processing failed. */
export type Disposition =
  | { readonly action: 'deadLetter'; readonly errorClass: string; readonly reason: string }
  | { readonly action: 'retry'; readonly throttled: boolean; readonly reason: string; readonly errorClass: string };

/**
 * Poison (never retry): PoisonError, and Wickr answers of kind INVALID (ValidationError,
 * BadRequestError). Everything else is retried through SQS — including AUTH
 * failures and our own dependencies' errors, which alarm and reach the DLQ only through the
 * queue's redrive policy — so nothing is ever dropped.
 */
export function classifyFailure(error: unknown): Disposition {
  if (error instanceof PoisonError) {
    return { action: 'deadLetter', errorClass: error.errorClass, reason: error.message };
  }
  if (error instanceof DependencyError) {
    const errorClass = error.code ?? error.name;
    // Only Wickr rejecting our request is poison: an INVALID answer from our own
    // dependencies (DynamoDB, SQS, the directory) is a deployment problem, retried and alarmed.
    if (error.kind === FailureKind.Invalid && error.dependency === Dependency.Wickr) {
      return { action: 'deadLetter', errorClass, reason: `${error.dependency}: ${error.message}` };
    }
    return { action: 'retry', throttled: error.throttling, errorClass, reason: `${error.dependency} ${error.kind}: ${error.message}` };
  }
  const wrapped = toError(error);
  return { action: 'retry', throttled: false, errorClass: wrapped.name, reason: wrapped.message };
}
