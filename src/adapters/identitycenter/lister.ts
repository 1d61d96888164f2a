/**
 * The IAM Identity Center `DirectoryLister` for the reconcile: ListUsers and ListGroupMemberships
 * one page at a time (the cursor is the service's NextToken), ListGroups to resolve the groups a
 * mapping names. Each member comes with its MembershipId, which the reconcile records for later
 * DeleteGroupMembership events. Users have no status in ListUsers answers from older APIs and
 * moto: absent means enabled, as in the directory.
 * https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_ListUsers.html
 */
import { ListGroupMembershipsCommand, ListUsersCommand, paginateListGroups, type IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { DependencyError, FailureKind } from '../../core/errors';
import type { DirectoryLister, MembersPage, Page } from '../../core/ports';
import { IdpSource, type IdpGroup } from '../../core/types';
import { fromAwsError } from '../aws/sdkErrors';
import { isNotFound, toDirectoryUser } from './directory';

/** Options of {@link createIdentityCenterLister}. */
export type IdentityCenterListerOptions = {
  /** `d-xxxxxxxxxx`. */
  readonly identityStoreId: string;
  readonly client: IdentitystoreClient;
  /** MaxResults per page (the service allows 1–100). @default 100 */
  readonly pageSize?: number;
};

/** Builds the Identity Center `DirectoryLister`. */
export function createIdentityCenterLister(options: IdentityCenterListerOptions): DirectoryLister {
  const { client, identityStoreId: IdentityStoreId } = options;
  const MaxResults = options.pageSize ?? 100;

  return {
    source: IdpSource.IdentityCenter,

    async resolveGroups(refs) {
      // One pass over every group matches ids exactly and names ignoring case, as the mapping does;
      // GetGroupId would match names with the service's own case rules.
      const ids = new Set(refs);
      const names = new Set(refs.map((r) => r.toLowerCase()));
      const found: IdpGroup[] = [];
      try {
        for await (const page of paginateListGroups({ client, pageSize: MaxResults }, { IdentityStoreId })) {
          for (const group of page.Groups ?? []) {
            const name = group.DisplayName;
            if (!group.GroupId || !(ids.has(group.GroupId) || (name !== undefined && names.has(name.toLowerCase())))) continue;
            found.push(name === undefined ? { id: group.GroupId } : { id: group.GroupId, name });
          }
        }
      } catch (error) {
        throw fromAwsError(error, 'directory', 'identitystore ListGroups');
      }
      return found;
    },

    async listUsersPage(cursor) {
      try {
        const out = await client.send(new ListUsersCommand({ IdentityStoreId, MaxResults, NextToken: cursor }));
        const items = (out.Users ?? []).map((user) => {
          if (!user.UserId) throw new DependencyError('identitystore ListUsers answered a user without UserId', { dependency: 'directory', kind: FailureKind.Invalid });
          return toDirectoryUser(user, user.UserId, []);
        });
        return pageOf(items, out.NextToken);
      } catch (error) {
        throw fromAwsError(error, 'directory', 'identitystore ListUsers');
      }
    },

    async listGroupMembersPage(GroupId, cursor): Promise<MembersPage> {
      try {
        const out = await client.send(new ListGroupMembershipsCommand({ IdentityStoreId, GroupId, MaxResults, NextToken: cursor }));
        const ids: string[] = [];
        const membershipIds: string[] = [];
        for (const m of out.GroupMemberships ?? []) {
          if (!m.MemberId?.UserId) continue;
          ids.push(m.MemberId.UserId);
          membershipIds.push(m.MembershipId ?? '');
        }
        // A membership without an id ('' here) is listed but cannot be recorded; the service always sends one.
        return ids.length === 0 ? pageOf(ids, out.NextToken) : { ...pageOf(ids, out.NextToken), membershipIds };
      } catch (error) {
        // An unknown group has no members; gone half-way through, the pages read so far are not the truth.
        if (isNotFound(error) && cursor === undefined) return { items: [] };
        throw fromAwsError(error, 'directory', 'identitystore ListGroupMemberships');
      }
    },
  };
}

function pageOf<T>(items: T[], nextToken: string | undefined): Page<T> {
  return nextToken ? { items, cursor: nextToken } : { items };
}
