/**
 * Inputs and outputs of the Wickr Admin API operations this client implements, with the member
 * names of the model (`shared/wickr-model/service-2.json`, API version 2024-02-01).
 */

/** `SortDirection` enum. */
export type SortDirection = 'ASC' | 'DESC';

/** UpdateUser `userDetails`: every member optional; only the given ones change. */
export type UpdateUserDetails = {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly username?: string;
  /** The user's new group list; Wickr accepts exactly one id. */
  readonly securityGroupIds?: readonly string[];
  readonly inviteCode?: string;
  readonly inviteCodeTtl?: number;
  readonly codeValidation?: boolean;
};

/** UpdateUser input: `networkId` is a path label, `userId` and `userDetails` go in the JSON body. */
export type UpdateUserInput = {
  readonly networkId: string;
  readonly userId: string;
  readonly userDetails?: UpdateUserDetails;
};

/** UpdateUser output. */
export type UpdateUserOutput = {
  userId: string;
  networkId: string;
  suspended: boolean;
  securityGroupIds?: string[];
  firstName?: string;
  lastName?: string;
  middleName?: string;
  modified?: number;
  status?: number;
  inviteCode?: string;
  inviteExpiration?: number;
  codeValidation?: boolean;
};

/** GetUser input; `startTime`/`endTime` (a Date, or a number of epoch seconds) are sent as epoch seconds. */
export type GetUserInput = {
  readonly networkId: string;
  readonly userId: string;
  readonly startTime?: Date | number;
  readonly endTime?: Date | number;
};

/** GetUser output (note `securityGroupIds`, unlike ListUsers' `securityGroups`). */
export type GetUserOutput = {
  userId: string;
  firstName?: string;
  lastName?: string;
  username?: string;
  isAdmin?: boolean;
  suspended?: boolean;
  /** 1 pending, 2 active. */
  status?: number;
  lastActivity?: number;
  lastLogin?: number;
  securityGroupIds?: string[];
};

/** ListUsers input: every member but `networkId` is a query parameter. */
export type ListUsersInput = {
  readonly networkId: string;
  readonly nextToken?: string;
  readonly maxResults?: number;
  /** `username|firstName|lastName|status|groupId`, several joined with `+`. */
  readonly sortFields?: string;
  readonly sortDirection?: SortDirection;
  readonly firstName?: string;
  readonly lastName?: string;
  /** A server-side filter whose matching rule the model leaves open (the emulator: substring). */
  readonly username?: string;
  readonly status?: number;
  readonly groupId?: string;
};

/** A ListUsers item (`User` shape): the group list is `securityGroups` here. */
export type WickrListedUser = {
  userId?: string;
  firstName?: string;
  lastName?: string;
  username?: string;
  securityGroups?: string[];
  isAdmin?: boolean;
  suspended?: boolean;
  status?: number;
  otpEnabled?: boolean;
  scimId?: string;
  type?: string;
  cell?: string;
  countryCode?: string;
  challengeFailures?: number;
  isInviteExpired?: boolean;
  isUser?: boolean;
  inviteCode?: string;
  codeValidation?: boolean;
  uname?: string;
};

/** ListUsers output (one page). */
export type ListUsersOutput = {
  nextToken?: string;
  users?: WickrListedUser[];
};

/** ListSecurityGroups input (paging is done by the client). */
export type ListSecurityGroupsInput = {
  readonly networkId: string;
  readonly maxResults?: number;
  /** `id|name`. */
  readonly sortFields?: string;
  readonly sortDirection?: SortDirection;
};

/** A `SecurityGroup`; `securityGroupSettings` has 36 optional settings kept as received. */
export type SecurityGroup = {
  id: string;
  name: string;
  isDefault: boolean;
  activeMembers: number;
  botMembers: number;
  modified: number;
  activeDirectoryGuid?: string;
  securityGroupSettings: Record<string, unknown>;
};

