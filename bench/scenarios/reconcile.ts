/**
 * The reconcile's benchmark (issue 11): one whole run against the emulators (the Okta emulator
 * as the IdP, the Wickr emulator) and moto (the state table, the queue), at each size and at
 * 0 % and 5 % drift. It measures the reconcile's own calls only: the local consumer is stopped,
 * so the ResyncUser messages stay on the queue and no Wickr write is counted. The first run on
 * a network is the bootstrap (it writes every link); the steady runs after it are what the
 * schedule costs, reported as medians.
 */
import { PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { runReconcile, type LocalReconcileRun } from '../../local/stack/reconcile/runReconcile';
import type { ScenarioSeed } from '../../local/stack/scenario';
import { startLocalStack } from '../../local/stack/stack';
import { BENCH_STACK_PARAMS } from '../e2e/benchStack';
import type { BenchMoto } from '../lib/moto';
import { median, round } from '../lib/stats';

/** Page sizes the minimum is computed from: Okta's `/api/v1/users` serves at most 200 a page, `/groups/{id}/users` 1,000; Wickr's ListUsers is asked for 100. */
export const OKTA_USERS_PAGE_MAX = 200;
export const OKTA_MEMBERS_PAGE_MAX = 1_000;
export const WICKR_PAGE = 100;

/** One size of the plan: users on each side, and the steady runs after the bootstrap. */
export type ReconcileSize = { readonly users: number; readonly steadyRuns: number };

/** One run's figures. */
export type ReconcileRunFigures = {
  readonly wickrCalls: number;
  readonly idpCalls: number;
  readonly durationMs: number;
  readonly maxRssMb: number;
  readonly peakHeapMb: number;
  readonly messagesSent: number;
  readonly linksWritten: number;
  readonly drifted: number;
  readonly invocations: number;
};

/** One size at one drift. */
export type ReconcilePoint = {
  readonly users: number;
  readonly driftPercent: number;
  /** Users the seed made differ (every 20th at 5 %: a changed last name). */
  readonly driftedUsers: number;
  readonly bootstrap: ReconcileRunFigures;
  /** Medians over the steady runs (each figure on its own). */
  readonly steady: ReconcileRunFigures;
  readonly steadyRuns: readonly ReconcileRunFigures[];
  /** The fewest IdP calls the list endpoints allow for this directory (see {@link minimumIdpCalls}). */
  readonly minimumIdpCalls: number;
  /** The goal's ceiling on Wickr calls: N/100 + 2 × drifted + 5. */
  readonly wickrCallBudget: number;
};

/** The benchmark's result. */
export type ReconcileBenchResult = {
  readonly mapping: string;
  readonly points: readonly ReconcilePoint[];
  /** Per-user steady duration at the largest size over that at the smallest (1 = linear), at 0 % drift. */
  readonly perUserTimeRatio: number | null;
  readonly sizes: readonly ReconcileSize[];
};

const ENG = { id: '00gengineering', name: 'Engineering Team' };
const MAPPING = {
  networkId: '12345678',
  usernameAttribute: 'email',
  securityGroups: [{ idpGroup: ENG.name, securityGroupId: 'SGENG001' }],
  defaultSecurityGroupId: 'SGDEFLT1',
  onNoMappedGroup: 'default',
  // The bench measures a full run: no guard may stop it at 5 % drift of suspensions (there are none here anyway).
  guard: { maxSuspensions: 1_000_000, maxSuspensionPercent: 100 },
};

/** `n` Okta users, every fourth in the mapped group, and their Wickr accounts; every `1/drift`-th differs in Wickr. */
function company(n: number, driftPercent: number): { seed: ScenarioSeed; drifted: number; engMembers: number } {
  const every = driftPercent > 0 ? Math.round(100 / driftPercent) : 0;
  const okta: object[] = [];
  const wickr: object[] = [];
  let drifted = 0;
  let engMembers = 0;
  for (let i = 0; i < n; i++) {
    const eng = i % 4 === 0;
    if (eng) engMembers += 1;
    const email = `user${i}@example.com`;
    const drifts = every > 0 && i % every === every - 1;
    if (drifts) drifted += 1;
    okta.push({ id: `00u${i.toString(36).padStart(8, '0')}`, status: 'ACTIVE', profile: { login: email, email, firstName: `F${i}`, lastName: `L${i}` }, groupIds: eng ? [ENG.id] : [] });
    wickr.push({ userId: String(100_000 + i), username: email, firstName: `F${i}`, lastName: drifts ? `Old${i}` : `L${i}`, securityGroupIds: [eng ? 'SGENG001' : 'SGDEFLT1'], suspended: false });
  }
  return {
    seed: {
      mapping: MAPPING,
      wickr: {
        networkId: '12345678',
        securityGroups: [
          { id: 'SGDEFLT1', name: 'Everyone', isDefault: true },
          { id: 'SGENG001', name: 'Engineering' },
        ],
        users: wickr as never,
        maxUsers: n + 10,
      },
      okta: { users: okta, groups: [ENG] },
    },
    drifted,
    engMembers,
  };
}

/**
 * The fewest IdP calls the list endpoints allow: each pass over `/api/v1/users` (everyone, then
 * the DEPROVISIONED users Okta leaves out: at least one page each), one call to find each mapped
 * group by name, and its members at 1,000 a page.
 */
export function minimumIdpCalls(users: number, deprovisioned: number, groupMembers: readonly number[]): number {
  const pages = (items: number, size: number): number => Math.max(1, Math.ceil(items / size));
  return pages(users, OKTA_USERS_PAGE_MAX) + pages(deprovisioned, OKTA_USERS_PAGE_MAX) + groupMembers.reduce((n, m) => n + 1 + pages(m, OKTA_MEMBERS_PAGE_MAX), 0);
}

const totalCalls = (requests: Record<string, Record<string, number>>): number => Object.values(requests).reduce((n, byStatus) => n + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);

function figures(run: LocalReconcileRun, wickrCalls: number, idpCalls: number): ReconcileRunFigures {
  return {
    wickrCalls,
    idpCalls,
    durationMs: run.result.durationMs,
    maxRssMb: round(run.memory.maxRssBytes / 1048576, 1),
    peakHeapMb: round(run.memory.peakHeapUsedBytes / 1048576, 1),
    messagesSent: run.report.messagesSent,
    linksWritten: run.report.linksWritten,
    drifted: run.report.drifted,
    invocations: run.report.invocations,
  };
}

function medianFigures(runs: readonly ReconcileRunFigures[]): ReconcileRunFigures {
  const keys = Object.keys(runs[0]) as (keyof ReconcileRunFigures)[];
  return Object.fromEntries(keys.map((k) => [k, round(median(runs.map((r) => r[k])), 1)])) as ReconcileRunFigures;
}

let stacks = 0;

/** Runs one size at one drift on a fresh stack (shared moto). */
export async function runReconcilePoint(moto: BenchMoto, size: ReconcileSize, driftPercent: number, log: (line: string) => void = () => {}): Promise<ReconcilePoint> {
  const { seed, drifted, engMembers } = company(size.users, driftPercent);
  const stack = await startLocalStack({ seed, motoEndpoint: moto.endpoint, nameSuffix: `-rc${++stacks}`, packageParams: BENCH_STACK_PARAMS, log });
  try {
    // The consumer stays off: these are the reconcile's own calls.
    await stack.poller.stop();
    const once = async (): Promise<ReconcileRunFigures> => {
      const wickrBefore = totalCalls(stack.wickr.state().requests);
      const oktaBefore = totalCalls(stack.okta.state().requests);
      const run = await runReconcile(stack, { skipSettle: true });
      if (run.result.status !== 'succeeded') throw new Error(`reconcile at ${size.users} users: ${run.result.status} ${run.result.reason ?? ''} ${run.result.message ?? ''}`);
      // The consumer is stopped, so the run's ResyncUser messages would stay, and moto's SQS costs
      // more per call as its queue deepens: the 100,000-user, 5 % point's second run timed out
      // sending 5,000 more onto 5,000 left by the first. A consumer would have drained them.
      await stack.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: stack.source.queue.url }));
      return figures(run, totalCalls(stack.wickr.state().requests) - wickrBefore, totalCalls(stack.okta.state().requests) - oktaBefore);
    };
    const bootstrap = await once();
    log(`reconcile ${size.users} users, ${driftPercent} % drift: bootstrap ${bootstrap.durationMs} ms, ${bootstrap.wickrCalls} Wickr + ${bootstrap.idpCalls} IdP calls, RSS ${bootstrap.maxRssMb} MB`);
    const steadyRuns: ReconcileRunFigures[] = [];
    for (let i = 0; i < size.steadyRuns; i++) steadyRuns.push(await once());
    const steady = medianFigures(steadyRuns);
    log(
      `reconcile ${size.users} users, ${driftPercent} % drift: steady ${steady.durationMs} ms, ${steady.wickrCalls} Wickr + ${steady.idpCalls} IdP calls, ${steady.messagesSent} messages, RSS ${steady.maxRssMb} MB`,
    );
    return {
      users: size.users,
      driftPercent,
      driftedUsers: drifted,
      bootstrap,
      steady,
      steadyRuns,
      minimumIdpCalls: minimumIdpCalls(size.users, 0, [engMembers]),
      wickrCallBudget: Math.floor(size.users / 100 + 2 * drifted + 5),
    };
  } finally {
    await stack.stop();
  }
}

/** Every size at 0 % and 5 % drift. */
export async function runReconcileBench(moto: BenchMoto, sizes: readonly ReconcileSize[], log: (line: string) => void = () => {}): Promise<ReconcileBenchResult> {
  const points: ReconcilePoint[] = [];
  for (const size of sizes) for (const drift of [0, 5]) points.push(await runReconcilePoint(moto, size, drift, log));
  const flat = points.filter((p) => p.driftPercent === 0);
  const [small, large] = [flat[0], flat.at(-1)];
  const perUser = (p: ReconcilePoint): number => p.steady.durationMs / p.users;
  return {
    mapping: `Okta, ${MAPPING.securityGroups.length} mapped group (a quarter of the users), no scope; Wickr ListUsers ${WICKR_PAGE} a page, Okta users ${OKTA_USERS_PAGE_MAX} and group members ${OKTA_MEMBERS_PAGE_MAX} a page`,
    points,
    perUserTimeRatio: small && large && small !== large ? round(perUser(large) / perUser(small), 2) : null,
    sizes,
  };
}
