import { FailureKind } from '../../core/errors';
import type { WickrPort } from '../../core/ports';
import type { UserDetailsChange, WickrUser } from '../../core/types';
import type { GetUserOutput, WickrListedUser } from './types';
import type { CallOptions } from './RequestSender';
import type { WickrClient } from './WickrClient';
import { WickrApiError } from './WickrApiError';

/**
 * The core's {@link WickrPort} for one network, on a {@link WickrClient}. `callOptions` is asked
 * on every call, so the consumer can bound calls (retries included) by its invocation's deadline.
 */
export function createWickrPort(client: WickrClient, networkId: string, callOptions: () => CallOptions = () => ({})): WickrPort {
  return {
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
        const reason = failure.reason ?? 'unknown reason';
        throw new WickrApiError(`BatchToggleUserSuspendStatus: user ${userId} failed: ${reason}`, {
          kind: FailureKind.Invalid,
          code: toCode(reason),
          operation: 'BatchToggleUserSuspendStatus',
          statusCode: 200,
          reasons: [{ field: failure.field, reason: failure.reason }],
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
    ...(user.isAdmin !== undefined && { isAdmin: user.isAdmin }),
  };
}

/** `User not found` → `UserNotFound`: a code-shaped form of a batch failure reason. */
function toCode(reason: string): string {
  const words = reason.match(/[A-Za-z0-9]+/g) ?? [];
  const code = words.map((word) => word[0].toUpperCase() + word.slice(1)).join('');
  return code || 'BatchItemFailed';
}
