/** How the doctor words a failed read: the adapters' own classification, never the server's text. */
import { DependencyError, FailureKind } from '../errors';

/** Settled result of one read. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** Runs a read and keeps its value or its error. */
export async function settle<T>(read: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The failure kind when the adapter classified it (`DependencyError`), else undefined. */
export function kindOf(error: unknown): FailureKind | undefined {
  return error instanceof DependencyError ? error.kind : undefined;
}

/** True for a refused credential or a missing permission. */
export const isAuth = (error: unknown): boolean => kindOf(error) === FailureKind.Auth;

/** True when the addressed resource does not exist. */
export const isNotFound = (error: unknown): boolean => kindOf(error) === FailureKind.NotFound;

/**
 * One line about the error. Adapter errors carry messages built from the operation, the error
 * name and the HTTP status only (sdkErrors.ts, WickrApiError), so they are safe to print.
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** The generic advice for a failure that is neither a refusal nor a missing resource. */
export function transientFix(error: unknown): string {
  const kind = kindOf(error);
  if (kind === FailureKind.Throttling) return 'the service is throttling: run the doctor again in a minute';
  return 'run the doctor again; if it persists, check the network path and the endpoint (region, proxy)';
}
