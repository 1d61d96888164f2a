/**
 * The doctor's vocabulary: what it reads (its ports, every one a read call) and what it reports
 * (one row per check). The checks themselves are in checks.ts.
 */
import type { IdpGroup, IdpSource } from '../types';
import type { RunRecord } from '../reconcile';

/** A check's verdict. `skipped`: it does not apply (SCIM off) or could not run (its input failed). */
export const CheckStatus = { Pass: 'pass', Fail: 'fail', Warn: 'warn', Skipped: 'skipped' } as const;
export type CheckStatus = (typeof CheckStatus)[keyof typeof CheckStatus];

/** One row of the table. A failed or warned check names the fix. */
export type DoctorCheck = {
  /** `mapping`, `wickr access`, `security groups`, `<source> credential`, `IdP groups`, `SCIM tokens`, `dead letters (<queue>)`, `last reconcile`. */
  readonly name: string;
  readonly status: CheckStatus;
  /** What was found, in one line; never a secret, an email or a name of a person. */
  readonly detail: string;
  /** What to do, when the status is `fail` or `warn`. */
  readonly fix?: string;
};

/** A Wickr security group as ListSecurityGroups answers it. */
export type SecurityGroupSummary = { readonly id: string; readonly name?: string };

/** One configured directory: a cheap call that proves the credential, and the reconcile lister's group resolution. */
export interface DoctorDirectory {
  readonly source: IdpSource;
  /** One cheap read (a one-user page); throws `DependencyError` when the credential or the access is refused. */
  probe(): Promise<void>;
  /** The directory's groups that `refs` name, by id exactly or by name ignoring case (DirectoryLister.resolveGroups). */
  resolveGroups(refs: readonly string[]): Promise<IdpGroup[]>;
}

/**
 * The SCIM endpoint's bearer tokens (a table of hashed tokens). Absent from {@link DoctorPorts}
 * when the stack has no SCIM endpoint.
 */
export interface ScimTokenPort {
  /** How many tokens are live now (not revoked, not expired). */
  countLiveTokens(): Promise<number>;
}

/** A dead-letter queue and its depth. */
export interface DeadLetterQueuePort {
  /** `consumer`, `okta delivery`, … */
  readonly label: string;
  /** ApproximateNumberOfMessages (visible) plus those in flight. */
  depth(): Promise<number>;
}

/** Where the fixes send the operator: the commands of this deployment (a deployed stage, or the local stack). */
export type DoctorCommands = {
  /** e.g. `npm run reconcile -- --stage prod --region eu-west-2`. */
  readonly reconcile: string;
  /** Moves one dead-letter queue's messages back (`from`: `consumer`, `okta`, …), e.g. `npm run redrive -- --stage prod --from okta`. */
  redrive(from: string): string;
  /** Creates a SCIM token, e.g. `npm run scim-token -- --stage prod --region eu-west-2 create`. */
  readonly scimToken: string;
};

/** Everything the doctor reads. Adapters throw `DependencyError` (any Error is reported too). */
export type DoctorPorts = {
  /** Where the mapping lives, for the messages: `SSM parameter /wickr-idp-sync/prod/mapping`. */
  readonly mappingLocation: string;
  /** The mapping's text. */
  readMapping(): Promise<string>;
  /** The network the stack writes to (WICKR_NETWORK_ID). */
  readonly networkId: string;
  /** Wickr's region (WICKR_REGION), for the messages. */
  readonly wickrRegion: string;
  /** ListSecurityGroups, every page: proves the Wickr access and lists the ids the mapping may use. */
  listSecurityGroups(): Promise<readonly SecurityGroupSummary[]>;
  /** One per configured directory (Okta, Identity Center). */
  readonly directories: readonly DoctorDirectory[];
  /** Sources that are on but whose groups the doctor cannot list (`generic`, `scim`): a group only they know only warns. */
  readonly unlistedSources: readonly string[];
  /** Absent when SCIM is off. */
  readonly scimTokens?: ScimTokenPort;
  readonly deadLetterQueues: readonly DeadLetterQueuePort[];
  /** The reconcile's run record (the state table's `reconcile#run`); null before the first run. */
  lastRun(): Promise<RunRecord | null>;
  readonly commands: DoctorCommands;
  /** Epoch ms. */
  now(): number;
};

/** The doctor's answer: the rows in a fixed order, and whether every one passed (warnings and skips do not fail). */
export type DoctorReport = { readonly checks: readonly DoctorCheck[]; readonly ok: boolean };
