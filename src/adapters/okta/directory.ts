/**
 * The Okta directory: re-reads a user's profile, status and groups (Users API
 * `GET /api/v1/users/{idOrLogin}`, `/users/{id}/groups`) and a group's members
 * (`GET /api/v1/groups/{id}/users`) through our own small client.
 */
import type { DirectoryPort, Logger } from '../../core/ports';
import { IdpSource } from '../../core/types';
import { createOktaClient, type OktaAnswer, type OktaClient, type OktaClientOptions, type OktaGet } from './client';
import { oktaResponseError } from './errors';
import { isKnownOktaStatus } from './status';
import { OktaFamily, toDirectoryUser, toIdpGroup, type OktaGroup, type OktaUser } from './types';

/** Options of {@link createOktaDirectory}: the client's, or a client already built (shared with a lister). */
export type OktaDirectoryOptions = OktaClientOptions | { readonly client: OktaClient; readonly logger?: Logger };

/** Builds the Okta `DirectoryPort`. Throws ConfigError for an unusable `orgUrl` or no token. */
export function createOktaDirectory(options: OktaDirectoryOptions): DirectoryPort {
  const logger = options.logger ?? console;
  const client = 'client' in options ? options.client : createOktaClient(options);

  return {
    source: IdpSource.Okta,

    async getUser(idOrLogin) {
      // The argument may be a login (an email): it goes into the path only, never into an error or a log.
      const answer = await client.get<OktaUser>({ operation: 'getUser', path: `/api/v1/users/${encodeURIComponent(idOrLogin)}`, family: OktaFamily.User });
      if (answer === null) return null;
      const user = answer.body;
      if (typeof user?.id !== 'string' || user.id === '') throw oktaResponseError('getUser', 'a user without id');
      if (!isKnownOktaStatus(user.status)) {
        logger.warn('Okta user has an unknown status; treating the user as inactive', { idpUserId: user.id, status: user.status });
      }
      const groups = await readAll<OktaGroup>(client, { operation: 'listUserGroups', path: `/api/v1/users/${encodeURIComponent(user.id)}/groups`, family: OktaFamily.User });
      // Deleted between the two reads: the user no longer exists.
      return groups === null ? null : toDirectoryUser(user, groups.map(toIdpGroup));
    },

    async listGroupMemberIds(groupId) {
      const members = await readAll<OktaUser>(client, { operation: 'listGroupUsers', path: `/api/v1/groups/${encodeURIComponent(groupId)}/users`, family: OktaFamily.Group });
      // A deleted group has no members; the consumer still reaches former members through its links.
      return (members ?? []).flatMap((m) => (typeof m?.id === 'string' && m.id ? [m.id] : []));
    },
  };
}

/** Every item of a paged list, following `rel="next"`; null when Okta answers 404 on any page. */
export async function readAll<T>(client: OktaClient, first: OktaGet): Promise<T[] | null> {
  const items: T[] = [];
  for (let path: string | undefined = first.path; path !== undefined; ) {
    const answer: OktaAnswer<unknown> | null = await client.get<unknown>({ ...first, path });
    if (answer === null) return null;
    items.push(...listBody<T>(first.operation, answer.body));
    path = answer.next;
  }
  return items;
}

/** A list endpoint's body: an array, or Okta misbehaved. */
export function listBody<T>(operation: string, body: unknown): T[] {
  if (!Array.isArray(body)) throw oktaResponseError(operation, 'not a list');
  return body as T[];
}
