import type { Masker } from '../../src/core/redact';
import type { DeadLetter } from './deadLetters';
import { FINAL_OUTCOMES, type NamedOutcome, type OutcomeCounts } from './outcomes';

/**
 * A masker that masks nothing, for `npm start -- --show-pii` only (the values are the user's own
 * seed). It lives here, outside src/, so no deployed function can ever print values in clear.
 */
export const CLEAR: Masker = { email: (v) => v, name: (v) => v, change: (c) => (c ? { ...c } : undefined) };

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
  /** Every record that ended other than `applied` or `unchanged`, by event and user ids. */
  readonly namedOutcomes?: readonly NamedOutcome[];
  /** Published events no rule delivered to the queue. */
  readonly notDelivered?: readonly UndeliveredEvent[];
};

/** A published event that never reached the function (no rule matched it). */
export type UndeliveredEvent = { readonly eventId: string; readonly source: string; readonly detailType: string; readonly idpUserId?: string };

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

/** The fields that differ per user, personal values masked by `mask` (the console is a log; report.json has them whole). */
export function userChanges(before: readonly ReportUser[], after: readonly ReportUser[], mask: Masker): Change[] {
  const earlier = new Map(before.map((u) => [u.userId, u]));
  const changes: Change[] = [];
  for (const user of after) {
    const old = earlier.get(user.userId);
    for (const { key, personal } of FIELDS) {
      const show = (u: ReportUser | undefined): string => {
        if (!u) return '(none)';
        const v = u[key];
        const text = Array.isArray(v) ? v.join(',') : String(v ?? '');
        return personal === 'email' ? (mask.email(text) ?? '') : personal === 'name' ? (mask.name(text) ?? '') : text;
      };
      const same = JSON.stringify(old?.[key]) === JSON.stringify(user[key]);
      if (!same) changes.push({ userId: user.userId, username: mask.email(user.username) ?? '', field: key, before: show(old), after: show(user) });
    }
  }
  return changes;
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string => `  ${cells.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The Wickr users changed (before → after), one line per field, or `(none)`. */
export function formatChanges(before: readonly ReportUser[], after: readonly ReportUser[], mask: Masker): string[] {
  const changes = userChanges(before, after, mask);
  return [
    `Wickr users changed: ${new Set(changes.map((c) => c.userId)).size}`,
    changes.length
      ? table(
          ['userId', 'username', 'field', 'before → after'],
          changes.map((c) => [c.userId, c.username, c.field, `${c.before} → ${c.after}`]),
        )
      : '  (none)',
  ];
}

/** The records that ended other than `applied`/`unchanged`, named by Wickr and IdP user ids. */
export function formatNamedOutcomes(named: readonly NamedOutcome[]): string[] {
  if (!named.length) return [];
  return [
    `Records not applied nor unchanged: ${named.length}`,
    table(
      ['outcome', 'Wickr user', 'IdP user', 'event', 'reason'],
      named.map((n) => [
        n.outcome,
        n.wickrUserId ?? '-',
        n.idpUserId ? `${n.source && !n.source.includes('/') ? `${n.source}:` : ''}${n.idpUserId}` : '-',
        n.eventId ?? '-',
        (n.reason ?? '').slice(0, 80),
      ]),
    ),
    '',
  ];
}

/** The end-of-run summary: events by outcome, who they concern, Wickr users changed (before → after), requests, dead letters. */
export function formatSummary(report: Report, before: readonly ReportUser[], mask: Masker): string {
  const e = report.events;
  const settled = e.applied + e.created + e.unchanged + e.duplicate + e.ignored + e.notProvisioned + e.deadLettered + e.deleted;
  const outcomeRows = FINAL_OUTCOMES.map((k) => [k, String(e[k])]);
  if (e.published > settled) outcomeRows.push(['(not delivered: no rule matched)', String(e.published - settled)]);
  const notDelivered = report.notDelivered ?? [];
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
    ...formatNamedOutcomes(report.namedOutcomes ?? []),
    ...(notDelivered.length
      ? [
          `Events not delivered (no rule matched): ${notDelivered.length}`,
          table(
            ['event', 'source', 'detail-type', 'IdP user'],
            notDelivered.map((n) => [n.eventId, n.source, n.detailType, n.idpUserId ?? '-']),
          ),
          '',
        ]
      : []),
    ...formatChanges(before, report.wickr.users, mask),
    '',
    'Wickr API requests',
    requests.length ? table(['operation', 'HTTP status: count'], requests) : '  (none)',
    '',
    `Dead letters: ${report.deadLetters.length}`,
    report.deadLetters.length
      ? table(
          ['eventId', 'source', 'IdP user', 'errorClass', 'reason'],
          report.deadLetters.map((d) => [d.eventId, d.source, d.idpUserId ?? '-', d.errorClass, d.reason.slice(0, 100)]),
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
