/**
 * The IAM Identity Center directory: re-reads a user through the Identity Store API, because
 * CloudTrail events carry ids only. DescribeUser, every page of ListGroupMembershipsForMember,
 * then DescribeGroup for names (cached).
 * https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/welcome.html
 */
import {
  DescribeGroupCommand,
  DescribeUserCommand,
  paginateListGroupMemberships,
  paginateListGroupMembershipsForMember,
  type DescribeUserResponse,
  type IdentitystoreClient,
} from '@aws-sdk/client-identitystore';
import type { Clock, DirectoryPort } from '../../core/ports';
import { IdpSource, type DirectoryUser, type IdpGroup } from '../../core/types';
import { fromAwsError } from '../aws/sdkErrors';
import { createLruCache } from './lruCache';

/** Options of {@link createIdentityCenterDirectory}. */
export type IdentityCenterDirectoryOptions = {
  /** `d-xxxxxxxxxx`. */
  readonly identityStoreId: string;
  readonly client: IdentitystoreClient;
  /** Most group names kept between invocations. @default 500 */
  readonly groupNameCacheSize?: number;
  /** How long a cached group name is trusted (renames show up after this). @default 300000 */
  readonly groupNameTtlMs?: number;
  /** MaxResults per list page. @default the service's (100) */
  readonly pageSize?: number;
  /** @default Date */
  readonly clock?: Clock;
};

/** DescribeGroup calls in flight at once for one user, to stay clear of the API's throttling. */
const DESCRIBE_GROUP_CONCURRENCY = 4;

/** Builds the Identity Center `DirectoryPort`. */
export function createIdentityCenterDirectory(options: IdentityCenterDirectoryOptions): DirectoryPort {
  const { client, identityStoreId: IdentityStoreId, pageSize } = options;
  const names = createLruCache<string>({
    maxEntries: options.groupNameCacheSize ?? 500,
    ttlMs: options.groupNameTtlMs ?? 300_000,
    clock: options.clock ?? Date,
  });

  const groupOf = async (GroupId: string): Promise<IdpGroup> => {
    const cached = names.get(GroupId);
    if (cached !== undefined) return { id: GroupId, name: cached };
    try {
      const group = await client.send(new DescribeGroupCommand({ IdentityStoreId, GroupId }));
      if (group.DisplayName === undefined) return { id: GroupId };
      names.set(GroupId, group.DisplayName);
      return { id: GroupId, name: group.DisplayName };
    } catch (error) {
      // Deleted since the membership was listed: keep the id, which is what mappings should use anyway.
      if (isNotFound(error)) return { id: GroupId };
      throw fromAwsError(error, 'directory', 'identitystore DescribeGroup');
    }
  };

  return {
    source: IdpSource.IdentityCenter,

    async getUser(UserId) {
      let user: DescribeUserResponse;
      const groupIds = new Set<string>();
      try {
        user = await client.send(new DescribeUserCommand({ IdentityStoreId, UserId }));
        const pages = paginateListGroupMembershipsForMember({ client, pageSize }, { IdentityStoreId, MemberId: { UserId } });
        for await (const page of pages) {
          for (const membership of page.GroupMemberships ?? []) {
            if (membership.GroupId) groupIds.add(membership.GroupId);
          }
        }
      } catch (error) {
        if (isNotFound(error)) return null;
        throw fromAwsError(error, 'directory', 'identitystore DescribeUser/ListGroupMembershipsForMember');
      }
      const groups = await mapLimit([...groupIds], DESCRIBE_GROUP_CONCURRENCY, groupOf);
      return toDirectoryUser(user, UserId, groups);
    },

    async listGroupMemberIds(GroupId) {
      const ids: string[] = [];
      try {
        for await (const page of paginateListGroupMemberships({ client, pageSize }, { IdentityStoreId, GroupId })) {
          for (const membership of page.GroupMemberships ?? []) {
            if (membership.MemberId?.UserId) ids.push(membership.MemberId.UserId);
          }
        }
      } catch (error) {
        // A deleted group has no members; the consumer still reaches former members through its links.
        if (isNotFound(error)) return [];
        throw fromAwsError(error, 'directory', 'identitystore ListGroupMemberships');
      }
      return ids;
    },
  };
}

/** The fields of a DescribeUser answer or a ListUsers item that the directory reads. */
export type IdentityStoreUser = Pick<DescribeUserResponse, 'UserId' | 'UserName' | 'Name' | 'Emails' | 'UserStatus'>;

/** Maps a DescribeUser answer (or a ListUsers item) to the directory's view. `UserStatus` absent (older API, moto) means enabled. */
export function toDirectoryUser(user: IdentityStoreUser, userId: string, groups: readonly IdpGroup[]): DirectoryUser {
  const emails = user.Emails ?? [];
  const email = (emails.find((e) => e.Primary) ?? emails[0])?.Value;
  return {
    idpUserId: user.UserId ?? userId,
    email,
    login: user.UserName,
    firstName: user.Name?.GivenName,
    lastName: user.Name?.FamilyName,
    active: user.UserStatus !== 'DISABLED',
    groups,
  };
}

/** True for the Identity Store's ResourceNotFoundException (moto sends it with HTTP 400, so match the name). */
export function isNotFound(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ResourceNotFoundException';
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
