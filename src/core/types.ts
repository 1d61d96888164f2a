/** Domain types shared by the parsers, the planner and the sync use case. */

/** Where an event came from. */
export const IdpSource = {
  Okta: 'okta',
  IdentityCenter: 'identity-center',
  Generic: 'generic',
  /** The stack's own SCIM 2.0 endpoint (Entra ID, Okta, JumpCloud, PingOne push to it): src/adapters/scim. */
  Scim: 'scim',
} as const;
export type IdpSource = (typeof IdpSource)[keyof typeof IdpSource];

/** A group as the IdP knows it. `name` is absent when the IdP gave only an id. */
export type IdpGroup = { readonly id: string; readonly name?: string };

/** A user's current state in the IdP: what the directory re-read (or a generic event) says. */
export type DirectoryUser = {
  readonly idpUserId: string;
  readonly email?: string;
  readonly login?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  /** False when deactivated, suspended or disabled in the IdP. */
  readonly active: boolean;
  /** The user's complete group list (all of them, not a delta). */
  readonly groups: readonly IdpGroup[];
};

/** Fields common to every supported event. */
type EventMeta = {
  readonly source: IdpSource;
  /** The IdP's own event id (Okta uuid, CloudTrail eventID, generic eventId): the de-duplication key. */
  readonly eventId: string;
  /** The IdP's event type (`group.user_membership.add`, `DisableUser`, `IdentityUserState`). */
  readonly eventType: string;
  /** When the IdP says it happened (ISO 8601). */
  readonly occurredAt: string;
};

/** How the event names its user. */
export type UserRef =
  | { readonly by: 'id'; readonly idpUserId: string }
  /**
   * Okta AppUser imports without an Okta user id name the user by login. The consumer turns the
   * login into the user id before leasing, so the same person is never synced under two keys.
   */
  | { readonly by: 'login'; readonly login: string }
  /** Identity Center DeleteGroupMembership carries only the membership id. */
  | { readonly by: 'membership'; readonly membershipId: string };

/** Re-sync one user: read the IdP's truth (or use `state`) and make Wickr match. */
export type UserTrigger = EventMeta & {
  readonly kind: 'user';
  readonly user: UserRef;
  /** Login/email seen in the event (e.g. Okta `alternateId`), for logs and for finding a deleted user. */
  readonly loginHint?: string;
  /** Full state carried by the event itself (generic events): no directory read. */
  readonly state?: DirectoryUser;
  /** The event says the user was deleted in the IdP. */
  readonly deleted?: boolean;
  /** A membership id → user id pair this event teaches (Identity Center CreateGroupMembership). */
  readonly learnedMembership?: { readonly membershipId: string; readonly idpUserId: string };
  /**
   * `delete`: the reconcile found the user's Wickr account due for deletion (`deprovisioning.deleteAfterDays`).
   * The consumer re-checks every condition under the user's lease before it sends BatchDeleteUser.
   */
  readonly intent?: 'delete';
};

/** Re-sync every member of a group (SCIM PatchGroup: the member list is masked, only the group id is known). */
export type GroupTrigger = EventMeta & {
  readonly kind: 'group';
  readonly idpGroupId: string;
  /**
   * The users whose membership changed (SCIM `ScimGroupChanged`): the fan-out reaches exactly
   * these, with no directory read. Absent: the group's current and recorded members.
   */
  readonly memberIds?: readonly string[];
};

/**
 * Suspend one Wickr user that maps to no IdP user (the reconcile under `onUnmanaged: "suspend"`).
 * It names no IdP user, so it carries no `source`; its de-duplication key is its event id.
 */
export type WickrUserTrigger = {
  readonly kind: 'wickrUser';
  /** `<runId>:wickr:<wickrUserId>`. */
  readonly eventId: string;
  readonly eventType: string;
  readonly occurredAt: string;
  readonly wickrUserId: string;
  /** `reinvite`: BatchReinviteUser for an in-scope user whose invitation expired (`provisioning.reinviteExpired`). */
  readonly action: 'suspend' | 'reinvite';
};

/** An event we do not act on (logins, unrelated types). Counted, not an error. */
export type IgnoredEvent = {
  readonly kind: 'ignored';
  readonly source?: IdpSource;
  readonly eventId?: string;
  readonly eventType?: string;
  readonly reason: string;
};

/** What the event parser returns for one EventBridge event. */
export type ParsedEvent = UserTrigger | GroupTrigger | WickrUserTrigger | IgnoredEvent;

/** The user as Wickr has it now (GetUser / ListUsers normalised). */
export type WickrUser = {
  readonly userId: string;
  readonly username: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly securityGroupIds: readonly string[];
  readonly suspended: boolean;
  /** 1 pending, 2 active. */
  readonly status?: number;
  /** A Wickr network administrator (ListUsers `isAdmin`): never suspended as unmanaged. */
  readonly isAdmin?: boolean;
  /** The invitation expired before the user accepted it (ListUsers `isInviteExpired`). */
  readonly isInviteExpired?: boolean;
  /** ListUsers `type` (e.g. `user`, `bot`), as Wickr reports it. */
  readonly type?: string;
};

// ── Provisioning (Wickr side): BatchCreateUser, BatchReinviteUser, GetUsersCount ─────────────────

/** A Wickr user to create: exactly one security group (the port sends `securityGroupIds: [securityGroupId]`). */
export type NewWickrUser = {
  readonly username: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly securityGroupId: string;
};

/**
 * What became of one requested username. `created` carries the new `userId` (never the invite code, a secret).
 * `failed` carries a code and a reason in our own words (never Wickr's text). `alreadyExists: true` means a Wickr
 * user with this username exists, or may exist: look it up by username and link it instead of creating it again.
 */
