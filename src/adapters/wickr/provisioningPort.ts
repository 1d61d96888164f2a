import { FailureKind } from '../../core/errors';
import { WICKR_BATCH_MAX, type WickrProvisioningPort } from '../../core/ports';
import type { CreateUserResult, NewWickrUser } from '../../core/types';
import { BatchFailureCode, classifyBatchFailure, describeFailure, type BatchFailure } from './batchFailures';
import type { CallOptions } from './RequestSender';
import type { BatchCreateUserOutput, BatchUserError } from './types';
import type { WickrClient } from './WickrClient';
import { WickrApiError, WickrErrorCode } from './WickrApiError';

// The model's ClientToken and UserId shapes.
const CLIENT_TOKEN = /^[a-zA-Z0-9\-_:]{1,64}$/;
const USER_ID = /^[0-9]{1,10}$/;

/**
 * The core's {@link WickrProvisioningPort} for one network, on a {@link WickrClient}. The invite codes that
 * BatchCreateUser returns are secrets: they are read by nobody here and never leave this function.
 * How each answer shape is attributed to the requested users is documented in docs/wickr-client.md.
 */
export function createWickrProvisioningPort(client: WickrClient, networkId: string, callOptions: () => CallOptions = () => ({})): WickrProvisioningPort {
  return {
    async createUsers(users, clientToken) {
      checkBatch(
        'BatchCreateUser',
        users.map((user) => user.username.toLowerCase()),
        clientToken,
      );
      if (!users.length) return [];
      const output = await client.batchCreateUser(
        {
          networkId,
          clientToken,
          users: users.map((user) => ({
            username: user.username,
            securityGroupIds: [user.securityGroupId],
            ...(user.firstName !== undefined && { firstName: user.firstName }),
            ...(user.lastName !== undefined && { lastName: user.lastName }),
          })),
        },
        callOptions(),
      );
      return attributeCreated(users, output);
    },

    async reinviteUsers(userIds, clientToken) {
      checkBatch('BatchReinviteUser', userIds, clientToken);
      if (!userIds.length) return [];
      const output = await client.batchReinviteUser({ networkId, userIds, clientToken }, callOptions());
      return attributeByUserId('BatchReinviteUser', userIds, output, 'reinvited');
    },

    async deleteUsers(userIds, clientToken) {
      checkBatch('BatchDeleteUser', userIds, clientToken);
      if (!userIds.length) return [];
      const output = await client.batchDeleteUser({ networkId, userIds, clientToken }, callOptions());
      return attributeByUserId('BatchDeleteUser', userIds, output, 'deleted');
    },

    async getUsersCount() {
      const { pending, active, rejected, remaining, total } = await client.getUsersCount({ networkId }, callOptions());
      return { pending, active, rejected, remaining, total };
    },
  };
}

/** One result per requested user id, in request order, from a batch answer's `successful` and `failed` items. */
function attributeByUserId<Done extends string>(
  operation: string,
  userIds: readonly string[],
  output: { successful?: { userId: string }[]; failed?: BatchUserError[] },
  done: Done,
): ({ userId: string; outcome: Done } | { userId: string; outcome: 'failed'; code: string; reason: string })[] {
  const succeeded = new Set((output.successful ?? []).map((item) => item?.userId));
  const failures = new Map<string, BatchUserError>();
  for (const item of output.failed ?? []) if (typeof item?.userId === 'string' && !failures.has(item.userId)) failures.set(item.userId, item);
  return userIds.map((userId) => {
    const failure = failures.get(userId);
    if (failure) {
      const { code, field } = classifyBatchFailure(failure);
      return { userId, outcome: 'failed' as const, code, reason: describeFailure(operation, code, field) };
    }
    if (succeeded.has(userId)) return { userId, outcome: done };
    return { userId, outcome: 'failed' as const, code: BatchFailureCode.NotInResponse, reason: describeFailure(operation, BatchFailureCode.NotInResponse) };
  });
}

