/**
 * The Okta `DirectoryLister` for the reconcile: every user page by page, group members page by
 * page, and the groups a mapping names. "List all users" leaves out `DEPROVISIONED` users, so
 * the listing runs a second pass with `filter=status eq "DEPROVISIONED"` (filter reads current
 * data; search reads an index that lags). A user whose status changes between the passes may be
 * listed twice; the later page is the newer state.
 * https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/listUsers
 */
import { DependencyError, FailureKind } from '../../core/errors';
import type { DirectoryLister, Logger, Page } from '../../core/ports';
import { IdpSource, type IdpGroup } from '../../core/types';
import { createOktaClient, type OktaClient, type OktaClientOptions } from './client';
import { listBody, readAll } from './directory';
import { oktaHttpError, oktaResponseError } from './errors';
import { isKnownOktaStatus } from './status';
import { OktaFamily, toDirectoryUser, toIdpGroup, type OktaGroup, type OktaUser } from './types';

/** Options of {@link createOktaLister}. */
export type OktaListerOptions = (OktaClientOptions | { readonly client: OktaClient; readonly logger?: Logger }) & {
  /** `limit` of the user and group lists (Okta's maximum for `/api/v1/users` is 200). @default 200 */
  readonly pageSize?: number;
  /**
   * `limit` of a group's members (`/api/v1/groups/{id}/users` serves up to 1,000 a page, its
   * default): a fifth of the calls of 200 a page for the scope and mapped groups. @default 1000
   */
  readonly memberPageSize?: number;
};

/** The two passes over `/api/v1/users`. */
const Pass = { Listed: 'listed', Deprovisioned: 'deprovisioned' } as const;
type Pass = (typeof Pass)[keyof typeof Pass];
type UserCursor = { readonly pass: Pass; readonly next?: string };
type MemberCursor = { readonly groupId: string; readonly next: string };

const DEPROVISIONED_FILTER = 'status eq "DEPROVISIONED"';
/** Okta ids are alphanumeric; a ref with anything else (a space, a dash) can only be a name. */
const ID_SHAPED = /^[A-Za-z0-9]+$/;

/**
 * Builds the Okta `DirectoryLister`. Listing calls are paced: when Okta reports a family's budget
 * nearly spent, the next call waits for its reset. Give a `requestTimeoutMs` long enough for a
 * reset (Okta's windows are a minute) if pages should wait rather than fail as THROTTLING.
 */
export function createOktaLister(options: OktaListerOptions): DirectoryLister {
  const logger = options.logger ?? console;
  const client = 'client' in options ? options.client : createOktaClient(options);
  const limit = options.pageSize ?? 200;
  const memberLimit = options.memberPageSize ?? 1000;

  const firstUsersPath = (pass: Pass): string => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (pass === Pass.Deprovisioned) query.set('filter', DEPROVISIONED_FILTER);
    return `/api/v1/users?${query}`;
  };

  const groupById = async (id: string): Promise<IdpGroup | undefined> => {
    const answer = await client.get<OktaGroup>({ operation: 'getGroup', path: `/api/v1/groups/${encodeURIComponent(id)}`, family: OktaFamily.Group });
    return answer?.body?.id === id ? toIdpGroup(answer.body) : undefined;
  };

  const groupsNamed = async (name: string): Promise<IdpGroup[]> => {
    // `q` is a case-insensitive prefix search on the name; keep only exact matches, ignoring case, as the mapping does.
    const query = new URLSearchParams({ q: name, limit: String(limit) });
    const found = await readAll<OktaGroup>(client, { operation: 'listGroups', path: `/api/v1/groups?${query}`, family: OktaFamily.Groups, pace: true });
    const wanted = name.toLowerCase();
    return (found ?? []).filter((g) => typeof g?.id === 'string' && g.profile?.name?.toLowerCase() === wanted).map(toIdpGroup);
  };

  return {
    source: IdpSource.Okta,

    async resolveGroups(refs) {
      const byId = new Map<string, IdpGroup>();
      for (const ref of new Set(refs)) {
        const exact = ID_SHAPED.test(ref) ? await groupById(ref) : undefined;
        for (const group of [...(exact ? [exact] : []), ...(await groupsNamed(ref))]) byId.set(group.id, group);
      }
      return [...byId.values()];
    },

    async listUsersPage(cursor) {
      const at = cursor === undefined ? { pass: Pass.Listed } : decodeUserCursor(cursor);
      const answer = await client.get<unknown>({ operation: 'listUsers', path: at.next ?? firstUsersPath(at.pass), family: OktaFamily.Users, pace: true });
      if (answer === null) throw oktaHttpError('listUsers', 404);
      const items = listBody<OktaUser>('listUsers', answer.body).map((user) => {
        if (typeof user?.id !== 'string' || user.id === '') throw oktaResponseError('listUsers', 'a user without id');
        if (!isKnownOktaStatus(user.status)) logger.warn('Okta user has an unknown status; treating the user as inactive', { idpUserId: user.id, status: user.status });
        return toDirectoryUser(user, []);
      });
      let next: UserCursor | undefined;
      if (answer.next !== undefined) next = { pass: at.pass, next: answer.next };
      else if (at.pass === Pass.Listed) next = { pass: Pass.Deprovisioned };
      return page(items, next);
    },

    async listGroupMembersPage(groupId, cursor) {
      const path = cursor === undefined ? `/api/v1/groups/${encodeURIComponent(groupId)}/users?limit=${memberLimit}` : decodeMemberCursor(cursor, groupId);
      const answer = await client.get<unknown>({ operation: 'listGroupUsers', path, family: OktaFamily.Group, pace: true });
      if (answer === null) {
        // An unknown group has no members; gone half-way through, the pages read so far are not the truth.
        if (cursor === undefined) return { items: [] };
        throw oktaHttpError('listGroupUsers', 404, { note: 'the group was deleted during the listing' });
      }
      const ids = listBody<OktaUser>('listGroupUsers', answer.body).map((m) => {
        if (typeof m?.id !== 'string' || m.id === '') throw oktaResponseError('listGroupUsers', 'a member without id');
        return m.id;
      });
      return page(ids, answer.next === undefined ? undefined : ({ groupId, next: answer.next } satisfies MemberCursor));
    },
  };
}

function page<T>(items: T[], next: UserCursor | MemberCursor | undefined): Page<T> {
  return next === undefined ? { items } : { items, cursor: Buffer.from(JSON.stringify(next)).toString('base64url') };
}

function decode(cursor: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  } catch {
    // Reported below, without the cursor's text.
  }
  throw badCursor();
}

function decodeUserCursor(cursor: string): UserCursor {
  const { pass, next } = decode(cursor);
  if (pass !== Pass.Listed && pass !== Pass.Deprovisioned) throw badCursor();
  if (next === undefined) return { pass };
  if (typeof next !== 'string' || new URL(next, 'https://okta.invalid').pathname !== '/api/v1/users') throw badCursor();
  return { pass, next };
}

function decodeMemberCursor(cursor: string, groupId: string): string {
  const { groupId: forGroup, next } = decode(cursor);
  if (forGroup !== groupId || typeof next !== 'string') throw badCursor();
  if (new URL(next, 'https://okta.invalid').pathname !== `/api/v1/groups/${encodeURIComponent(groupId)}/users`) throw badCursor();
  return next;
}

function badCursor(): DependencyError {
  return new DependencyError('Okta listing: the cursor was not made by this lister', { dependency: 'directory', kind: FailureKind.Invalid });
}
