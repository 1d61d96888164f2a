/**
 * A small company for the reconcile's e2e tests: Okta users (members of the scope group "Wickr
 * Users", some of Engineering), a Wickr network holding them with deliberate drift, plus users
 * the reconcile must leave alone (an unmanaged user, an unmatched admin, a protected
 * break-glass account outside scope). The local stack runs the real consumer.
 */
import type { WickrUserState } from '../../local/wickr-emulator/types';
import { runReconcile, type LocalReconcileRun, type ReconcileRunOptions } from '../../local/stack/reconcile/runReconcile';
import type { ScenarioSeed } from '../../local/stack/scenario';
import { expectNoDenials } from '../../local/stack/iam/iamCheck';
import { startLocalStack, type LocalStack } from '../../local/stack/stack';

export const SCOPE_GROUP = { id: '00gusers', name: 'Wickr Users' };
export const ENG_GROUP = { id: '00geng', name: 'Engineering' };

/** One Okta user and what Wickr must hold for them once reconciled. */
export type CompanyUser = {
  readonly idpId: string;
  readonly wickrUserId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly eng: boolean;
  readonly inScope: boolean;
};

/** Wickr users outside the IdP's reach. */
export const UNMANAGED = { userId: '9001', username: 'contractor@partner.example', firstName: 'Con', lastName: 'Tractor', securityGroupIds: ['SGDEFLT1'], suspended: false };
export const ADMIN = { userId: '9002', username: 'root-admin@example.com', firstName: 'Root', lastName: 'Admin', securityGroupIds: ['SGDEFLT1'], suspended: false, isAdmin: true };
/** In Okta but outside scope, and protected: never suspended. */
export const BREAK_GLASS = { userId: '9003', username: 'breakglass@example.com', firstName: 'Break', lastName: 'Glass', securityGroupIds: ['SGDEFLT1'], suspended: false };

/** `n` users; every fourth is in Engineering; the last `leavers` are out of scope. */
export function companyUsers(n: number, leavers = 0): CompanyUser[] {
  return Array.from({ length: n }, (_, i) => ({
    idpId: `00u${String(i).padStart(4, '0')}`,
    wickrUserId: String(3000 + i),
    email: `staff${i}@example.com`,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    eng: i % 4 === 0,
    inScope: i < n - leavers,
  }));
}

/** The Wickr state each user must end in. */
export function expectedWickr(u: CompanyUser): Pick<WickrUserState, 'username' | 'firstName' | 'lastName' | 'securityGroupIds' | 'suspended'> {
  return { username: u.email, firstName: u.firstName, lastName: u.lastName, securityGroupIds: [u.eng ? 'SGENG001' : 'SGDEFLT1'], suspended: !u.inScope };
}

/** A drift applied to a Wickr user's seed. */
export type Drift = Partial<{ firstName: string; lastName: string; securityGroupIds: string[]; suspended: boolean }>;

export const MAPPING = {
  networkId: '12345678',
  usernameAttribute: 'email',
  securityGroups: [{ idpGroup: 'Engineering', securityGroupId: 'SGENG001' }],
  defaultSecurityGroupId: 'SGDEFLT1',
  onNoMappedGroup: 'default',
  scope: { idpGroups: [SCOPE_GROUP.name] },
  onLeaveScope: 'suspend',
  protectedUsernames: [BREAK_GLASS.username],
  // A small network: one move or suspension is already a large share of it.
  guard: { maxSuspensions: 5, maxSuspensionPercent: 50, maxGroupChangePercent: 50 },
};

