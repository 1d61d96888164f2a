import { maskEmail, maskName } from '../../src/core/redact';
import type { DeadLetter } from './deadLetters';
import { FINAL_OUTCOMES, type OutcomeCounts } from './outcomes';

/** A Wickr user in the report. */
export type ReportUser = {
  readonly userId: string;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly securityGroupIds: readonly string[];
  readonly suspended: boolean;
};

/** report.json, in the format of issue #6. */
export type Report = {
  readonly events: { readonly published: number } & OutcomeCounts;
  readonly wickr: { readonly users: readonly ReportUser[]; readonly requests: Readonly<Record<string, Readonly<Record<string, number>>>> };
  readonly deadLetters: readonly DeadLetter[];
  readonly durationMs: number;
};

/** Keeps the report's user fields (the emulator's state has more). */
export function toReportUser(user: ReportUser): ReportUser {
  const { userId, username, firstName, lastName, securityGroupIds, suspended } = user;
  return { userId, username, firstName, lastName, securityGroupIds: [...securityGroupIds], suspended };
}

type Change = { userId: string; username: string; field: string; before: string; after: string };

const FIELDS: readonly { key: keyof ReportUser; personal?: 'email' | 'name' }[] = [
  { key: 'username', personal: 'email' },
  { key: 'firstName', personal: 'name' },
  { key: 'lastName', personal: 'name' },
  { key: 'securityGroupIds' },
  { key: 'suspended' },
];

/** The fields that differ per user, personal values masked (the console is a log; report.json has them whole). */
export function userChanges(before: readonly ReportUser[], after: readonly ReportUser[]): Change[] {
  const earlier = new Map(before.map((u) => [u.userId, u]));
  const changes: Change[] = [];
  for (const user of after) {
    const old = earlier.get(user.userId);
    for (const { key, personal } of FIELDS) {
      const show = (u: ReportUser | undefined): string => {
        if (!u) return '(none)';
        const v = u[key];
        const text = Array.isArray(v) ? v.join(',') : String(v ?? '');
        return personal === 'email' ? (maskEmail(text) ?? '') : personal === 'name' ? (maskName(text) ?? '') : text;
      };
      const same = JSON.stringify(old?.[key]) === JSON.stringify(user[key]);
      if (!same) changes.push({ userId: user.userId, username: maskEmail(user.username) ?? '', field: key, before: show(old), after: show(user) });
    }
  }
  return changes;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string => `  ${cells.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The end-of-run summary: events by outcome, Wickr users changed (before → after), requests, dead letters. */
export function formatSummary(report: Report, before: readonly ReportUser[]): string {
  const e = report.events;
  const settled = e.applied + e.created + e.unchanged + e.duplicate + e.ignored + e.notProvisioned + e.deadLettered + e.deleted;
  const outcomeRows = FINAL_OUTCOMES.map((k) => [k, String(e[k])]);
  if (e.published > settled) outcomeRows.push(['(not delivered: no rule matched)', String(e.published - settled)]);
  const changes = userChanges(before, report.wickr.users);
  const requests = Object.entries(report.wickr.requests).map(([op, statuses]) => [
    op,
    Object.entries(statuses)
      .map(([s, n]) => `${s}: ${n}`)
      .join('  '),
  ]);
  const parts = [
    `Events: ${e.published} published, ${(report.durationMs / 1000).toFixed(1)} s`,
    table(['outcome', 'count'], outcomeRows),
    '',
    `Wickr users changed: ${new Set(changes.map((c) => c.userId)).size}`,
    changes.length
      ? table(
          ['userId', 'username', 'field', 'before → after'],
          changes.map((c) => [c.userId, c.username, c.field, `${c.before} → ${c.after}`]),
        )
      : '  (none)',
    '',
    'Wickr API requests',
    requests.length ? table(['operation', 'HTTP status: count'], requests) : '  (none)',
    '',
    `Dead letters: ${report.deadLetters.length}`,
    report.deadLetters.length
      ? table(
          ['eventId', 'source', 'errorClass', 'reason'],
          report.deadLetters.map((d) => [d.eventId, d.source, d.errorClass, d.reason.slice(0, 100)]),
        )
      : '  (none)',
  ];
  return parts.join('\n');
}

/** The report with the outcomes of other work (a bootstrap reconcile's messages) taken out of its event counts. */
export function withoutOutcomes(report: Report, other: OutcomeCounts): Report {
  const events = { ...report.events };
  for (const key of Object.keys(other) as (keyof OutcomeCounts)[]) events[key] = Math.max(0, events[key] - other[key]);
  return { ...report, events };
}
