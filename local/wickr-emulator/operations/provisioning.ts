import { randomBytes } from 'node:crypto';
import { WickrApiError, assertValid, validationError, type ErrorReason } from '../errors';
import { MAX_BATCH, isUserId, jsonObject, readUserIds, requireNetwork } from '../params';
import type { WickrUserState } from '../types';
import { ok, type Operation, type OperationContext } from './context';

const PREVIEW_ONLY = ['inviteCode', 'inviteCodeTtl', 'codeValidation'] as const;

/** A BatchCreateUserRequestItem that passed validation. */
type NewUser = { username: string; firstName: string; lastName: string; securityGroupId: string };
/** A BatchUserErrorResponseItem; `userId` is left out when a refusal says so. */
type FailedItem = { userId?: string; field: string; reason: string };

/** `success` when nothing failed, `failure` when nothing succeeded, else `partial success` (the model's examples). */
function summary(succeeded: number, failed: number): string {
  return !failed ? 'success' : succeeded ? 'partial success' : 'failure';
}

/** Validates `users` (the model's required members and the docs' limits); problems go to `reasons`. */
function readUsers(value: unknown, reasons: ErrorReason[]): NewUser[] {
  if (value === undefined) reasons.push({ field: 'users', reason: 'users is required' });
  else if (!Array.isArray(value)) reasons.push({ field: 'users', reason: 'users must be a list' });
  else if (value.length < 1 || value.length > MAX_BATCH) reasons.push({ field: 'users', reason: `users must hold 1 to ${MAX_BATCH} users` });
  else return value.map((item, i) => readUser(item, `users.${i}`, reasons));
  return [];
}

function readUser(item: unknown, path: string, reasons: ErrorReason[]): NewUser {
  const user: NewUser = { username: '', firstName: '', lastName: '', securityGroupId: '' };
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    reasons.push({ field: path, reason: 'each user must be an object' });
    return user;
  }
  const u = item as Record<string, unknown>;
  if (typeof u.username !== 'string' || u.username.trim() === '') reasons.push({ field: `${path}.username`, reason: 'username is required' });
  else user.username = u.username;
  for (const field of ['firstName', 'lastName'] as const) {
    const v = u[field];
    if (v !== undefined && typeof v !== 'string') reasons.push({ field: `${path}.${field}`, reason: `${field} must be a string` });
    else if (typeof v === 'string') user[field] = v;
  }
  const groups = u.securityGroupIds;
  if (groups === undefined) reasons.push({ field: `${path}.securityGroupIds`, reason: 'securityGroupIds is required' });
  else if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string')) {
    reasons.push({ field: `${path}.securityGroupIds`, reason: 'securityGroupIds must be a list of strings' });
  } else if (groups.length !== 1) {
    // The docs: a user belongs to only one security group; more than one is an error.
    reasons.push({ field: `${path}.securityGroupIds`, reason: 'A user must belong to exactly one security group' });
  } else user.securityGroupId = groups[0] as string;
  for (const field of PREVIEW_ONLY) {
    if (u[field] !== undefined) reasons.push({ field: `${path}.${field}`, reason: `${field} is restricted to networks under preview` });
  }
  return user;
}

/** A ListUsers-shaped `User` for `successful`, with the invite code the real service returns (a secret). */
function createdUser(user: WickrUserState): Record<string, unknown> {
  return {
    userId: user.userId,
    firstName: user.firstName,
    lastName: user.lastName,
    username: user.username,
    securityGroups: [...user.securityGroupIds],
    isAdmin: false,
    suspended: false,
    status: user.status,
    otpEnabled: false,
    type: 'user',
    isInviteExpired: false,
    isUser: true,
    inviteCode: randomBytes(6).toString('hex'),
    codeValidation: false,
  };
}

/** The refusal set for a username, with its defaults. */
function refusalOf(ctx: OperationContext, username: string): { as: string; failed: FailedItem } | undefined {
  const refusal = ctx.createUserRefusals.get(username.toLowerCase());
  if (!refusal) return undefined;
  const failed: FailedItem = { field: refusal.field ?? 'username', reason: refusal.reason ?? 'Username is not allowed' };
  if (refusal.userId !== null) failed.userId = refusal.userId ?? '0';
  return { as: refusal.as, failed };
}

/**
 * BatchCreateUser: POST /networks/{networkId}/users, body {users}, optional X-Client-Token. A malformed request
 * (a required member missing, not one group, more than 50 users) is a 422 for the whole call; per user, an existing
 * username (ignoring case, also one created earlier in the same call) or an unknown group is a `failed` entry with
 * `userId` "0" as in the model's example, and every other user is created pending (status 1) under a fresh id.
 */
