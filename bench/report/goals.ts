/** The goals of issues #7 and #14, checked against one run's figures. */
import { MAX_ADDED_REQUIRE_MS, MAX_HANDLER_JS_BYTES } from '../scenarios/coldStart';
import type { BenchResults, Goal } from './results';

const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
const fixed = (x: number, digits = 2): string => String(Number(x.toFixed(digits)));

/** Issue #14: CPU per record at most this multiple of the record floor. */
export const MAX_RECORD_FLOOR_RATIO = 4;
/** Issue #14: DynamoDB per event on the realistic mix. */
export const MAX_DYNAMODB_WRITES_PER_EVENT = 2;
export const MAX_DYNAMODB_CONSISTENT_READS_PER_EVENT = 1;
/** Issue #14: p99 publish → Wickr write at 5 events/s. */
export const MAX_P99_LATENCY_MS = 2000;

/** "over by x" or "x to spare", for a measured value against an upper bound. */
function gapAbove(measured: number, bound: number, unit: string, digits = 2): string {
  const d = measured - bound;
  return d > 0 ? `over by ${fixed(d, digits)}${unit === '×' ? '×' : ` ${unit}`}` : `${fixed(-d, digits)}${unit === '×' ? '×' : ` ${unit}`} to spare`;
}

/** "short by x" or "x above", for a measured value against a lower bound. */
function gapBelow(measured: number, bound: number, unit: string, digits = 3): string {
  const d = bound - measured;
  return d > 0 ? `short by ${fixed(d, digits)} ${unit}` : `${fixed(-d, digits)} ${unit} above`;
}

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
      gap: gapBelow(g.deadline.callGoodputRatio, 0.95, 'R'),
    });
    goals.push({ id: 'goodput.nothingDeadLettered', goal: 'Nothing dead-lettered (ours)', measured: `${g.deadline.deadLettered} dead-lettered`, met: g.deadline.deadLettered === 0 });
    if (g.adaptive) {
      goals.push({
        id: 'goodput.atLeastAdaptive',
        goal: "Goodput at least AdaptiveRetryStrategy's",
        measured: `ours ${g.deadline.callGoodputRatio} R vs adaptive ${g.adaptive.callGoodputRatio} R (${pct(g.deadline.callGoodputRatio / g.adaptive.callGoodputRatio)})`,
        met: g.deadline.callGoodputRatio >= g.adaptive.callGoodputRatio,
        gap: gapBelow(g.deadline.callGoodputRatio, g.adaptive.callGoodputRatio, 'R'),
      });
    }
    const o = r.goodputOverload?.byMode;
    if (o?.deadline && o.standard) {
      goals.push({
        id: 'goodput.noLossWhereStandardGivesUp',
        goal: `Nothing dead-lettered where StandardRetryStrategy gives up (overload: R = ${r.goodputOverload?.rateLimit.requestsPerSecond ?? '?'})`,
        measured: `ours ${o.deadline.deadLettered}, standard ${o.standard.deadLettered}, adaptive ${o.adaptive?.deadLettered ?? '–'} dead-lettered of ${o.deadline.events}; goodput ours ${o.deadline.callGoodputRatio} R, standard ${o.standard.callGoodputRatio} R, adaptive ${o.adaptive?.callGoodputRatio ?? '–'} R`,
        met: o.deadline.deadLettered === 0 && o.deadline.usersApplied === o.deadline.events,
      });
    }
  }
  const c = r.callsPerEvent;
  if (c) {
    const changes = (['membershipChange', 'profileChange', 'deactivation', 'firstSight'] as const).map((k) => c.byKind[k].wickrWrites);
    goals.push({
      id: 'calls.oneWritePerChange',
      goal: 'One Wickr write per real change',
      measured: `membership ${changes[0]}, profile ${changes[1]}, deactivation ${changes[2]}, first sight ${changes[3]} writes/event`,
      met: changes.every((w) => w === 1),
    });
    goals.push({
      id: 'calls.noWriteWhenNothingChanged',
      goal: 'Zero writes for an unchanged user or a duplicate',
      measured: `unchanged ${c.byKind.unchanged.wickrWrites}, duplicate ${c.byKind.duplicate.wickrWrites} writes/event (duplicate: ${c.byKind.duplicate.wickrReads} reads)`,
      met: c.byKind.unchanged.wickrWrites === 0 && c.byKind.duplicate.wickrWrites === 0,
    });
    goals.push({
      id: 'calls.readsBelow1.5OnMix',
      goal: 'Wickr reads < 1.5 per event on a realistic mix',
      measured: `${c.mix.wickrReads} reads/event on the mix of ${c.mix.events} events`,
      met: c.mix.wickrReads < 1.5,
    });
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
  goals.push(...leanConsumerGoals(r));
  return goals;
}

/**
 * Issue #14 ("A lean consumer"): cold start, CPU per record against the record floor, DynamoDB
 * per event on the mix, and latency. Its goodput goals are issue #7's, above. Older results
 * (without the record floor or the read units) are evaluated as far as their figures go.
 */