/** Refuses, before anything is sent, a batch Wickr would refuse or whose answer could not be attributed. */
function checkBatch(operation: string, keys: readonly string[], clientToken: string): void {
  const refuse = (problem: string): never => {
    throw new WickrApiError(`${operation}: ${problem}`, { kind: FailureKind.Invalid, code: WickrErrorCode.InvalidInput, operation });
  };
  if (keys.length > WICKR_BATCH_MAX) refuse(`${keys.length} items given; at most ${WICKR_BATCH_MAX} per call`);
  if (new Set(keys).size !== keys.length) refuse('an item is given twice (usernames are compared ignoring case)');
  if (!CLIENT_TOKEN.test(clientToken)) refuse('the client token must be 1 to 64 characters of [a-zA-Z0-9-_:]');
}

type Attribution = { created: string } | { failure: BatchFailure };

/**
 * One result per requested user, in request order. `successful` items are matched by username ignoring case;
 * `failed` items by a `username` member when the answer has one (the model has none, so this is a bonus), otherwise
 * by elimination: when the unmatched failures are as many as the unmatched users and cannot be confused (one of
 * each, or all of the same code), each unmatched user takes one; else they are unattributed (look the users up).
 */
function attributeCreated(users: readonly NewWickrUser[], output: BatchCreateUserOutput): CreateUserResult[] {
  const byKey = new Map<string, Attribution>();
  const requested = new Set(users.map((user) => user.username.toLowerCase()));
  let strayCreated = 0;
  for (const item of output.successful ?? []) {
    const key = typeof item?.username === 'string' ? item.username.toLowerCase() : undefined;
    if (key === undefined || !requested.has(key) || byKey.has(key)) {
      strayCreated += 1;
      continue;
    }
    // The item's other members (inviteCode above all) are deliberately not read.
    byKey.set(key, USER_ID.test(String(item.userId ?? '')) ? { created: String(item.userId) } : { failure: { code: BatchFailureCode.CreatedWithoutUserId, alreadyExists: true } });
  }
  const strayFailures: BatchFailure[] = [];
  for (const item of output.failed ?? []) {
    const named = (item as { username?: unknown } | undefined)?.username;
    const key = typeof named === 'string' ? named.toLowerCase() : undefined;
    const failure = classifyBatchFailure(item ?? {});
    if (key !== undefined && requested.has(key) && !byKey.has(key)) byKey.set(key, { failure });
    else strayFailures.push(failure);
  }
  const unmatched = users.filter((user) => !byKey.has(user.username.toLowerCase()));
  const interchangeable = strayFailures.length === 1 || new Set(strayFailures.map((failure) => failure.code)).size === 1;
  if (unmatched.length && strayCreated === 0 && strayFailures.length === unmatched.length && interchangeable) {
    for (const [index, failure] of strayFailures.entries()) byKey.set(unmatched[index].username.toLowerCase(), { failure });
  }
  return users.map((user): CreateUserResult => {
    const attribution = byKey.get(user.username.toLowerCase());
    if (attribution && 'created' in attribution) return { username: user.username, outcome: 'created', userId: attribution.created };
    const failure: BatchFailure = attribution?.failure ?? unattributed(strayCreated, strayFailures);
    return {
      username: user.username,
      outcome: 'failed',
      code: failure.code,
      reason: describeFailure('BatchCreateUser', failure.code, failure.field),
      alreadyExists: failure.alreadyExists,
      ...(UNKNOWN_FATE.has(failure.code) && { retryable: true }),
    };
  });
}

/** Codes that say nothing of whether the user was created: retried (the lookup by username then decides), never dead-lettered. */
const UNKNOWN_FATE = new Set<string>([BatchFailureCode.UnattributedResult, BatchFailureCode.NotInResponse, BatchFailureCode.CreatedWithoutUserId]);

/** The failure of a user the answer does not name: it may exist if any stray item could be it. */
function unattributed(strayCreated: number, strayFailures: readonly BatchFailure[]): BatchFailure {
  if (strayCreated === 0 && strayFailures.length === 0) return { code: BatchFailureCode.NotInResponse, alreadyExists: false };
  return { code: BatchFailureCode.UnattributedResult, alreadyExists: strayCreated > 0 || strayFailures.some((failure) => failure.alreadyExists) };
}
