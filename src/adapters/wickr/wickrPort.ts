import { FailureKind } from '../../core/errors';
import type { WickrListPort, WickrPort } from '../../core/ports';
import type { UserDetailsChange, WickrUser } from '../../core/types';
import type { GetUserOutput, WickrListedUser } from './types';
import type { CallOptions } from './RequestSender';
import type { WickrClient } from './WickrClient';
import { classifyBatchFailure } from './batchFailures';
import { WickrApiError } from './WickrApiError';

/** ListUsers page size of the reconcile's listing: the documented maximum. */
const LIST_PAGE_SIZE = 100;

/**
 * The core's {@link WickrPort} and {@link WickrListPort} for one network, on a {@link WickrClient}. `callOptions` is
 * asked on every call, so the consumer can bound calls (retries included) by its invocation's deadline.
 */
export function createWickrPort(client: WickrClient, networkId: string, callOptions: () => CallOptions = () => ({})): WickrPort & WickrListPort {
  return {
    async listUsersPage(cursor) {
      const page = await client.listUsers({ networkId, maxResults: LIST_PAGE_SIZE, nextToken: cursor }, callOptions());
      // An item without a userId cannot be acted on or linked; an empty nextToken ends the listing like an absent one.
      const items = (page.users ?? []).filter((user) => typeof user?.userId === 'string' && user.userId !== '').map(toWickrUser);
      return page.nextToken ? { items, cursor: page.nextToken } : { items };
    },

    async getUser(userId) {
      try {
        return toWickrUser(await client.getUser({ networkId, userId }, callOptions()));
      } catch (error) {
        if (error instanceof WickrApiError && error.kind === FailureKind.NotFound) return null;
        throw error;
      }
    },

    async findUserByUsername(username) {
      const user = await client.findUserByUsername(networkId, username, callOptions());
      return user ? toWickrUser(user) : null;
    },

    async updateUser(userId, details: UserDetailsChange) {
      const { securityGroupIds, ...rest } = details;
      await client.updateUser({ networkId, userId, userDetails: { ...rest, ...(securityGroupIds && { securityGroupIds: [...securityGroupIds] }) } }, callOptions());
    },

    async setSuspended(userId, suspend, clientToken) {
      const output = await client.batchToggleUserSuspendStatus({ networkId, suspend, userIds: [userId], clientToken }, callOptions());
      const failure = output.failed?.find((item) => item.userId === userId);
      if (failure) {
        // HTTP 200 with the user in `failed`: the request was understood and refused, so retrying cannot help.
        // The code and message are ours: Wickr's reason text is classified, never repeated.
        const { code, field } = classifyBatchFailure(failure);
        throw new WickrApiError(`BatchToggleUserSuspendStatus: user ${userId} failed (${code})`, {
          kind: FailureKind.Invalid,
          code,
          operation: 'BatchToggleUserSuspendStatus',
          statusCode: 200,
          reasons: [field === undefined ? {} : { field }],
          serverText: { reasons: [{ field: failure.field, reason: failure.reason }] },
        });
      }
    },
  };
}

/** GetUser says `securityGroupIds`, ListUsers `securityGroups`: both become `securityGroupIds`. */
export function toWickrUser(user: GetUserOutput | WickrListedUser): WickrUser {
  const groups = ('securityGroupIds' in user ? user.securityGroupIds : undefined) ?? ('securityGroups' in user ? user.securityGroups : undefined) ?? [];
  return {
    userId: user.userId ?? '',
    username: user.username ?? '',
    firstName: user.firstName,
    lastName: user.lastName,
    securityGroupIds: [...groups],
    suspended: user.suspended ?? false,
    status: user.status,
    // Administrators are never suspended as unmanaged (reconcile and its consumer side).
    isAdmin: user.isAdmin,
    isInviteExpired: 'isInviteExpired' in user ? user.isInviteExpired : undefined,
    type: 'type' in user ? user.type : undefined,
  };
}
