/** The goals of issue #7, checked against one run's figures. */
import type { BenchResults, Goal } from './results';

const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;

/** Evaluates every goal the run has figures for. */
export function evaluateGoals(r: Omit<BenchResults, 'goals'>): Goal[] {
  const goals: Goal[] = [];
  const g = r.goodput?.byMode;
  if (g?.deadline) {
    const R = r.goodput?.rateLimit.requestsPerSecond ?? 0;
    goals.push({
      id: 'goodput.atLeast95PercentOfR',
      goal: 'Accepted Wickr calls per second over the drain ≥ 0.95 R (ours)',
      measured: `${g.deadline.callGoodputRatio} R over the drain (${g.deadline.acceptedCallsPerSecond} calls/s, R = ${R}); ${g.deadline.steadyCallGoodputRatio} R between 10 % and 90 % of the writes`,
      met: g.deadline.callGoodputRatio >= 0.95,
    });
    goals.push({ id: 'goodput.nothingDeadLettered', goal: 'Nothing dead-lettered (ours)', measured: `${g.deadline.deadLettered} dead-lettered`, met: g.deadline.deadLettered === 0 });
    if (g.adaptive) {
      goals.push({
        id: 'goodput.atLeastAdaptive',
        goal: "Goodput at least AdaptiveRetryStrategy's",
        measured: `ours ${g.deadline.callGoodputRatio} R vs adaptive ${g.adaptive.callGoodputRatio} R (${pct(g.deadline.callGoodputRatio / g.adaptive.callGoodputRatio)})`,
        met: g.deadline.callGoodputRatio >= g.adaptive.callGoodputRatio,
      });
    }
    const o = r.goodputOverload?.byMode;
    if (o?.deadline && o.standard) {
      goals.push({
        id: 'goodput.noLossWhereStandardGivesUp',
        goal: 'Nothing dead-lettered where StandardRetryStrategy gives up (overload: R = ' + (r.goodputOverload?.rateLimit.requestsPerSecond ?? '?') + ')',
        measured: `ours ${o.deadline.deadLettered}, standard ${o.standard.deadLettered}, adaptive ${o.adaptive?.deadLettered ?? '–'} dead-lettered of ${o.deadline.events}; goodput ours ${o.deadline.callGoodputRatio} R, standard ${o.standard.callGoodputRatio} R, adaptive ${o.adaptive?.callGoodputRatio ?? '–'} R`,
        met: o.deadline.deadLettered === 0 && o.deadline.usersApplied === o.deadline.events,
      });
    }
  }
  const c = r.callsPerEvent;
  if (c) {
    const changes = (['membershipChange', 'profileChange', 'deactivation', 'firstSight'] as const).map((k) => c.byKind[k].wickrWrites);
    goals.push({ id: 'calls.oneWritePerChange', goal: 'One Wickr write per real change', measured: `membership ${changes[0]}, profile ${changes[1]}, deactivation ${changes[2]}, first sight ${changes[3]} writes/event`, met: changes.every((w) => w === 1) });
    goals.push({
      id: 'calls.noWriteWhenNothingChanged',
      goal: 'Zero writes for an unchanged user or a duplicate',
      measured: `unchanged ${c.byKind.unchanged.wickrWrites}, duplicate ${c.byKind.duplicate.wickrWrites} writes/event (duplicate: ${c.byKind.duplicate.wickrReads} reads)`,
      met: c.byKind.unchanged.wickrWrites === 0 && c.byKind.duplicate.wickrWrites === 0,
    });
    goals.push({ id: 'calls.readsBelow1.5OnMix', goal: 'Wickr reads < 1.5 per event on a realistic mix', measured: `${c.mix.wickrReads} reads/event on the mix of ${c.mix.events} events`, met: c.mix.wickrReads < 1.5 });
  }
  const s = r.scale?.points ?? [];
  if (s.length >= 2) {
    const first = s[0];
    const last = s[s.length - 1];
    const growth = last.handlerCpuMsPerEvent / first.handlerCpuMsPerEvent;
    goals.push({
      id: 'scale.flatCostPerEvent',
      goal: 'Cost per event stays flat with size (within 25 %)',
      measured: `${first.handlerCpuMsPerEvent} → ${last.handlerCpuMsPerEvent} ms CPU/event, ${first.wickrCallsPerEvent} → ${last.wickrCallsPerEvent} Wickr calls/event (${first.events} → ${last.events} events)`,
      met: growth <= 1.25 && last.wickrCallsPerEvent <= first.wickrCallsPerEvent * 1.25,
    });
    goals.push({
      id: 'scale.boundedMemory',
      goal: 'Peak memory of the handler processes bounded (below the function memory, < 1.5× growth)',
      measured: `${first.peakRssMb} → ${last.peakRssMb} MB peak RSS (function memory ${last.memoryMb} MB)`,
      met: last.peakRssMb < last.memoryMb && last.peakRssMb <= first.peakRssMb * 1.5,
    });
  }
  return goals;
}
