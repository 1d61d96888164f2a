/**
 * Measurement 1 (the headline): goodput under the Wickr rate limit. A backlog of N membership
 * changes (each user's first event: one ListUsers, one UpdateUser) goes through the local stack
 * while the Wickr emulator admits R requests per second; the same workload runs with the
 * client's retry strategy replaced by smithy's StandardRetryStrategy(3) and
 * AdaptiveRetryStrategy(3) — what a plain SDK client does — interleaved run by run.
 */
import { startBenchStack, type Ablation, type InvocationFigures, type RetryMode } from '../e2e/benchStack';
import type { BenchMoto } from '../lib/moto';
import { membershipAdd, population, SecurityGroup, type RateLimit } from '../lib/population';
import { median, round } from '../lib/stats';
import type { ScenarioEvent, ScenarioSeed } from '../../local/stack/scenario';

/** A way to run the consumer: a retry mode, or ours with a throttling behaviour switched off (diagnosis). */
export type GoodputVariant = { readonly id: string; readonly retryMode: RetryMode; readonly ablation?: Ablation };

/** The three strategies the issue compares. */
export const PRIMARY_VARIANTS: readonly GoodputVariant[] = [
  { id: 'deadline', retryMode: 'deadline' },
  { id: 'standard', retryMode: 'standard' },
  { id: 'adaptive', retryMode: 'adaptive' },
];

/** Ours with the breaker opening at once (its earlier design), and ours without the rate limiter: what each part is worth. */
export const ABLATION_VARIANTS: readonly GoodputVariant[] = [
  { id: 'deadlineEagerBreaker', retryMode: 'deadline', ablation: 'eagerBreaker' },
  { id: 'deadlineNoLimiter', retryMode: 'deadline', ablation: 'noLimiter' },
];

/** One drain of the backlog with one variant. */
export type GoodputRun = {
  readonly mode: string;
  readonly events: number;
  readonly drainSeconds: number;
  /** Users whose Wickr security group is the mapped one at the end (the work actually done). */
  readonly usersApplied: number;
  readonly writes: number;
  /** Wickr calls answered 2xx (reads and writes). */
  readonly acceptedCalls: number;
  readonly throttled: number;
  readonly writesPerSecond: number;
  readonly acceptedCallsPerSecond: number;
  /** writesPerSecond ÷ R. */
  readonly writeGoodputRatio: number;
  /** acceptedCallsPerSecond ÷ R: how much of the limit did useful work. */
  readonly callGoodputRatio: number;
  /** Accepted calls per second ÷ R between 10 % and 90 % of the writes: the steady state, without start-up and tail. */
  readonly steadyCallGoodputRatio: number;
  readonly deadLettered: number;
  readonly invocations: InvocationFigures;
  /** Applied writes per second in 1 s windows from the drain's start (the chart). */
  readonly series: readonly { atSeconds: number; writesPerSecond: number }[];
};

/** Medians per mode over the runs, each mode's median-goodput run for the chart, and every run. */
export type GoodputResult = {
  readonly rateLimit: RateLimit;
  readonly events: number;
  readonly runsPerMode: number;
  readonly byMode: Record<
    string,
    Omit<GoodputRun, 'mode' | 'series' | 'invocations'> & {
      readonly returnedToQueue: number;
      readonly returnedBy: Record<string, number>;
      readonly redeliveries: number;
      readonly invocations: number;
      readonly recordsPerInvocation: number;
      readonly medianDurationMs: number;
      readonly meanDurationMs: number;
    }
  >;
  readonly chart: Record<string, GoodputRun['series']>;
  readonly runs: readonly Omit<GoodputRun, 'series'>[];
};

