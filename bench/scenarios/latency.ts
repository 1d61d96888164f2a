/**
 * Measurement 6: latency from an event's publication (just before its PutEvents) to its write
 * being applied in Wickr (the emulator's user changed, polled every 20 ms), at a steady rate
 * well below every limit. Each event is about a different user and needs one UpdateUser.
 */
import { startBenchStack } from '../e2e/benchStack';
import type { BenchMoto } from '../lib/moto';
import { membershipAdd, population, SecurityGroup } from '../lib/population';
import { quantile, round } from '../lib/stats';
import type { ScenarioEvent, ScenarioSeed } from '../../local/stack/scenario';

export type LatencyResult = {
  readonly eventsPerSecond: number;
  /** Events measured (after the warm-up). */
  readonly events: number;
  /** Events published first and left out: they met cold execution environments. */
  readonly warmupEvents: number;
  readonly applied: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /**
   * Where the time goes (medians and p99s, ms): EventBridge to SQS (SentTimestamp − published),
   * waiting in the queue and for the batch to fill (invocation start − SentTimestamp), and the
   * invocation until the write is seen (applied − invocation start).
   */
  readonly breakdown: Record<'eventBridgeToQueue' | 'queueAndBatching' | 'invocationToApplied', { readonly p50Ms: number; readonly p99Ms: number }>;
  /** The event source mapping's MaximumBatchingWindowInSeconds in force (it bounds how long a partial batch waits). */
  readonly batchingWindowSeconds: number;
  /** Invocations of the consumer over the whole run (warm-up included), and per event published: what the window costs. */
  readonly invocations?: number;
  readonly invocationsPerEvent?: number;
  /** Records per invocation, on average. */
  readonly recordsPerInvocation?: number;
};

function segment(samples: readonly number[]): { p50Ms: number; p99Ms: number } {
  const known = samples.filter((s) => Number.isFinite(s));
  return { p50Ms: round(quantile(known, 0.5), 0), p99Ms: round(quantile(known, 0.99), 0) };
}

/** Publishes `eventsPerSecond` events a second for `seconds` seconds and measures each one's latency. */
export async function runLatency(moto: BenchMoto, options: { eventsPerSecond: number; seconds: number; warmupSeconds: number; log?: (line: string) => void }): Promise<LatencyResult> {
  const warmup = Math.round(options.eventsPerSecond * options.warmupSeconds);
  const count = warmup + Math.round(options.eventsPerSecond * options.seconds);
  const { users, seed } = population(count);
  // Epoch milliseconds throughout: SQS's SentTimestamp is one.
  const sentAt = new Map<string, number>();
  const invokedAt = new Map<string, number>();
  const byLogin = new Map(users.map((u) => [u.oktaId, u.wickrUserId]));
  let invocations = 0;
  let recordsInvoked = 0;
  const bench = await startBenchStack(moto, seed as unknown as ScenarioSeed, {
    label: 'lat',
    log: options.log,
    onInvocation: (report, endedAt) => {
      invocations += 1;
      recordsInvoked += report.records.length;
      for (const record of report.records) {
        const oktaId = /"id":\s*"(00ubench\d+)"/.exec(record.body)?.[1];
        const userId = oktaId === undefined ? undefined : byLogin.get(oktaId);
        if (userId === undefined || invokedAt.has(userId)) continue;
        sentAt.set(userId, Number(record.attributes.SentTimestamp));
        invokedAt.set(userId, endedAt - report.invocation.durationMs);
      }
    },
  });
  const publishedAt = new Map<string, number>();
  const appliedAt = new Map<string, number>();
  const watch = setInterval(() => {
    const now = Date.now();
    for (const user of bench.stack.wickr.state().users) {
      if (!appliedAt.has(user.userId) && publishedAt.has(user.userId) && user.securityGroupIds[0] === SecurityGroup.Engineering) appliedAt.set(user.userId, now);
    }
  }, 20);
  try {
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const due = start + (i * 1000) / options.eventsPerSecond;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      const user = users[i];
      publishedAt.set(user.wickrUserId, Date.now());
      await bench.stack.publish([membershipAdd(user) as unknown as ScenarioEvent]);
    }
    await bench.settle(600_000);
    // The last writes may land between two polls.
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    clearInterval(watch);
    await bench.stop();
  }
  // Events of the warm-up met cold execution environments; cold starts are measurement 4.
  const measured = new Set(users.slice(warmup, count).map((u) => u.wickrUserId));
  const latencies = [...appliedAt.entries()].filter(([id]) => measured.has(id)).map(([id, at]) => at - (publishedAt.get(id) as number));
  return {
    eventsPerSecond: options.eventsPerSecond,
    events: measured.size,
    warmupEvents: warmup,
    applied: latencies.length,
    p50Ms: round(quantile(latencies, 0.5), 0),
    p90Ms: round(quantile(latencies, 0.9), 0),
    p99Ms: round(quantile(latencies, 0.99), 0),
    maxMs: round(Math.max(...latencies), 0),
    breakdown: {
      eventBridgeToQueue: segment([...measured].map((id) => (sentAt.get(id) ?? Number.NaN) - (publishedAt.get(id) ?? Number.NaN))),
      queueAndBatching: segment([...measured].map((id) => (invokedAt.get(id) ?? Number.NaN) - (sentAt.get(id) ?? Number.NaN))),
      invocationToApplied: segment([...measured].map((id) => (appliedAt.get(id) ?? Number.NaN) - (invokedAt.get(id) ?? Number.NaN))),
    },
    batchingWindowSeconds: bench.stack.source.maximumBatchingWindowSeconds,
    invocations,
    invocationsPerEvent: round(invocations / count, 3),
    recordsPerInvocation: round(recordsInvoked / Math.max(1, invocations), 2),
  };
}
