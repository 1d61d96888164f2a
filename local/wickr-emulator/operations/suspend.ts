import { assertValid, type ErrorReason } from '../errors';
import { isUserId, jsonObject, readUserIds, requireNetwork, single } from '../params';
import { ok, type Operation } from './context';

/**
 * BatchToggleUserSuspendStatus: PATCH /networks/{networkId}/users/toggleSuspend?suspend=true|false, body {userIds}.
 * Each id succeeds or fails on its own (HTTP 200 either way): unknown ids fail with reason "User not found",
 * malformed ids with "Invalid userId". An optional X-Client-Token makes a retry replay the first answer.
 */
export const batchToggleUserSuspendStatus: Operation = (ctx) => {
  requireNetwork(ctx.store, ctx.params.networkId!);
  const reasons: ErrorReason[] = [];
  const suspendRaw = single(ctx.query, 'suspend', reasons);
  if (suspendRaw === undefined && !reasons.length) reasons.push({ field: 'suspend', reason: 'suspend is required' });
  else if (suspendRaw !== undefined && suspendRaw !== 'true' && suspendRaw !== 'false') {
    reasons.push({ field: 'suspend', reason: 'suspend must be true or false' });
  }
  const token = ctx.clientTokens.tokenOf(ctx.headers);
  const ids = readUserIds(jsonObject(ctx.body).userIds, reasons);
  assertValid(reasons);
  const suspend = suspendRaw === 'true';

  return ctx.clientTokens.once(token, JSON.stringify({ suspend, ids }), () => {
    const successful: { userId: string }[] = [];
    const failed: { userId: string; field: string; reason: string }[] = [];
    for (const userId of ids) {
      if (!isUserId(userId)) failed.push({ userId, field: 'userId', reason: 'Invalid userId' });
      else if (!ctx.store.user(userId)) failed.push({ userId, field: 'userId', reason: 'User not found' });
      else {
        ctx.store.update(userId, { suspended: suspend }, ctx.nowSeconds);
        successful.push({ userId });
      }
    }
    const message = !failed.length ? 'success' : successful.length ? 'partial success' : 'failure';
    return ok({ message, successful, failed });
  });
};
