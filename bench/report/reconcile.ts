/** The reconcile benchmark's goals (issue 11) and its section of latest.md. */
import type { ReconcileBenchResult, ReconcilePoint } from '../scenarios/reconcile';
import type { Goal } from './results';

/** The function's memory (serverless.yml): one run's process must stay inside it. */
const FUNCTION_MEMORY_MB = 512;
/** "Linear in N": the per-user time at the largest size at most this many times that at the smallest. */
const LINEAR_SLACK = 1.5;

const at = (p: ReconcilePoint): string => `${p.users.toLocaleString('en')} users, ${p.driftPercent} %`;

/** Checks the reconcile's goals on every point (bootstrap and steady runs alike). */
export function reconcileGoals(r: ReconcileBenchResult | undefined): Goal[] {
  if (!r?.points.length) return [];
  const runs = r.points.flatMap((p) => [p.bootstrap, ...p.steadyRuns].map((run) => ({ p, run })));
  const worst = <T>(items: T[], score: (t: T) => number): T => items.reduce((a, b) => (score(b) > score(a) ? b : a));
  const wickr = worst(runs, ({ p, run }) => run.wickrCalls / p.wickrCallBudget);
  const idp = worst(runs, ({ p, run }) => run.idpCalls / p.minimumIdpCalls);
  const memory = worst(runs, ({ run }) => run.maxRssMb);
  const goals: Goal[] = [
    {
      id: 'reconcile.wickrCalls',
      goal: 'Reconcile: Wickr calls ≤ N/100 + 2 × drifted + 5',
      measured: r.points.map((p) => `${at(p)}: ${p.steady.wickrCalls} (bootstrap ${p.bootstrap.wickrCalls}) ≤ ${p.wickrCallBudget}`).join('; '),
      met: wickr.run.wickrCalls <= wickr.p.wickrCallBudget,
    },
    {
      id: 'reconcile.idpCalls',
      goal: 'Reconcile: IdP calls within 2× the minimum the list endpoints allow',
      measured: r.points.map((p) => `${at(p)}: ${p.steady.idpCalls} vs minimum ${p.minimumIdpCalls} (${(p.steady.idpCalls / p.minimumIdpCalls).toFixed(2)}×)`).join('; '),
      met: idp.run.idpCalls <= 2 * idp.p.minimumIdpCalls,
    },
    {
      id: 'reconcile.linear',
      goal: `Reconcile: duration linear in N (per-user time at the largest size ≤ ${LINEAR_SLACK}× the smallest's)`,
      measured:
        r.perUserTimeRatio === null
          ? 'one size only in this mode'
          : `${r.perUserTimeRatio}× (${r.points
              .filter((p) => p.driftPercent === 0)
              .map((p) => `${at(p)}: ${p.steady.durationMs} ms`)
              .join(', ')})`,
      met: r.perUserTimeRatio === null ? null : r.perUserTimeRatio <= LINEAR_SLACK,
    },
    {
      id: 'reconcile.memory',
      goal: `Reconcile: peak RSS of the run's process < ${FUNCTION_MEMORY_MB} MB (the function's memory)`,
      measured: `${memory.run.maxRssMb} MB at ${at(memory.p)} (heap peak ${memory.run.peakHeapMb} MB)`,
      met: memory.run.maxRssMb < FUNCTION_MEMORY_MB,
    },
  ];
  return goals;
}

/** The `## Reconcile` section of latest.md. */
export function reconcileMarkdown(r: ReconcileBenchResult | undefined): string {
  if (!r?.points.length) return '';
  const row = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;
  const header = [
    'users',
    'drift',
    'drifted',
    'run',
    'Wickr calls',
    'budget',
    'IdP calls',
    'IdP minimum',
    'duration ms',
    'ms / 1,000 users',
    'peak RSS MB',
    'heap peak MB',
    'messages',
    'links written',
  ];
  const lines = [
    '## Reconcile',
    '',
    `One whole run (\`runReconcileToCompletion\` in a child process with the reconcile function's environment) against the Okta and Wickr emulators and moto; the consumer is stopped, so only the reconcile's own calls are counted. ${r.mapping}. The first run on each network is the bootstrap (it writes every link); "steady" is the median of the runs after it.`,
    '',
    row(header),
    row(header.map(() => '---')),
  ];
  for (const p of r.points) {
    for (const [label, f] of [
      ['bootstrap', p.bootstrap],
      [`steady (median of ${p.steadyRuns.length})`, p.steady],
    ] as const) {
      lines.push(
        row([
          p.users,
          `${p.driftPercent} %`,
          p.driftedUsers,
          label,
          f.wickrCalls,
          p.wickrCallBudget,
          f.idpCalls,
          p.minimumIdpCalls,
          f.durationMs,
          (f.durationMs / (p.users / 1000)).toFixed(0),
          f.maxRssMb,
          f.peakHeapMb,
          f.messagesSent,
          f.linksWritten,
        ]),
      );
    }
  }
  lines.push(
    '',
    r.perUserTimeRatio === null ? 'One size only: linearity is not measured in this mode.' : `Per-user time at the largest size over the smallest (0 % drift, steady): ${r.perUserTimeRatio}×.`,
    '',
  );
  return `${lines.join('\n')}\n`;
}