/** The seed: Okta's truth, and Wickr as the users would be with `drift` applied (a leaver starts active). */
export function companySeed(users: readonly CompanyUser[], drift: ReadonlyMap<string, Drift> = new Map(), mapping: object = MAPPING): ScenarioSeed {
  return {
    mapping: mapping as Record<string, unknown>,
    wickr: {
      networkId: '12345678',
      securityGroups: [
        { id: 'SGDEFLT1', name: 'Everyone', isDefault: true },
        { id: 'SGENG001', name: 'Engineering' },
      ],
      users: [...users.map((u) => ({ userId: u.wickrUserId, ...expectedWickr(u), suspended: false, ...drift.get(u.wickrUserId) })), UNMANAGED, ADMIN, BREAK_GLASS],
    },
    okta: {
      groups: [SCOPE_GROUP, ENG_GROUP],
      users: [
        ...users.map((u) => ({
          id: u.idpId,
          status: 'ACTIVE',
          profile: { login: u.email, email: u.email, firstName: u.firstName, lastName: u.lastName },
          groupIds: [...(u.inScope ? [SCOPE_GROUP.id] : []), ...(u.eng ? [ENG_GROUP.id] : [])],
        })),
        { id: '00ubreak', status: 'ACTIVE', profile: { login: BREAK_GLASS.username, email: BREAK_GLASS.username, firstName: 'Break', lastName: 'Glass' }, groupIds: [] },
      ],
    },
  };
}

/** A running local stack with the function's log kept, for several reconciles in a row. */
export type ReconcileStack = {
  readonly stack: LocalStack;
  readonly log: string[];
  reconcile(options?: ReconcileRunOptions): Promise<LocalReconcileRun>;
  /** Successful Wickr writes per Wickr user id since log line `from` (the consumer's audit lines). */
  writesSince(from: number): Map<string, number>;
  /** Wickr write requests (UpdateUser, suspension toggles) the emulator answered 200 so far. */
  wickrWrites(): number;
  user(userId: string): WickrUserState | undefined;
  stop(): Promise<void>;
};

/** Starts the local stack on `seed` (its own moto). */
export async function startReconcileStack(seed: ScenarioSeed): Promise<ReconcileStack> {
  const log: string[] = [];
  const stack = await startLocalStack({ seed, onFunctionLog: (line) => log.push(line) });
  return {
    stack,
    log,
    reconcile: (options = {}) => runReconcile(stack, { settleTimeoutMs: 120_000, onLog: (line) => log.push(line), ...options }),
    writesSince: (from) => {
      const writes = new Map<string, number>();
      for (const line of log.slice(from)) {
        if (!line.includes('"wickr write"')) continue;
        const entry = JSON.parse(line) as { outcome?: string; wickrUserId?: string };
        if (entry.outcome === 'applied' && entry.wickrUserId) writes.set(entry.wickrUserId, (writes.get(entry.wickrUserId) ?? 0) + 1);
      }
      return writes;
    },
    wickrWrites: () => {
      const r = stack.wickr.state().requests;
      return ['UpdateUser', 'BatchToggleUserSuspendStatus'].reduce((n, op) => n + (r[op]?.['200'] ?? 0), 0);
    },
    user: (userId) => stack.wickr.state().users.find((u) => u.userId === userId),
    // The scenario's calls, judged against the template's IAM, fail the suite on its way out.
    stop: async () => {
      try {
        await expectNoDenials(stack.iam);
      } finally {
        await stack.stop();
      }
    },
  };
}

/** Changes users "in the Wickr console": through the emulator's control API, outside the sync. */
export async function changeInConsole(stack: LocalStack, credentials: { accessKeyId: string; secretAccessKey: string }, changes: ReadonlyMap<string, Drift>): Promise<void> {
  const state = stack.wickr.state();
  const seed = {
    networkId: state.networkId,
    credentials,
    region: 'us-east-1',
    securityGroups: [
      { id: 'SGDEFLT1', name: 'Everyone', isDefault: true },
      { id: 'SGENG001', name: 'Engineering' },
    ],
    users: state.users.map(({ userId, username, firstName, lastName, securityGroupIds, suspended, status, isAdmin }) => ({
      userId,
      username,
      firstName,
      lastName,
      securityGroupIds,
      suspended,
      status,
      isAdmin,
      ...changes.get(userId),
    })),
  };
  const response = await fetch(`${stack.wickr.url}/__emulator/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(seed) });
  if (!response.ok) throw new Error(`the emulator refused the console change: ${response.status} ${await response.text()}`);
}