/** BatchToggleUserSuspendStatus input: `suspend` is a query parameter, `clientToken` the `X-Client-Token` header. */
export type BatchToggleUserSuspendStatusInput = {
  readonly networkId: string;
  readonly suspend: boolean;
  readonly userIds: readonly string[];
  /** Generated (UUID v4) when absent; the same token is sent on every retry of one call. */
  readonly clientToken?: string;
};

/** A batch call's per-user failure. */
export type BatchUserError = { userId: string; field?: string; reason?: string };

/** BatchToggleUserSuspendStatus output: HTTP 200 even when some users failed. */
export type BatchToggleUserSuspendStatusOutput = {
  message?: string;
  successful?: { userId: string }[];
  failed?: BatchUserError[];
};

/** GetNetwork input. */
export type GetNetworkInput = { readonly networkId: string };

/** GetNetwork output. */
export type GetNetworkOutput = {
  networkId: string;
  networkName: string;
  accessLevel: 'STANDARD' | 'PREMIUM';
  awsAccountId: string;
  networkArn: string;
  standing?: number;
  freeTrialExpiration?: string;
  migrationState?: number;
  encryptionKeyArn?: string;
};

/** A `{field, reason}` item of a ValidationError. */
export type ValidationReason = { field?: string; reason?: string };

/**
 * A `BatchCreateUserRequestItem`. The model requires `username` and `securityGroupIds` (the docs: one group only);
 * `inviteCode`, `inviteCodeTtl`, `codeValidation` are restricted to networks under preview.
 */
export type BatchCreateUserRequestItem = {
  readonly username: string;
  readonly securityGroupIds: readonly string[];
  readonly firstName?: string;
  readonly lastName?: string;
  readonly inviteCode?: string;
  readonly inviteCodeTtl?: number;
  readonly codeValidation?: boolean;
};

/** BatchCreateUser input: `users` in the JSON body (at most 50, per the docs), `clientToken` the `X-Client-Token` header. */
export type BatchCreateUserInput = {
  readonly networkId: string;
  readonly users: readonly BatchCreateUserRequestItem[];
  /** Generated (UUID v4) when absent; the same token is sent on every retry of one call. */
  readonly clientToken?: string;
};

/**
 * BatchCreateUser output: HTTP 200 even when some users failed. `successful` items are whole `User` objects,
 * **including `inviteCode`, a secret**; `failed` items have the model's required `userId` ("0" in the model's
 * example: a user that was not created has none), which real answers may leave empty or out.
 */
export type BatchCreateUserOutput = {
  message?: string;
  successful?: WickrListedUser[];
  failed?: BatchUserError[];
};

/** BatchReinviteUser input: `userIds` in the body (at most 50, per the docs), `clientToken` the `X-Client-Token` header. */
export type BatchReinviteUserInput = {
  readonly networkId: string;
  readonly userIds: readonly string[];
  /** Generated (UUID v4) when absent; the same token is sent on every retry of one call. */
  readonly clientToken?: string;
};

/** BatchReinviteUser output (`BatchUserSuccessResponseItems`, `BatchUserErrorResponseItems`). */
export type BatchReinviteUserOutput = {
  message?: string;
  successful?: { userId: string }[];
  failed?: BatchUserError[];
};

/** BatchDeleteUser input: `userIds` in the body (at most 50, per the model), `clientToken` the `X-Client-Token` header. */
export type BatchDeleteUserInput = {
  readonly networkId: string;
  readonly userIds: readonly string[];
  /** Generated (UUID v4) when absent; the same token is sent on every retry of one call. */
  readonly clientToken?: string;
};

/** BatchDeleteUser output (`BatchUserSuccessResponseItems`, `BatchUserErrorResponseItems`). */
export type BatchDeleteUserOutput = {
  message?: string;
  successful?: { userId: string }[];
  failed?: BatchUserError[];
};

/** GetUsersCount input. */
export type GetUsersCountInput = { readonly networkId: string };

/** GetUsersCount output: every member is required by the model. */
export type GetUsersCountOutput = {
  pending: number;
  active: number;
  rejected: number;
  /** How many more users the network can take while keeping premium free trial eligibility. */
  remaining: number;
  /** Active and pending together. */
  total: number;
};
