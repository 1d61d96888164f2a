/** The SCIM endpoint's goals and its section of latest.md (issue 20). */
import type { ScimBenchResult } from '../scenarios/scim';
import type { Goal } from './results';

/** Entra expects 25 requests/s per tenant; no 5xx; one Wickr write per real change at most. */
export function scimGoals(r: ScimBenchResult | undefined): Goal[] {
  if (!r) return [];
  const s = r.sustained;
  return [
    {
      id: 'scim.sustained',
      goal: `SCIM: ${s.targetPerSecond} requests/s for ${s.seconds} s with no 5xx`,
      measured: `${s.sent} requests sent at ${s.achievedPerSecond}/s, all answered within ${s.answeredWithinSeconds} s, ${s.serverErrors} 5xx (${JSON.stringify(s.byStatus)}), p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms`,
      met: s.serverErrors === 0 && s.achievedPerSecond >= s.targetPerSecond * 0.95,
    },
    {
      id: 'scim.writes',
      goal: 'SCIM: Wickr writes equal to the real changes (never more)',
      measured: `${r.writes.wickrWrites} writes for ${r.writes.realChanges} changes (${JSON.stringify(r.writes.wickrWritesByOperation)})`,
      met: r.writes.wickrWrites <= r.writes.realChanges,
    },
    { id: 'scim.latency', goal: 'SCIM: request latency (reported)', measured: `p50 ${r.latency.p50Ms} ms, p99 ${r.latency.p99Ms} ms over ${r.latency.requests} requests`, met: null },
    { id: 'scim.cost', goal: 'SCIM: cost per million requests (reported)', measured: `$${r.cost.perMillionRequestsUsd}`, met: null },
  ];
}

/** The SCIM section of latest.md. */
export function scimMarkdown(r: ScimBenchResult | undefined): string {
  if (!r) return '';
  const s = r.sustained;
  return [
    '',
    '## SCIM endpoint',
    '',
    '| what | figure |',
    '|---|---|',
    `| latency, one request at a time (${r.latency.requests}: lookups, reads, no-op PATCHes) | p50 ${r.latency.p50Ms} ms, p99 ${r.latency.p99Ms} ms, max ${r.latency.maxMs} ms |`,
    `| sustained ${s.targetPerSecond} requests/s for ${s.seconds} s | ${s.sent} sent at ${s.achievedPerSecond}/s, answered within ${s.answeredWithinSeconds} s; ${s.serverErrors} 5xx; p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms; answers ${JSON.stringify(s.byStatus)} |`,
    `| Wickr writes for the real changes of that load | ${r.writes.wickrWrites} writes for ${r.writes.realChanges} changes |`,
    `| cost per million SCIM requests | $${r.cost.perMillionRequestsUsd} |`,
    '',
    ...r.cost.lines.map((l) => `- ${l.item}: $${l.usd}`),
    ...r.cost.assumptions.map((a) => `- ${a}`),
    '',
  ].join('\n');
}