export type CreateUserResult =
  | { readonly username: string; readonly outcome: 'created'; readonly userId: string }
  | {
      readonly username: string;
      readonly outcome: 'failed';
      readonly code: string;
      readonly reason: string;
      readonly alreadyExists: boolean;
      /**
       * True when the answer leaves the user's fate unknown (decided by the adapter): retry, and the lookup by username
       * then finds the user or not. Absent or false: Wickr refused the item, and the same request would be refused again.
       */
      readonly retryable?: boolean;
    };

/** What became of one requested userId in a re-invitation. */
export type ReinviteResult = { readonly userId: string; readonly outcome: 'reinvited' } | { readonly userId: string; readonly outcome: 'failed'; readonly code: string; readonly reason: string };

/** What became of one requested userId in a deletion (BatchDeleteUser). */
export type DeleteResult = { readonly userId: string; readonly outcome: 'deleted' } | { readonly userId: string; readonly outcome: 'failed'; readonly code: string; readonly reason: string };

/** GetUsersCount: users by status, and how many more the network can take. */
export type UsersCount = {
  readonly pending: number;
  readonly active: number;
  readonly rejected: number;
  /** More users the network can take while keeping premium free trial eligibility. */
  readonly remaining: number;
  /** Active and pending together. */
  readonly total: number;
};

/** The body of UpdateUser's `userDetails`: only the fields that should change. */
export type UserDetailsChange = {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly username?: string;
  /** Always exactly one id when present: a Wickr user may be in only one security group. */
  readonly securityGroupIds?: readonly [string];
};

/** What Wickr should look like for a user, after the mapping. `undefined` means "leave as is". */
export type DesiredUser = {
  readonly username?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly securityGroupId?: string;
  readonly suspended?: boolean;
};

/** The minimal change: empty means nothing to do. */
export type Plan = {
  readonly update?: UserDetailsChange;
  /** true: suspend, false: unsuspend, absent: leave. */
  readonly suspend?: boolean;
};

/** The end state of one SQS record. */
export const Outcome = {
  Applied: 'applied',
  /** A Wickr account was created for the user (provisioning), then linked. */
  Created: 'created',
  Unchanged: 'unchanged',
  Duplicate: 'duplicate',
  Ignored: 'ignored',
  NotProvisioned: 'notProvisioned',
  DeadLettered: 'deadLettered',
  RetryLater: 'retryLater',
  /** The Wickr account was deleted (BatchDeleteUser) after `deprovisioning.deleteAfterDays`. */
  Deleted: 'deleted',
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** The outcomes that end a record's life (`retryLater` does not: the message comes back). */
export const FINAL_OUTCOMES = [Outcome.Applied, Outcome.Created, Outcome.Unchanged, Outcome.Duplicate, Outcome.Ignored, Outcome.NotProvisioned, Outcome.DeadLettered, Outcome.Deleted] as const;
export type FinalOutcome = (typeof FINAL_OUTCOMES)[number];

/** The mapping configuration (validated by `parseMappingConfig` in `mapping/config.ts`). */
export type MappingConfig = {
  readonly networkId: string;
  readonly usernameAttribute: 'email' | 'login';
  /** In precedence order: the first rule matching one of the user's groups wins. */
  readonly securityGroups: readonly { readonly idpGroup: string; readonly securityGroupId: string }[];
  readonly defaultSecurityGroupId?: string;
  readonly onNoMappedGroup: 'default' | 'leave';
  readonly onDeactivate: 'suspend' | 'ignore';
  readonly onDelete: 'suspend' | 'ignore';
  /** The IdP groups whose members belong in Wickr; absent: every IdP user who maps to a Wickr user is managed. */
  readonly scope?: ScopeConfig;
  /** What happens to a managed Wickr user whose IdP user left `scope`. */
  readonly onLeaveScope: 'suspend' | 'ignore';
  /** What the reconcile does to Wickr users that map to no IdP user (admins are never suspended). */
  readonly onUnmanaged: 'ignore' | 'suspend';
  /** Wickr usernames (break-glass admins) never suspended nor moved to another group; compared ignoring case. */
  readonly protectedUsernames: readonly string[];
  /** The reconcile's mass-change guard. */
  readonly guard: GuardConfig;
  /** Creating Wickr accounts for in-scope IdP users. */
  readonly provisioning: ProvisioningConfig;
  /** Deleting Wickr accounts suspended for a delete or a deactivation; absent: never deleted. */
  readonly deprovisioning?: DeprovisioningConfig;
};

/** `deprovisioning`: opt-in deletion, after a grace period, of users the sync suspended for a delete or deactivation. */
export type DeprovisioningConfig = {
  /** The reconcile deletes (BatchDeleteUser) users suspended for a delete or deactivation at least this many days ago. */
  readonly deleteAfterDays: number;
};

/** `scope.idpGroups`: a group matches by id exactly or by name ignoring case, as in `securityGroups`. */
export type ScopeConfig = { readonly idpGroups: readonly string[] };

/** A run that would suspend (or create) more than these stops before sending any message. */
export type GuardConfig = {
  readonly maxSuspensions: number;
  /** Percent of the managed Wickr users. */
  readonly maxSuspensionPercent: number;
  readonly maxCreations: number;
  /** Deletions (`deprovisioning`) one run may make; more refuse the run unless `allowMassChange`. */
  readonly maxDeletions: number;
};

/** Provisioning settings; `createUsers: true` requires `scope` when a source other than SCIM is on (SCIM's assignment is its scope). */
export type ProvisioningConfig = {
  readonly createUsers: boolean;
  readonly reinviteExpired: boolean;
  readonly reinviteAfterHours: number;
};