async function drainOnce(moto: BenchMoto, variant: GoodputVariant, events: number, rateLimit: RateLimit, log: (line: string) => void): Promise<GoodputRun> {
  const { users, seed } = population(events, rateLimit);
  const bench = await startBenchStack(moto, seed as unknown as ScenarioSeed, { retryMode: variant.retryMode, ablation: variant.ablation, label: `g${variant.id.slice(0, 3)}`, log });
  try {
    await bench.feed(users.map((u) => membershipAdd(u)) as unknown as ScenarioEvent[], 100);
    await bench.settle(900_000);
    const deadLettered = await bench.deadLetters();
    const state = bench.stack.wickr.state();
    await bench.stop();
    const window = bench.timeline.drainWindow();
    const last = bench.timeline.points.at(-1);
    const drainSeconds = window ? (window.endMs - window.startMs) / 1000 : Number.NaN;
    const writes = last?.writes ?? 0;
    const accepted = last?.accepted ?? 0;
    return {
      mode: variant.id,
      events,
      drainSeconds: round(drainSeconds, 2),
      usersApplied: state.users.filter((u) => u.securityGroupIds[0] === SecurityGroup.Engineering).length,
      writes,
      acceptedCalls: accepted,
      throttled: last?.throttled ?? 0,
      writesPerSecond: round(writes / drainSeconds, 2),
      acceptedCallsPerSecond: round(accepted / drainSeconds, 2),
      writeGoodputRatio: round(writes / drainSeconds / rateLimit.requestsPerSecond),
      callGoodputRatio: round(accepted / drainSeconds / rateLimit.requestsPerSecond),
      steadyCallGoodputRatio: round((bench.timeline.steadyRates()?.acceptedPerSecond ?? Number.NaN) / rateLimit.requestsPerSecond),
      deadLettered,
      invocations: bench.invocations(),
      series: bench.timeline.writeRates(1000).map((p) => ({ atSeconds: round(p.atSeconds, 2), writesPerSecond: round(p.writesPerSecond, 1) })),
    };
  } catch (error) {
    await bench.stop().catch(() => undefined);
    throw error;
  }
}

/** Runs every mode `runs` times (interleaved, so slow drift on the machine hits each alike). */
export async function runGoodput(
  moto: BenchMoto,
  options: { events: number; rateLimit: RateLimit; runs: number; variants?: readonly GoodputVariant[]; log?: (line: string) => void },
): Promise<GoodputResult> {
  const variants = options.variants ?? PRIMARY_VARIANTS;
  const modes = variants.map((v) => v.id);
  const log = options.log ?? (() => {});
  const runs: GoodputRun[] = [];
  for (let i = 0; i < options.runs; i++) {
    for (const variant of variants) {
      const run = await drainOnce(moto, variant, options.events, options.rateLimit, log);
      log(
        `goodput ${variant.id} run ${i + 1}: ${run.writesPerSecond} writes/s, ${run.acceptedCallsPerSecond} calls/s (${run.callGoodputRatio} R), ${run.throttled} 429s, ${run.invocations.returnedToQueue} returned, ${run.deadLettered} dead-lettered, ${run.usersApplied}/${run.events} applied in ${run.drainSeconds} s`,
      );
      runs.push(run);
    }
  }
  const byMode: GoodputResult['byMode'] = {};
  const chart: GoodputResult['chart'] = {};
  for (const mode of modes) {
    const mine = runs.filter((r) => r.mode === mode);
    const m = (pick: (r: GoodputRun) => number): number => median(mine.map(pick));
    byMode[mode] = {
      events: options.events,
      drainSeconds: m((r) => r.drainSeconds),
      usersApplied: m((r) => r.usersApplied),
      writes: m((r) => r.writes),
      acceptedCalls: m((r) => r.acceptedCalls),
      throttled: m((r) => r.throttled),
      writesPerSecond: m((r) => r.writesPerSecond),
      acceptedCallsPerSecond: m((r) => r.acceptedCallsPerSecond),
      writeGoodputRatio: m((r) => r.writeGoodputRatio),
      callGoodputRatio: m((r) => r.callGoodputRatio),
      steadyCallGoodputRatio: m((r) => r.steadyCallGoodputRatio),
      deadLettered: m((r) => r.deadLettered),
      returnedToQueue: m((r) => r.invocations.returnedToQueue),
      // The reasons of the median run's returns (they are counts of one run, not medians).
      returnedBy: [...mine].sort((a, b) => a.invocations.returnedToQueue - b.invocations.returnedToQueue)[Math.floor((mine.length - 1) / 2)].invocations.returnedBy,
      redeliveries: m((r) => r.invocations.redeliveries),
      invocations: m((r) => r.invocations.invocations),
      recordsPerInvocation: round(
        m((r) => r.invocations.recordsPerInvocation),
        2,
      ),
      medianDurationMs: round(
        m((r) => r.invocations.medianDurationMs),
        0,
      ),
      meanDurationMs: round(
        m((r) => r.invocations.meanDurationMs),
        0,
      ),
    };
    // The run whose goodput is the median one (the lower middle for an even count) is drawn.
    const ordered = [...mine].sort((a, b) => a.writesPerSecond - b.writesPerSecond);
    chart[mode] = ordered[Math.floor((ordered.length - 1) / 2)].series;
  }
  return { rateLimit: options.rateLimit, events: options.events, runsPerMode: options.runs, byMode, chart, runs: runs.map(({ series: _series, ...rest }) => rest) };
}
