import { expectNoDenials } from '../../local/stack/iam/iamCheck';
import type { Report } from '../../local/stack/report';
import { runScenario } from '../../local/stack/run';
import type { ScenarioEvent, ScenarioSeed } from '../../local/stack/scenario';
import { startLocalStack, type LocalStack } from '../../local/stack/stack';
import { expectedWickrUser, needsWrite, type PlannedUser } from './company';

/** What an e2e run returns besides the report. */
export type E2ERun = {
  readonly report: Report;
  /** Successful Wickr writes per Wickr userId, from the consumer's audit lines. */
  readonly writesByUser: ReadonlyMap<string, number>;
  /** The function's log (for failure messages). */
  readonly functionLog: readonly string[];
};

/** Options of {@link runE2E}. */
export type E2EOptions = {
  readonly seed: ScenarioSeed;
  readonly events: readonly ScenarioEvent[];
  readonly rawMessages?: readonly string[];
  readonly timeoutMs?: number;
  /** Publish at this rate instead of all at once. */
  readonly eventsPerSecond?: number;
  /** Runs alongside the scenario (fault injection: killing an execution environment…). */
  readonly duringRun?: (stack: LocalStack) => Promise<void>;
};

/**
 * Runs a scenario through the whole local stack (its own moto, the packaged template, the real
 * handler) and fails when any AWS call would be denied by the template's IAM.
 */
export async function runE2E(options: E2EOptions): Promise<E2ERun> {
  const functionLog: string[] = [];
  const stack = await startLocalStack({ seed: options.seed, onFunctionLog: (line) => functionLog.push(line) });
  try {
    const [{ report }] = await Promise.all([
      runScenario(stack, options.events, { timeoutMs: options.timeoutMs ?? 120_000, rawMessages: options.rawMessages, eventsPerSecond: options.eventsPerSecond }),
      options.duringRun?.(stack),
    ]);
    // Every call the functions made must be one the packaged template's IAM allows (docs/operations.md § IAM).
    await expectNoDenials(stack.iam);
    const writesByUser = new Map<string, number>();
    for (const line of functionLog) {
      if (!line.includes('"wickr write"')) continue;
      const entry = JSON.parse(line) as { outcome?: string; wickrUserId?: string };
      if (entry.outcome === 'applied' && entry.wickrUserId) writesByUser.set(entry.wickrUserId, (writesByUser.get(entry.wickrUserId) ?? 0) + 1);
    }
    return { report, writesByUser, functionLog };
  } catch (error) {
    (error as Error).message += `\n--- last lines of the function's log ---\n${functionLog.slice(-30).join('\n')}`;
    throw error;
  } finally {
    await stack.stop();
  }
}

/** Every planned user is, in Wickr, what the mapping makes of the IdP truth. */
export function expectWickrMatchesTruth(run: E2ERun, users: readonly PlannedUser[]): void {
  const actual = new Map(run.report.wickr.users.map((u) => [u.userId, u]));
  const mismatches = users
    .map((u) => ({ userId: u.wickrUserId, kind: u.kind, expected: expectedWickrUser(u), actual: actual.get(u.wickrUserId) }))
    .filter(
      ({ expected, actual: a }) =>
        !a ||
        a.username !== expected.username ||
        a.firstName !== expected.firstName ||
        a.lastName !== expected.lastName ||
        JSON.stringify(a.securityGroupIds) !== JSON.stringify(expected.securityGroupIds) ||
        a.suspended !== expected.suspended,
    );
  expect(mismatches).toEqual([]);
}

/** No user was written more often than needed (once if anything differed, never otherwise). */
export function expectNoExtraWrites(run: E2ERun, users: readonly PlannedUser[]): void {
  const extra = users.map((u) => ({ userId: u.wickrUserId, writes: run.writesByUser.get(u.wickrUserId) ?? 0, needed: needsWrite(u) ? 1 : 0 })).filter((w) => w.writes > w.needed);
  expect(extra).toEqual([]);
  const updates = run.report.wickr.requests.UpdateUser?.['200'] ?? 0;
  const toggles = run.report.wickr.requests.BatchToggleUserSuspendStatus?.['200'] ?? 0;
  expect(updates + toggles).toBeLessThanOrEqual(users.filter(needsWrite).length * 2);
  expect(updates).toBeLessThanOrEqual(users.filter(needsWrite).length);
}

/** Outcomes add up: every published event reached exactly one final outcome. */
export function settledCount(report: Report): number {
  const e = report.events;
  return e.applied + e.created + e.unchanged + e.duplicate + e.ignored + e.notProvisioned + e.deadLettered + (e.deleted ?? 0);
}
