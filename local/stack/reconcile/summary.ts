import type { RunResult } from '../../../src/core/reconcile';

/** The report's keys every reconcile object carries, in this order (issue 11, item 8); never renamed. */
export const RECONCILE_REPORT_KEYS = [
  'runs',
  'dryRun',
  'guardTripped',
  'inScope',
  'wickrUsers',
  'linked',
  'drifted',
  'messagesSent',
  'toUpdate',
  'toSuspend',
  'toUnsuspend',
  'unmanaged',
  'skippedGeneric',
] as const;

/**
 * `report.json`'s `bootstrap` / `reconcile` object: the contract's counts first, then additions
 * (status, run id, the guard's reason, the other counts, duration, invocations).
 */
export type ReconcileReport = {
  readonly runs: number;
  readonly dryRun: boolean;
  readonly guardTripped: boolean;
  readonly inScope: number;
  readonly wickrUsers: number;
  readonly linked: number;
  readonly drifted: number;
  readonly messagesSent: number;
  readonly toUpdate: number;
  readonly toSuspend: number;
  readonly toUnsuspend: number;
  readonly unmanaged: number;
  readonly skippedGeneric: number;
  readonly status: RunResult['status'];
  readonly runId: string;
  readonly reason?: string;
  readonly message?: string;
  readonly conflicts: number;
  readonly notProvisioned: number;
  /** In-scope users missing from Wickr, created through the consumer (`provisioning.createUsers`). */
  readonly toCreate: number;
  /** Expired invitations renewed through the consumer (`provisioning.reinviteExpired`). */
  readonly toReinvite: number;
  /** Suspended users deleted through the consumer after `deprovisioning.deleteAfterDays`. */
  readonly toDelete: number;
  readonly unmappable: number;
  readonly protected: number;
  readonly linksWritten: number;
  readonly driftedByField: Readonly<Record<string, number>>;
  readonly invocations: number;
  readonly durationMs: number;
};

/** The report object of one finished run. */
export function toReconcileReport(result: RunResult): ReconcileReport {
  const c = result.counts;
  return {
    runs: c.runs,
    dryRun: c.dryRun,
    guardTripped: c.guardTripped,
    inScope: c.inScope,
    wickrUsers: c.wickrUsers,
    linked: c.linked,
    drifted: c.drifted,
    messagesSent: c.messagesSent,
    toUpdate: c.toUpdate,
    toSuspend: c.toSuspend,
    toUnsuspend: c.toUnsuspend,
    unmanaged: c.unmanaged,
    skippedGeneric: c.skippedGeneric,
    status: result.status,
    runId: result.runId,
    ...(result.reason !== undefined && { reason: result.reason }),
    ...(result.message !== undefined && { message: result.message }),
    conflicts: c.conflicts,
    notProvisioned: c.notProvisioned,
    toCreate: c.toCreate,
    toReinvite: c.toReinvite,
    // Older run records (before deprovisioning) have no such count.
    toDelete: c.toDelete ?? 0,
    unmappable: c.unmappable,
    protected: c.protected,
    linksWritten: c.linksWritten,
    driftedByField: { ...c.driftedByField },
    invocations: result.invocations,
    durationMs: result.durationMs,
  };
}

/** Plan lines shown on the console (report.json and the run record keep more). */
const PLAN_LINES_SHOWN = 50;

/** The printed summary of a run: its counts, drift by field, and the plan (ids and field names only: no personal data). */
export function formatReconcileSummary(label: string, result: RunResult): string {
  const r = toReconcileReport(result);
  const verdict = r.status === 'succeeded' ? (r.dryRun ? 'dry run: nothing sent' : 'succeeded') : `${r.status}${r.reason ? ` (${r.reason})` : ''}`;
  const lines = [
    `${label}: ${verdict}, run ${r.runId}, ${(r.durationMs / 1000).toFixed(1)} s, ${r.invocations} invocation(s)`,
    ...(r.message ? [`  ${r.message}`] : []),
    `  in scope ${r.inScope} · Wickr users ${r.wickrUsers} · linked ${r.linked} · drifted ${r.drifted} · messages sent ${r.messagesSent}`,
    `  to update ${r.toUpdate} · to suspend ${r.toSuspend} · to unsuspend ${r.toUnsuspend} · unmanaged ${r.unmanaged} · skipped generic ${r.skippedGeneric}`,
    `  not provisioned ${r.notProvisioned} · to create ${r.toCreate} · to re-invite ${r.toReinvite} · to delete ${r.toDelete} · conflicts ${r.conflicts} · protected ${r.protected} · links written ${r.linksWritten}`,
  ];
  const fields = Object.entries(r.driftedByField);
  if (fields.length) lines.push(`  drifted by field: ${fields.map(([f, n]) => `${f} ${n}`).join(' · ')}`);
  if (result.plan.length) {
    lines.push('  plan (Wickr user · IdP user · reason · fields):');
    for (const p of result.plan.slice(0, PLAN_LINES_SHOWN)) lines.push(`    ${p.wickrUserId ?? '(new)'} · ${p.source ? `${p.source}:${p.idpUserId}` : '-'} · ${p.reason} · ${p.fields.join(',')}`);
    const more = r.drifted - Math.min(result.plan.length, PLAN_LINES_SHOWN);
    if (more > 0) lines.push(`    … and ${more} more`);
  }
  return lines.join('\n');
}
