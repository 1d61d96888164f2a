/**
 * rest-json serialisation of the operations we call, transcribed from the model's `http`
 * bindings: path labels percent-encoded, query members by `locationName`, header members,
 * and the remaining members as the JSON body.
 */
import { FailureKind } from '../../core/errors';
import type {
  BatchCreateUserInput,
  BatchDeleteUserInput,
  BatchReinviteUserInput,
  BatchToggleUserSuspendStatusInput,
  GetUsersCountInput,
  GetNetworkInput,
  GetUserInput,
  ListSecurityGroupsInput,
  ListUsersInput,
  UpdateUserInput,
} from './types';
import { WickrApiError, WickrErrorCode } from './WickrApiError';

/** An operation's HTTP request before endpoint, signing and transport. */
export type OperationRequest = {
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** Path with labels substituted and percent-encoded. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON-serialisable body, absent for operations without body members. */
  readonly body?: Record<string, unknown>;
};

type QueryValue = string | number | boolean | Date | undefined;

/** Serialises UpdateUser: `PATCH /networks/{networkId}/users`, body `userId`, `userDetails`. */
export function serializeUpdateUser(input: UpdateUserInput): OperationRequest {
  return {
    operation: 'UpdateUser',
    method: 'PATCH',
    path: expandPath('UpdateUser', '/networks/{networkId}/users', { networkId: input.networkId }),
    query: {},
    headers: {},
    body: { userId: input.userId, userDetails: input.userDetails },
  };
}

/** Serialises GetUser: `GET /networks/{networkId}/users/{userId}?startTime&endTime`. */
export function serializeGetUser(input: GetUserInput): OperationRequest {
  return {
    operation: 'GetUser',
    method: 'GET',
    path: expandPath('GetUser', '/networks/{networkId}/users/{userId}', { networkId: input.networkId, userId: input.userId }),
    query: toQuery({ startTime: input.startTime, endTime: input.endTime }),
    headers: {},
  };
}

/** Serialises ListUsers: `GET /networks/{networkId}/users` with every filter in the query. */
export function serializeListUsers(input: ListUsersInput): OperationRequest {
  const { networkId, ...query } = input;
  return {
    operation: 'ListUsers',
    method: 'GET',
    path: expandPath('ListUsers', '/networks/{networkId}/users', { networkId }),
    query: toQuery(query),
    headers: {},
  };
}

/** Serialises ListSecurityGroups: `GET /networks/{networkId}/security-groups`. */
export function serializeListSecurityGroups(input: ListSecurityGroupsInput & { nextToken?: string }): OperationRequest {
  const { networkId, ...query } = input;
  return {
    operation: 'ListSecurityGroups',
    method: 'GET',
    path: expandPath('ListSecurityGroups', '/networks/{networkId}/security-groups', { networkId }),
    query: toQuery(query),
    headers: {},
  };
}

/** Serialises BatchToggleUserSuspendStatus: `PATCH .../users/toggleSuspend?suspend=`, header `X-Client-Token`, body `userIds`. */
export function serializeBatchToggleUserSuspendStatus(input: BatchToggleUserSuspendStatusInput & { clientToken: string }): OperationRequest {
  return {
    operation: 'BatchToggleUserSuspendStatus',
    method: 'PATCH',
    path: expandPath('BatchToggleUserSuspendStatus', '/networks/{networkId}/users/toggleSuspend', { networkId: input.networkId }),
    query: toQuery({ suspend: input.suspend }),
    headers: { 'x-client-token': input.clientToken },
    body: { userIds: input.userIds },
  };
}

/**
 * Serialises BatchCreateUser: `POST /networks/{networkId}/users`, header `X-Client-Token`, body `users`.
 * Only the members given are sent (the preview-only ones are left out unless set).
 */
export function serializeBatchCreateUser(input: BatchCreateUserInput & { clientToken: string }): OperationRequest {
  return {
    operation: 'BatchCreateUser',
    method: 'POST',
    path: expandPath('BatchCreateUser', '/networks/{networkId}/users', { networkId: input.networkId }),
    query: {},
    headers: { 'x-client-token': input.clientToken },
    body: { users: input.users.map((user) => ({ ...user, securityGroupIds: [...user.securityGroupIds] })) },
  };
}

/** Serialises BatchReinviteUser: `PATCH /networks/{networkId}/users/re-invite`, header `X-Client-Token`, body `userIds`. */
export function serializeBatchReinviteUser(input: BatchReinviteUserInput & { clientToken: string }): OperationRequest {
  return {
    operation: 'BatchReinviteUser',
    method: 'PATCH',
    path: expandPath('BatchReinviteUser', '/networks/{networkId}/users/re-invite', { networkId: input.networkId }),
    query: {},
    headers: { 'x-client-token': input.clientToken },
    body: { userIds: [...input.userIds] },
  };
}

/** Serialises BatchDeleteUser: `POST /networks/{networkId}/users/batch-delete`, header `X-Client-Token`, body `userIds`. */
export function serializeBatchDeleteUser(input: BatchDeleteUserInput & { clientToken: string }): OperationRequest {
  return {
    operation: 'BatchDeleteUser',
    method: 'POST',
    path: expandPath('BatchDeleteUser', '/networks/{networkId}/users/batch-delete', { networkId: input.networkId }),
    query: {},
    headers: { 'x-client-token': input.clientToken },
    body: { userIds: [...input.userIds] },
  };
}

/** Serialises GetUsersCount: `GET /networks/{networkId}/users/count`. */
export function serializeGetUsersCount(input: GetUsersCountInput): OperationRequest {
  return {
    operation: 'GetUsersCount',
    method: 'GET',
    path: expandPath('GetUsersCount', '/networks/{networkId}/users/count', { networkId: input.networkId }),
    query: {},
    headers: {},
  };
}

/** Serialises GetNetwork: `GET /networks/{networkId}`. */
export function serializeGetNetwork(input: GetNetworkInput): OperationRequest {
  return {
    operation: 'GetNetwork',
    method: 'GET',
    path: expandPath('GetNetwork', '/networks/{networkId}', { networkId: input.networkId }),
    query: {},
    headers: {},
  };
}

/** RFC 3986 percent-encoding (encodeURIComponent leaves `!'()*` alone; SigV4 and smithy encode them). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function expandPath(operation: string, template: string, labels: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = labels[name];
    if (typeof value !== 'string' || value === '') {
      throw new WickrApiError(`${operation}: no value for the path label ${name}`, {
        kind: FailureKind.Invalid,
        code: WickrErrorCode.InvalidInput,
        operation,
      });
    }
    return percentEncode(value);
  });
}

/** Booleans as true/false, numbers in decimal, timestamps as epoch seconds (`timestampFormat: unixTimestamp`); unset members omitted. */
function toQuery(members: Record<string, QueryValue>): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(members)) {
    if (value === undefined) continue;
    query[name] = value instanceof Date ? String(Math.floor(value.getTime() / 1000)) : String(value);
  }
  return query;
}
