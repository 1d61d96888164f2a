/**
 * Turns a batch call's `failed` item (`{userId, field, reason}`, HTTP 200) into a code and a reason in our own
 * words. Wickr's `reason` is free text that may echo the request (a username is an email), so it is read to
 * classify the failure and then dropped: neither the code nor our reason ever contains it.
 */
import type { BatchUserError } from './types';

/** The codes a batch item failure is classified into. */
export const BatchFailureCode = {
  /** A user with this username exists (the model's example: `{"userId":"0","field":"username","reason":"User already exists"}`). */
  UserAlreadyExists: 'UserAlreadyExists',
  /** The security group is unknown or not allowed. */
  InvalidSecurityGroup: 'InvalidSecurityGroup',
  /** No user has this id (the model's BatchDeleteUser example: `User not found`). */
  UserNotFound: 'UserNotFound',
  /** The id is not a Wickr user id (`Invalid userId`). */
  InvalidUserId: 'InvalidUserId',
  /** Re-invitation of a user who has no pending invitation. */
  UserNotPending: 'UserNotPending',
  /** The network cannot take more users. */
  UserLimitReached: 'UserLimitReached',
  /** Any other refusal. */
  BatchItemFailed: 'BatchItemFailed',
  /** A `successful` item named the user but carried no user id. */
  CreatedWithoutUserId: 'CreatedWithoutUserId',
  /** The answer has items for this request that cannot be told apart (see docs/wickr-client.md). */
  UnattributedResult: 'UnattributedResult',
  /** The answer lists the user neither as successful nor as failed. */
  NotInResponse: 'NotInResponse',
} as const;
export type BatchFailureCode = (typeof BatchFailureCode)[keyof typeof BatchFailureCode];

/** Our words for each code. */
const PHRASES: Record<BatchFailureCode, string> = {
  UserAlreadyExists: 'a Wickr user with this username already exists',
  InvalidSecurityGroup: 'the security group was refused',
  UserNotFound: 'no Wickr user has this id',
  InvalidUserId: 'the user id is malformed',
  UserNotPending: 'the user has no pending invitation',
  UserLimitReached: 'the network cannot take more users',
  BatchItemFailed: 'Wickr refused this item',
  CreatedWithoutUserId: 'Wickr reported the user created but gave no user id',
  UnattributedResult: 'the answer does not say which of its items is this one',
  NotInResponse: 'the answer lists this item neither as successful nor as failed',
};

// Checked in order: "Security group not found" is a group problem, not a missing user.
const RULES: [RegExp, BatchFailureCode][] = [
  [/already\s*exist|duplicate|already\s+(taken|in use|registered|a member)/i, BatchFailureCode.UserAlreadyExists],
  [/security\s*group/i, BatchFailureCode.InvalidSecurityGroup],
  [/invalid\s*user\s*id/i, BatchFailureCode.InvalidUserId],
  [/not\s+found|does\s+not\s+exist|no\s+such\s+user/i, BatchFailureCode.UserNotFound],
  [/not\s+pending|already\s+(active|accepted)|no\s+pending/i, BatchFailureCode.UserNotPending],
  [/limit|quota|capacity|no\s+remaining/i, BatchFailureCode.UserLimitReached],
];

/** A member path such as `username` or `users.0.securityGroupIds[0]`; an `@` or a space is never part of one. */
const MEMBER_PATH = /^[A-Za-z0-9_.[\]-]{1,100}$/;

/** Whether a server-given `field` looks like a member path (and so can be repeated without echoing request data). */
export function isMemberPath(field: unknown): field is string {
  return typeof field === 'string' && MEMBER_PATH.test(field);
}

/** A classified batch failure: `field` is kept only when it looks like a member path. */
export type BatchFailure = { readonly code: BatchFailureCode; readonly field?: string; readonly alreadyExists: boolean };

/** Classifies one `failed` item from its `field` and `reason`. */
export function classifyBatchFailure(item: Pick<BatchUserError, 'field' | 'reason'>): BatchFailure {
  const reason = typeof item.reason === 'string' ? item.reason : '';
  const field = isMemberPath(item.field) ? item.field : undefined;
  let code: BatchFailureCode = BatchFailureCode.BatchItemFailed;
  for (const [pattern, candidate] of RULES) {
    if (pattern.test(reason)) {
      code = candidate;
      break;
    }
  }
  if (code === BatchFailureCode.BatchItemFailed && field === 'securityGroupIds') code = BatchFailureCode.InvalidSecurityGroup;
  return { code, field, alreadyExists: code === BatchFailureCode.UserAlreadyExists };
}

/** `BatchCreateUser refused the item: a Wickr user with this username already exists (field username)`. */
export function describeFailure(operation: string, code: BatchFailureCode, field?: string): string {
  return `${operation} refused the item: ${PHRASES[code]}${field ? ` (field ${field})` : ''}`;
}
