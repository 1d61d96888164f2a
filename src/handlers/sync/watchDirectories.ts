/**
 * Counts the IdP refusing the sync's credentials. An expired or revoked Okta token, or a role
 * that lost its Identity Store permissions, only shows as records retried and then dead-lettered
 * as `RetriesExhausted` hours later; the `IdpAuthFailed` metric (stack/alarms.yml) says so at once.
 */
import { Dependency, DependencyError, FailureKind } from '../../core/errors';
import type { DirectoryPort } from '../../core/ports';
import type { IdpSource } from '../../core/types';

type Directories = Partial<Record<IdpSource, DirectoryPort>>;

/** True for a directory call the IdP answered 401 or 403 (kind AUTH, decided by the adapter). */
export function isIdpAuthFailure(error: unknown): boolean {
  return error instanceof DependencyError && error.dependency === Dependency.Directory && error.kind === FailureKind.Auth;
}

/**
 * The same directories, each call reporting an IdP auth failure to `onAuthFailure` before the
 * error goes on unchanged. Every method is wrapped (a Proxy), so methods an adapter adds beyond
 * the port are counted too.
 */
export function watchDirectories(directories: Directories, onAuthFailure: (source: IdpSource) => void): Directories {
  const watched: Directories = {};
  for (const [source, directory] of Object.entries(directories) as [IdpSource, DirectoryPort][]) {
    watched[source] = new Proxy(directory, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result: unknown = value.apply(target, args);
          if (!(result instanceof Promise)) return result;
          return result.catch((error: unknown) => {
            if (isIdpAuthFailure(error)) onAuthFailure(source);
            throw error;
          });
        };
      },
    });
  }
  return watched;
}
