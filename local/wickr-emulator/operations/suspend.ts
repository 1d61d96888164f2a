import { assertValid, type ErrorReason } from '../errors';
import { isUserId, jsonObject, requireNetwork, single } from '../params';
import { ok, type Operation } from './context';

// The docs of UserIds and the other batch calls: at most 50 per request (not a model trait).
const MAX_BATCH = 50;

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
  const { userIds } = jsonObject(ctx.body);
  if (userIds === undefined) reasons.push({ field: 'userIds', reason: 'userIds is required' });
  else if (!Array.isArray(userIds) || !userIds.every((id) => typeof id === 'string')) {
    reasons.push({ field: 'userIds', reason: 'userIds must be a list of strings' });
  } else if (userIds.length > MAX_BATCH) reasons.push({ field: 'userIds', reason: `userIds accepts at most ${MAX_BATCH} ids` });
  assertValid(reasons);
  const suspend = suspendRaw === 'true';
  const ids = userIds as string[];

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
