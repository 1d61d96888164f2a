/**
 * The Okta directory: re-reads a user's profile, status and groups through the official
 * `@okta/okta-sdk-nodejs` v8 (Users API `GET /api/v1/users/{idOrLogin}`, `/users/{id}/groups`,
 * Groups API `/groups/{id}/users`).
 */
import { Client, DefaultRequestExecutor, type Group, type User } from '@okta/okta-sdk-nodejs';
import { ConfigError, DependencyError, FailureKind } from '../../core/errors';
import type { DirectoryPort, Logger } from '../../core/ports';
import { IdpSource, type DirectoryUser, type IdpGroup } from '../../core/types';
import { oktaStatusOf, toOktaDependencyError } from './errors';
import { isActiveOktaStatus, isKnownOktaStatus } from './status';

/** The slice of the SDK client the adapter calls; an `okta.Client` satisfies it. */
export type OktaDirectoryClient = {
  readonly userApi: Pick<Client['userApi'], 'getUser' | 'listUserGroups'>;
  readonly groupApi: Pick<Client['groupApi'], 'listGroupUsers'>;
};

/** Options of {@link createOktaDirectory}. */
export type OktaDirectoryOptions = {
  /** `https://<org>.okta.com`; plain http only for loopback (the emulator). */
  readonly orgUrl: string;
  /** The SSWS API token. Never logged. */
  readonly token: string;
  /** A prepared client (tests); `orgUrl`, `token`, `maxRetries` and `requestTimeoutMs` are then unused. */
  readonly client?: OktaDirectoryClient;
  /**
   * 429 retries done by the SDK, each after `X-Rate-Limit-Reset` (minus the `Date` header, plus 1 s).
   * @default 2
   */
  readonly maxRetries?: number;
  /**
   * Budget for one call including 429 waits; a wait that would overrun it fails at once as THROTTLING,
   * leaving the retry to SQS. 0 disables the budget.
   * @default 10000
   */
  readonly requestTimeoutMs?: number;
  /** @default console */
  readonly logger?: Logger;
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Builds the Okta `DirectoryPort`. Throws ConfigError for an unusable `orgUrl`. */
export function createOktaDirectory(options: OktaDirectoryOptions): DirectoryPort {
  const logger = options.logger ?? console;
  const client = options.client ?? createOktaClient(options, logger);

  const listGroups = async (userId: string): Promise<IdpGroup[] | null> => {
    const groups: IdpGroup[] = [];
    try {
      for await (const group of await client.userApi.listUserGroups({ userId })) {
        if (group) groups.push(toIdpGroup(group));
      }
    } catch (error) {
      // Deleted between the two reads: the user no longer exists.
      if (oktaStatusOf(error) === 404) return null;
      throw toOktaDependencyError(error, 'listUserGroups');
    }
    return groups;
  };

  return {
    source: IdpSource.Okta,

    async getUser(idOrLogin) {
      let user: User;
      try {
        user = await client.userApi.getUser({ userId: idOrLogin });
      } catch (error) {
        if (oktaStatusOf(error) === 404) return null;
        // The argument may be a login (an email): keep it out of the error and its cause.
        throw toOktaDependencyError(error, 'getUser', [idOrLogin]);
      }
      if (!user.id) {
        throw new DependencyError('Okta getUser returned a user without id', { dependency: 'directory', kind: FailureKind.Invalid });
      }
      if (!isKnownOktaStatus(user.status)) {
        logger.warn('Okta user has an unknown status; treating the user as inactive', { idpUserId: user.id, status: user.status });
      }
      const groups = await listGroups(user.id);
      return groups === null ? null : toDirectoryUser(user, groups);
    },

    async listGroupMemberIds(groupId) {
      const ids: string[] = [];
      try {
        for await (const member of await client.groupApi.listGroupUsers({ groupId })) {
          if (member?.id) ids.push(member.id);
        }
      } catch (error) {
        // A deleted group has no members; the consumer still reaches former members through its links.
        if (oktaStatusOf(error) === 404) return [];
        throw toOktaDependencyError(error, 'listGroupUsers');
      }
      return ids;
    },
  };
}

/** Maps an Okta user and its groups to the directory's view. */
export function toDirectoryUser(user: User, groups: readonly IdpGroup[]): DirectoryUser {
  const profile = user.profile;
  return {
    idpUserId: user.id ?? '',
    email: profile?.email ?? undefined,
    login: profile?.login ?? undefined,
    firstName: profile?.firstName ?? undefined,
    lastName: profile?.lastName ?? undefined,
    active: isActiveOktaStatus(user.status),
    groups,
  };
}

function toIdpGroup(group: Group): IdpGroup {
  const name = group.profile?.name;
  return name ? { id: group.id ?? '', name } : { id: group.id ?? '' };
}

function createOktaClient(options: OktaDirectoryOptions, logger: Logger): Client {
  checkOrgUrl(options.orgUrl);
  const requestExecutor = new DefaultRequestExecutor({
    maxRetries: options.maxRetries ?? 2,
    requestTimeout: options.requestTimeoutMs ?? 10_000,
  });
  requestExecutor.on('backoff', (_request: unknown, _response: unknown, requestId: unknown, delayMs: unknown) => {
    logger.warn('Okta rate limit reached; the SDK retries after the reset', { requestId, delayMs });
  });
  return new Client({
    orgUrl: options.orgUrl,
    token: options.token,
    requestExecutor,
    // The default cache middleware keeps GET responses forever (keyed by `_links.self.href`): a warm
    // Lambda would then re-read stale users. Every read here must see Okta's current truth.
    cacheMiddleware: null,
  });
}

function checkOrgUrl(orgUrl: string): void {
  let url: URL;
  try {
    url = new URL(orgUrl);
  } catch {
    throw new ConfigError('okta.orgUrl', 'is not a URL');
  }
  // The SSWS token travels in a header: plain http is only acceptable to a local emulator.
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) return;
  throw new ConfigError('okta.orgUrl', 'must be https (http only for 127.0.0.1/localhost)');
}
