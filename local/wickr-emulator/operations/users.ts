import { WickrApiError, assertValid, modeledError, validationError, type ErrorReason } from '../errors';
import { paginate } from '../paging';
import { jsonObject, maxResults, requireNetwork, requireUserId, single, sortBy, sortSpec } from '../params';
import type { WickrUserState } from '../types';
import { ok, type Operation, type OperationContext } from './context';

const USER_SORT_FIELDS = ['username', 'firstName', 'lastName', 'status', 'groupId'] as const;
const PREVIEW_ONLY = ['inviteCode', 'inviteCodeTtl', 'codeValidation'] as const;

function findUser(ctx: OperationContext, userId: string): WickrUserState {
  const user = ctx.store.user(userId);
  // The model's example for an unknown user.
  if (!user) throw new WickrApiError(modeledError('ResourceNotFoundError', 'User not found.'));
  return user;
}

type Changes = Partial<Pick<WickrUserState, 'firstName' | 'lastName' | 'username' | 'securityGroupIds'>>;

function readDetails(ctx: OperationContext, details: unknown, reasons: ErrorReason[]): Changes {
  if (details === undefined) return {};
  if (typeof details !== 'object' || details === null || Array.isArray(details)) {
    reasons.push({ field: 'userDetails', reason: 'userDetails must be an object' });
    return {};
  }
  const d = details as Record<string, unknown>;
  const changes: Changes = {};
  for (const field of ['firstName', 'lastName', 'username'] as const) {
    const v = d[field];
    if (v === undefined) continue;
    if (typeof v !== 'string') reasons.push({ field, reason: `${field} must be a string` });
    else if (field === 'username' && v.trim() === '') reasons.push({ field, reason: 'username must not be empty' });
    else changes[field] = v;
  }
  const groups = d.securityGroupIds;
  if (groups !== undefined) {
    if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string')) {
      reasons.push({ field: 'securityGroupIds', reason: 'securityGroupIds must be a list of strings' });
    } else if (groups.length !== 1) {
      // The UpdateUser docs: a user belongs to only one security group; more than one is an error.
      reasons.push({ field: 'securityGroupIds', reason: 'A user must belong to exactly one security group' });
    } else {
      const unknown = groups.filter((g) => !ctx.store.group(g));
      for (const g of unknown) reasons.push({ field: 'securityGroupIds', reason: `Security group ${g} does not exist` });
      if (!unknown.length) changes.securityGroupIds = [...groups];
    }
  }
  for (const field of PREVIEW_ONLY) {
    if (d[field] !== undefined) reasons.push({ field, reason: `${field} is restricted to networks under preview` });
  }
  return changes;
}

/** UpdateUser: PATCH /networks/{networkId}/users with {userId, userDetails}; returns UpdateUserResponse. */
export const updateUser: Operation = (ctx) => {
  requireNetwork(ctx.store, ctx.params.networkId!);
  const body = jsonObject(ctx.body);
  if (body.userId === undefined) throw new WickrApiError(validationError([{ field: 'userId', reason: 'userId is required' }]));
  const userId = requireUserId(body.userId);
  const reasons: ErrorReason[] = [];
  const changes = readDetails(ctx, body.userDetails, reasons);
  assertValid(reasons);
  findUser(ctx, userId);
  if (changes.username !== undefined && ctx.store.usernameTakenBy(changes.username, userId)) {
    throw new WickrApiError(validationError([{ field: 'username', reason: 'Username already exists in this network' }]));
  }
  const user = ctx.store.update(userId, changes, ctx.nowSeconds);
  return ok({
    userId: user.userId,
    networkId: ctx.store.networkId,
    securityGroupIds: user.securityGroupIds,
    firstName: user.firstName,
    lastName: user.lastName,
    suspended: user.suspended,
    modified: user.modified,
    status: user.status,
  });
};

/** GetUser: GET /networks/{networkId}/users/{userId}; startTime/endTime are accepted and ignored (no activity is kept). */
export const getUser: Operation = (ctx) => {
  requireNetwork(ctx.store, ctx.params.networkId!);
  const user = findUser(ctx, requireUserId(ctx.params.userId));
  return ok({
    userId: user.userId,
    firstName: user.firstName,
    lastName: user.lastName,
    username: user.username,
    isAdmin: user.isAdmin,
    suspended: user.suspended,
    status: user.status,
    securityGroupIds: user.securityGroupIds,
  });
};

function contains(value: string, filter: string | undefined): boolean {
  return filter === undefined || value.toLowerCase().includes(filter.toLowerCase());
}

/**
 * ListUsers: GET /networks/{networkId}/users. Name filters match case-insensitively as substrings,
 * `status` and `groupId` exactly. Items carry `securityGroups` (not `securityGroupIds`), as the model's User shape does.
 */
export const listUsers: Operation = (ctx) => {
  requireNetwork(ctx.store, ctx.params.networkId!);
  const reasons: ErrorReason[] = [];
  const limit = maxResults(ctx.query, reasons);
  const sort = sortSpec(ctx.query, USER_SORT_FIELDS, reasons);
  const filters = {
    username: single(ctx.query, 'username', reasons),
    firstName: single(ctx.query, 'firstName', reasons),
    lastName: single(ctx.query, 'lastName', reasons),
    status: single(ctx.query, 'status', reasons),
    groupId: single(ctx.query, 'groupId', reasons),
  };
  if (filters.status !== undefined && filters.status !== '1' && filters.status !== '2') {
    reasons.push({ field: 'status', reason: 'status must be 1 (pending) or 2 (active)' });
  }
  const nextToken = single(ctx.query, 'nextToken', reasons);
  assertValid(reasons);
  const fingerprint = JSON.stringify({ filters, sort });
  const sorted = ctx.store.listing(fingerprint, (all) =>
    sortBy(
      all.filter(
        (u) =>
          contains(u.username, filters.username) &&
          contains(u.firstName, filters.firstName) &&
          contains(u.lastName, filters.lastName) &&
          (filters.status === undefined || String(u.status) === filters.status) &&
          (filters.groupId === undefined || u.securityGroupIds.includes(filters.groupId)),
      ),
      sort,
      (u, f) => (f === 'groupId' ? (u.securityGroupIds[0] ?? '') : f === 'status' ? u.status : u[f as 'username' | 'firstName' | 'lastName'].toLowerCase()),
    ),
  );
  const { page, nextToken: next } = paginate(sorted, { nextToken, maxResults: limit, fingerprint, tokens: ctx.pageTokens });
  const users = page.map((u) => ({
    userId: u.userId,
    firstName: u.firstName,
    lastName: u.lastName,
    username: u.username,
    securityGroups: [...u.securityGroupIds],
    isAdmin: u.isAdmin,
    suspended: u.suspended,
    status: u.status,
    otpEnabled: false,
    type: 'user',
    isInviteExpired: u.isInviteExpired,
    isUser: true,
  }));
  return ok(next ? { users, nextToken: next } : { users });
};