export const batchCreateUser: Operation = (ctx) => {
  requireNetwork(ctx.store, ctx.params.networkId!);
  const token = ctx.clientTokens.tokenOf(ctx.headers);
  const reasons: ErrorReason[] = [];
  const users = readUsers(jsonObject(ctx.body).users, reasons);
  assertValid(reasons);
  const refused = users.flatMap((u, i) => {
    const refusal = refusalOf(ctx, u.username);
    return refusal?.as === 'validationError' ? [{ field: `users.${i}.${refusal.failed.field}`, reason: refusal.failed.reason }] : [];
  });
  if (refused.length) throw new WickrApiError(validationError(refused));

  return ctx.clientTokens.once(token, JSON.stringify(users), () => {
    const successful: Record<string, unknown>[] = [];
    const failed: FailedItem[] = [];
    for (const u of users) {
      const refusal = refusalOf(ctx, u.username);
      if (refusal) failed.push(refusal.failed);
      else if (!ctx.store.group(u.securityGroupId)) failed.push({ userId: '0', field: 'securityGroupIds', reason: 'Security group not found' });
      else if (ctx.store.userByUsername(u.username)) failed.push({ userId: '0', field: 'username', reason: 'User already exists' });
      else {
        const { securityGroupId, ...rest } = u;
        successful.push(createdUser(ctx.store.create({ ...rest, securityGroupIds: [securityGroupId] }, ctx.nowSeconds)));
      }
    }
    return ok({ message: summary(successful.length, failed.length), successful, failed });
  });
};

/**
 * BatchReinviteUser: PATCH /networks/{networkId}/users/re-invite, body {userIds}, optional X-Client-Token. A pending
 * user gets a fresh invitation (`isInviteExpired` false, `modified` set); an active one fails `User is not pending`.
 */
export const batchReinviteUser: Operation = (ctx) => {
  requireNetwork(ctx.store, ctx.params.networkId!);
  const token = ctx.clientTokens.tokenOf(ctx.headers);
  const reasons: ErrorReason[] = [];
  const ids = readUserIds(jsonObject(ctx.body).userIds, reasons);
  assertValid(reasons);

  return ctx.clientTokens.once(token, JSON.stringify(ids), () => {
    const successful: { userId: string }[] = [];
    const failed: FailedItem[] = [];
    for (const userId of ids) {
      const user = isUserId(userId) ? ctx.store.user(userId) : undefined;
      if (!isUserId(userId)) failed.push({ userId, field: 'userId', reason: 'Invalid userId' });
      else if (!user) failed.push({ userId, field: 'userId', reason: 'User not found' });
      else if (user.status !== 1) failed.push({ userId, field: 'userId', reason: 'User is not pending' });
      else {
        ctx.store.update(userId, { isInviteExpired: false }, ctx.nowSeconds);
        successful.push({ userId });
      }
    }
    return ok({ message: summary(successful.length, failed.length), successful, failed });
  });
};

/**
 * BatchDeleteUser: POST /networks/{networkId}/users/batch-delete, body {userIds}, optional X-Client-Token. Each
 * existing user is removed for good (GetUser then answers 404); an unknown one fails `User not found`. A replay
 * with the same token answers the first response and deletes nothing again (the model: "idempotent").
 */
export const batchDeleteUser: Operation = (ctx) => {
  requireNetwork(ctx.store, ctx.params.networkId!);
  const token = ctx.clientTokens.tokenOf(ctx.headers);
  const reasons: ErrorReason[] = [];
  const ids = readUserIds(jsonObject(ctx.body).userIds, reasons);
  assertValid(reasons);

  return ctx.clientTokens.once(token, JSON.stringify(ids), () => {
    const successful: { userId: string }[] = [];
    const failed: FailedItem[] = [];
    for (const userId of ids) {
      if (!isUserId(userId)) failed.push({ userId, field: 'userId', reason: 'Invalid userId' });
      else if (!ctx.store.delete(userId)) failed.push({ userId, field: 'userId', reason: 'User not found' });
      else successful.push({ userId });
    }
    return ok({ message: summary(successful.length, failed.length), successful, failed });
  });
};

/** GetUsersCount: GET /networks/{networkId}/users/count. Nobody is ever rejected here; `remaining` counts down from the seed's `maxUsers`. */
export const getUsersCount: Operation = (ctx) => {
  requireNetwork(ctx.store, ctx.params.networkId!);
  let pending = 0;
  let active = 0;
  for (const u of ctx.store.allUsers()) {
    if (u.status === 1) pending++;
    else active++;
  }
  const total = pending + active;
  return ok({ pending, active, rejected: 0, remaining: Math.max(0, ctx.store.maxUsers - total), total });
};
