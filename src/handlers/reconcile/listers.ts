/**
 * Bulk listers for the reconcile, built on the adapters' existing clients. Small local adapters
 * until the dedicated ones land (the Wickr port's `listUsersPage`, `createOktaLister`,
 * `createIdentityCenterLister`); they satisfy the same ports, so swapping them is a wiring change.
 */
import { ListGroupMembershipsCommand, ListGroupsCommand, ListUsersCommand, type IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { fromAwsError } from '../../adapters/aws/sdkErrors';
import { toDirectoryUser as fromIdentityStore } from '../../adapters/identitycenter/directory';
import { toDirectoryUser as fromOkta } from '../../adapters/okta';
import { toWickrUser } from '../../adapters/wickr/wickrPort';
import type { WickrClient } from '../../adapters/wickr';
import type { CallOptions } from '../../adapters/wickr/RequestSender';
import { DependencyError, FailureKind } from '../../core/errors';
import { groupMatches } from '../../core/mapping';
import type { DirectoryLister, Page, Sleep, WickrListPort } from '../../core/ports';
import { IdpSource, type IdpGroup } from '../../core/types';

/** ListUsers at the documented maximum page size (100). */
export function createWickrLister(client: WickrClient, networkId: string, callOptions: () => CallOptions = () => ({})): WickrListPort {
  return {
    async listUsersPage(cursor) {
      const page = await client.listUsers({ networkId, maxResults: 100, ...(cursor !== undefined && { nextToken: cursor }) }, callOptions());
      const items = (page.users ?? []).map(toWickrUser);
      return { items, ...(page.nextToken && { cursor: page.nextToken }) };
    },
  };
}

/** Identity Store ListUsers / ListGroups / ListGroupMemberships, 100 per page. */
export function createIdentityStoreLister(options: { identityStoreId: string; client: IdentitystoreClient }): DirectoryLister {
  const { client, identityStoreId: IdentityStoreId } = options;
  const call = async <O>(what: string, run: () => Promise<O>): Promise<O> => {
    try {
      return await run();
    } catch (error) {
      throw fromAwsError(error, 'directory', `identitystore ${what}`);
    }
  };
  return {
    source: IdpSource.IdentityCenter,
    async resolveGroups(refs) {
      const found: IdpGroup[] = [];
      let NextToken: string | undefined;
      do {
        const out = await call('ListGroups', () => client.send(new ListGroupsCommand({ IdentityStoreId, MaxResults: 100, NextToken })));
        for (const g of out.Groups ?? []) {
          const group: IdpGroup = g.DisplayName ? { id: g.GroupId ?? '', name: g.DisplayName } : { id: g.GroupId ?? '' };
          if (refs.some((ref) => groupMatches(group, ref))) found.push(group);
        }
        NextToken = out.NextToken;
      } while (NextToken);
      return found;
    },
    async listUsersPage(cursor) {
      const out = await call('ListUsers', () => client.send(new ListUsersCommand({ IdentityStoreId, MaxResults: 100, NextToken: cursor })));
      return { items: (out.Users ?? []).map((u) => fromIdentityStore(u, u.UserId ?? '', [])), ...(out.NextToken && { cursor: out.NextToken }) };
    },
    async listGroupMembersPage(GroupId, cursor) {
      const out = await call('ListGroupMemberships', () => client.send(new ListGroupMembershipsCommand({ IdentityStoreId, GroupId, MaxResults: 100, NextToken: cursor })));
      const ids = (out.GroupMemberships ?? []).flatMap((m) => (m.MemberId && 'UserId' in m.MemberId && m.MemberId.UserId ? [m.MemberId.UserId] : []));
      return { items: ids, ...(out.NextToken && { cursor: out.NextToken }) };
    },
  };
}

/**
 * Okta list endpoints over fetch: `GET /api/v1/users` (with a `search` on status, because the
 * plain list leaves out DEPROVISIONED users: developer.okta.com Users API), `/api/v1/groups`,
 * `/api/v1/groups/{id}/users`, 200 per page, following `Link: <…>; rel="next"`. A 429 waits
 * until `X-Rate-Limit-Reset` when that is within `maxWaitMs`, else fails as THROTTLING.
 */
export function createOktaFetchLister(options: { orgUrl: string; token: string; sleep?: Sleep; now?: () => number; maxWaitMs?: number }): DirectoryLister {
  const base = options.orgUrl.replace(/\/+$/, '');
  const sleep: Sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const get = async (url: string): Promise<{ body: unknown; next?: string }> => {
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(url, { headers: { Authorization: `SSWS ${options.token}`, Accept: 'application/json' } });
      } catch (error) {
        throw new DependencyError('Okta list request failed', { dependency: 'directory', kind: FailureKind.Transient, cause: error });
      }
      if (response.status === 429 && attempt < 3) {
        const wait = Number(response.headers.get('x-rate-limit-reset') ?? 0) * 1000 - now() + 1000;
        if (wait <= (options.maxWaitMs ?? 60_000)) {
          await sleep(Math.max(0, wait));
          continue;
        }
      }
      if (!response.ok) {
        const kind = response.status === 429 ? FailureKind.Throttling : response.status >= 500 ? FailureKind.Transient : response.status === 401 || response.status === 403 ? FailureKind.Auth : FailureKind.Invalid;
        throw new DependencyError(`Okta list answered ${response.status}`, { dependency: 'directory', kind, statusCode: response.status });
      }
      const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
      return { body: await response.json(), ...(next && { next }) };
    }
  };
  const page = async <T>(first: string, cursor: string | undefined, map: (items: unknown[]) => T[]): Promise<Page<T>> => {
    const { body, next } = await get(cursor ?? first);
    return { items: map(Array.isArray(body) ? body : []), ...(next && { cursor: next }) };
  };
  // Every status by name: the plain list would leave DEPROVISIONED users out.
  const statuses = ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'SUSPENDED', 'DEPROVISIONED'];
  const search = encodeURIComponent(statuses.map((status) => `status eq "${status}"`).join(' or '));
  return {
    source: IdpSource.Okta,
    async resolveGroups(refs) {
      const found: IdpGroup[] = [];
      let cursor: string | undefined;
      do {
        const p = await page(`${base}/api/v1/groups?limit=200`, cursor, (items) => items as { id: string; profile?: { name?: string } }[]);
        for (const g of p.items) {
          const group = g.profile?.name ? { id: g.id, name: g.profile.name } : { id: g.id };
          if (refs.some((ref) => groupMatches(group, ref))) found.push(group);
        }
        cursor = p.cursor;
      } while (cursor);
      return found;
    },
    listUsersPage: (cursor) => page(`${base}/api/v1/users?limit=200&search=${search}`, cursor, (items) => (items as Parameters<typeof fromOkta>[0][]).map((u) => fromOkta(u, []))),
    listGroupMembersPage: (groupId, cursor) =>
      page(`${base}/api/v1/groups/${encodeURIComponent(groupId)}/users?limit=200`, cursor, (items) => (items as { id?: string }[]).flatMap((u) => (u.id ? [u.id] : []))),
  };
}
