/**
 * Synthetic users and IdP events at benchmark scale: an Okta directory and a Wickr network of
 * `count` users, each of whom Okta has in Engineering while Wickr still has them in the default
 * security group, so the first event about any user costs exactly one UpdateUser.
 */
import { randomUUID } from 'node:crypto';

/** The benchmark's Wickr network id (8 digits, as the model requires). */
export const BENCH_NETWORK_ID = '12345678';
/** The Okta partner event source the stack's rule listens to (LOCAL_PARAMS in local/stack). */
export const OKTA_PARTNER_SOURCE = 'aws.partner/okta.com/example-org/wickr-sync';
export const OKTA_TOKEN = 'bench-okta-token';

export const SecurityGroup = { Default: 'SGDEFLT1', Engineering: 'SGENG001', Admins: 'SGADMIN1' } as const;
export const OktaGroup = { Engineering: '00gBenchEng', Admins: '00gBenchAdm' } as const;

/** The mapping every benchmark uses: two mapped groups, a default, suspend on deactivate/delete. */
export const BENCH_MAPPING = {
  networkId: BENCH_NETWORK_ID,
  usernameAttribute: 'email',
  securityGroups: [
    { idpGroup: OktaGroup.Admins, securityGroupId: SecurityGroup.Admins },
    { idpGroup: OktaGroup.Engineering, securityGroupId: SecurityGroup.Engineering },
  ],
  defaultSecurityGroupId: SecurityGroup.Default,
  onNoMappedGroup: 'default',
  onDeactivate: 'suspend',
  onDelete: 'suspend',
} as const;

/** One benchmark user: the same person in Okta and in Wickr. */
export type BenchUser = { readonly index: number; readonly oktaId: string; readonly login: string; readonly wickrUserId: string };

/** The i-th user (ids are stable, so runs are comparable). */
export function benchUser(index: number): BenchUser {
  // Okta ids are 00u + alphanumerics (the parser checks); Wickr ids 1..10 digits.
  return { index, oktaId: `00ubench${index}`, login: `user${index}@bench.example.com`, wickrUserId: String(100_000 + index) };
}

/** A Wickr rate limit: `burst` tokens refilled at `requestsPerSecond`, across every Admin API call. */
export type RateLimit = { readonly requestsPerSecond: number; readonly burst: number };

/** The users, and the seeds of both emulators and the mapping, in the local stack's seed format. */
export function population(count: number, rateLimit?: RateLimit) {
  const users = Array.from({ length: count }, (_, i) => benchUser(i));
  const wickr = {
    networkId: BENCH_NETWORK_ID,
    securityGroups: [
      { id: SecurityGroup.Default, name: 'Everyone', isDefault: true },
      { id: SecurityGroup.Engineering, name: 'Engineering', isDefault: false },
      { id: SecurityGroup.Admins, name: 'Admins', isDefault: false },
    ],
    users: users.map((u) => ({ userId: u.wickrUserId, username: u.login, firstName: `First${u.index}`, lastName: `Last${u.index}`, securityGroupIds: [SecurityGroup.Default] })),
    ...(rateLimit && { rateLimit: { ...rateLimit } }),
  };
  const okta = {
    token: OKTA_TOKEN,
    groups: [
      { id: OktaGroup.Engineering, name: 'Engineering' },
      { id: OktaGroup.Admins, name: 'Admins' },
    ],
    users: users.map((u) => ({
      id: u.oktaId,
      status: 'ACTIVE' as const,
      profile: { login: u.login, email: u.login, firstName: `First${u.index}`, lastName: `Last${u.index}` },
      groupIds: [OktaGroup.Engineering as string],
    })),
    // Okta is not what is measured: far above any rate the benchmarks reach.
    rateLimit: { limit: 100_000_000, windowSeconds: 60 },
  };
  return { users, seed: { mapping: { ...BENCH_MAPPING, securityGroups: BENCH_MAPPING.securityGroups.map((g) => ({ ...g })) }, wickr, okta } };
}

/** An Okta System Log event about `user`, as EventBridge delivers it (shape of shared/idp-samples/okta-1). */
export function oktaEvent(user: BenchUser, eventType: string, options: { uuid?: string; published?: string; groupId?: string } = {}) {
  const published = options.published ?? new Date().toISOString();
  const target: Record<string, unknown>[] = [{ id: user.oktaId, type: 'User', alternateId: user.login, displayName: `User ${user.index}`, detailEntry: null }];
  if (options.groupId) target.push({ id: options.groupId, type: 'UserGroup', alternateId: 'unknown', displayName: 'Engineering', detailEntry: null });
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'SystemLog',
    source: OKTA_PARTNER_SOURCE,
    account: '123456789012',
    time: published.replace(/\.\d+Z$/, 'Z'),
    region: 'us-east-1',
    resources: [] as string[],
    detail: {
      actor: { id: '00ubenchadmin', type: 'User', alternateId: 'admin@bench.example.com', displayName: 'Admin', detailEntry: null },
      displayMessage: eventType,
      eventType,
      outcome: { result: 'SUCCESS', reason: null },
      published,
      severity: 'INFO',
      legacyEventType: null,
      transaction: { type: 'WEB', id: randomUUID(), detail: {} },
      uuid: options.uuid ?? randomUUID(),
      version: '0',
      target,
    },
  };
}

/** A membership-add event: the kind a 50,000-person group change produces, one per member. */
export function membershipAdd(user: BenchUser, options: { uuid?: string } = {}) {
  return oktaEvent(user, 'group.user_membership.add', { ...options, groupId: OktaGroup.Engineering });
}