function leanConsumerGoals(r: Omit<BenchResults, 'goals'>): Goal[] {
  const goals: Goal[] = [];
  const c = r.coldStart;
  if (c) {
    const ratio = c.requireRatio ?? c.handler.requireMs / c.emptyHandler.requireMs;
    goals.push({
      id: 'coldStart.loadWithin150msOfEmpty',
      goal: `Handler module load ≤ empty handler's + ${MAX_ADDED_REQUIRE_MS} ms (as deployed, source maps on)`,
      measured: `${c.handler.requireMs} ms vs empty ${c.emptyHandler.requireMs} ms: +${c.addedRequireMs} ms (×${fixed(ratio, 0)}); without source maps +${c.addedRequireMsWithoutSourceMaps ?? fixed(c.handlerWithoutSourceMaps.requireMs - c.emptyHandler.requireMs, 1)} ms`,
      met: c.addedRequireMs <= MAX_ADDED_REQUIRE_MS,
      gap: gapAbove(c.addedRequireMs, MAX_ADDED_REQUIRE_MS, 'ms', 1),
    });
    const top = c.bundleComposition
      .slice(0, 3)
      .map((p) => `${p.name} ${(p.bytes / 1024).toFixed(0)} KiB`)
      .join(', ');
    goals.push({
      id: 'coldStart.bundleAtMost1MiB',
      goal: 'Handler bundle ≤ 1 MiB minified, source map excluded',
      measured: `${mib(c.handlerJsBytes)}${c.handlerJsGzipBytes ? `, ${mib(c.handlerJsGzipBytes)} gzipped` : ''}; zip ${mib(c.zipBytes)}; largest: ${top}`,
      met: c.handlerJsBytes <= MAX_HANDLER_JS_BYTES,
      gap: gapAbove(c.handlerJsBytes / 1024, MAX_HANDLER_JS_BYTES / 1024, 'KiB', 0),
    });
  }
  const o = r.overhead;
  if (o) {
    const wickrOnly = `Wickr-only floor ${o.floorCpuMsPerRecord} ms (×${o.ratio})`;
    const calls = o.callsPerRecord;
    goals.push({
      id: 'overhead.cpuAtMost4xRecordFloor',
      goal: `Consumer CPU per record ≤ ${MAX_RECORD_FLOOR_RATIO}× a floor making the record's Wickr, Okta and DynamoDB calls bare`,
      measured:
        o.recordFloorCpuMsPerRecord === undefined || o.recordFloorRatio === undefined
          ? `${o.handlerCpuMsPerRecord} ms/record; ${wickrOnly}; the record floor was not measured`
          : `${o.handlerCpuMsPerRecord} ms/record vs record floor ${o.recordFloorCpuMsPerRecord} ms (×${o.recordFloorRatio}${calls ? `; ${calls.wickr} Wickr, ${calls.okta} Okta, ${calls.dynamodb} DynamoDB calls/record` : ''}); ${wickrOnly}`,
      met: o.recordFloorRatio === undefined ? null : o.recordFloorRatio <= MAX_RECORD_FLOOR_RATIO,
      gap:
        o.recordFloorCpuMsPerRecord === undefined || o.recordFloorRatio === undefined
          ? undefined
          : `${gapAbove(o.recordFloorRatio, MAX_RECORD_FLOOR_RATIO, '×')} (${gapAbove(o.handlerCpuMsPerRecord, MAX_RECORD_FLOOR_RATIO * o.recordFloorCpuMsPerRecord, 'ms/record')})`,
    });
  }
  const mix = r.callsPerEvent?.mix;
  if (mix) {
    const writes = mix.dynamodbWriteUnits ?? mix.dynamodbWrites;
    goals.push({
      id: 'dynamodb.atMost2WritesPerEventOnMix',
      goal: `DynamoDB ≤ ${MAX_DYNAMODB_WRITES_PER_EVENT} writes per event on the realistic mix`,
      measured: `${mix.dynamodbWrites} write requests/event${mix.dynamodbWriteUnits === undefined ? '' : `, ${mix.dynamodbWriteUnits} WRU/event`} (${mix.events} events)`,
      met: writes <= MAX_DYNAMODB_WRITES_PER_EVENT,
      gap: gapAbove(writes, MAX_DYNAMODB_WRITES_PER_EVENT, 'writes/event', 3),
    });
    // Before the units were counted, every read was a GetItem with ConsistentRead (DynamoStateStore).
    const consistent = mix.dynamodbConsistentReads ?? mix.dynamodbReads;
    goals.push({
      id: 'dynamodb.atMost1ConsistentReadPerEventOnMix',
      goal: `DynamoDB ≤ ${MAX_DYNAMODB_CONSISTENT_READS_PER_EVENT} strongly consistent read per event on the realistic mix`,
      measured:
        mix.dynamodbConsistentReads === undefined
          ? `${mix.dynamodbReads} reads/event (all consistent GetItems)`
          : `${mix.dynamodbConsistentReads} strongly consistent, ${mix.dynamodbEventualReads ?? 0} eventually consistent reads/event (${mix.dynamodbReads} read requests)`,
      met: consistent <= MAX_DYNAMODB_CONSISTENT_READS_PER_EVENT,
      gap: gapAbove(consistent, MAX_DYNAMODB_CONSISTENT_READS_PER_EVENT, 'reads/event', 3),
    });
  }
  const l = r.latency;
  if (l) {
    goals.push({
      id: 'latency.p99Within2sAt5PerSecond',
      goal: `p99 publish → Wickr write ≤ ${MAX_P99_LATENCY_MS / 1000} s at 5 events/s, default settings`,
      measured: `p99 ${l.p99Ms} ms (p50 ${l.p50Ms} ms) at ${l.eventsPerSecond} events/s, batching window ${l.batchingWindowSeconds} s; queue and window p99 ${l.breakdown.queueAndBatching.p99Ms} ms${l.invocationsPerEvent === undefined ? '' : `; ${l.invocationsPerEvent} invocations/event (${l.recordsPerInvocation} records each)`}`,
      met: l.eventsPerSecond === 5 ? l.p99Ms <= MAX_P99_LATENCY_MS : null,
      gap: gapAbove(l.p99Ms, MAX_P99_LATENCY_MS, 'ms', 0),
    });
  }
  return goals;
}
