/** What each mode of `npm run bench` runs: sizes, repetitions and the rate limit. */
import type { RateLimit } from './lib/population';

/** `--quick` (under two minutes), the default, or `--full` (adds the 100,000-event scale point). */
export const BenchMode = { Quick: 'quick', Default: 'default', Full: 'full' } as const;
export type BenchMode = (typeof BenchMode)[keyof typeof BenchMode];

/** The Wickr emulator's limit in every goodput run (see docs/performance.md for why 20 and not 50). */
export const GOODPUT_RATE_LIMIT: RateLimit = { requestsPerSecond: 20, burst: 5 };

/**
 * The overload case: the same 20 concurrent callers against a quarter of the limit, where
 * StandardRetryStrategy's retry quota runs dry and records exhaust maxReceiveCount.
 */
export const OVERLOAD_RATE_LIMIT: RateLimit = { requestsPerSecond: 5, burst: 5 };

/**
 * The goodput backlog. Each event costs two calls, so 1,000 events take about 100 s at R = 20:
 * long enough that the ramp at both ends (a few seconds, whatever N) does not dominate, as it
 * did at 400 events, and still short enough for 3 runs of 5 variants in the default set.
 */
export const GOODPUT_BACKLOG = 1_000;

/** The parameters of one mode. */
export type BenchPlan = {
  readonly goodput: { readonly events: number; readonly runs: number; readonly rateLimit: RateLimit; readonly ablations: boolean };
  /** Skipped when undefined (--quick). */
  readonly goodputOverload?: { readonly events: number; readonly runs: number; readonly rateLimit: RateLimit };
  readonly callsPerEvent: { readonly usersPerKind: number; readonly mixUsers: number };
  readonly overhead: { readonly rounds: number; readonly batchesPerRound: number; readonly warmupBatches: number };
  readonly coldStart: { readonly runs: number };
  readonly scale: readonly { readonly events: number; readonly users: number }[];
  /** Scale points left out of this mode, and why. */
  readonly scaleSkipped: readonly { readonly events: number; readonly users: number; readonly reason: string }[];
  readonly latency: { readonly eventsPerSecond: number; readonly seconds: number; readonly warmupSeconds: number; readonly runs: number };
  /** Reconcile (issue 11): network sizes, each at 0 % and 5 % drift, with the steady runs after the bootstrap. */
  readonly reconcile: readonly { readonly users: number; readonly steadyRuns: number }[];
};

/** The reconcile's sizes: 1,000 for --quick (seconds), 1,000 and 10,000 by default (the linearity ratio), 100,000 more with --full. */
function reconcileSizes(mode: BenchMode): BenchPlan['reconcile'] {
  if (mode === BenchMode.Quick) return [{ users: 1_000, steadyRuns: 1 }];
  const sizes = [
    { users: 1_000, steadyRuns: 3 },
    { users: 10_000, steadyRuns: 3 },
  ];
  return mode === BenchMode.Full ? [...sizes, { users: 100_000, steadyRuns: 1 }] : sizes;
}

const HUNDRED_K = { events: 100_000, users: 20_000 };

/** The plan of a mode. */
export function planFor(mode: BenchMode): BenchPlan {
  if (mode === BenchMode.Quick) {
    return {
      goodput: { events: 50, runs: 1, rateLimit: GOODPUT_RATE_LIMIT, ablations: false },
      callsPerEvent: { usersPerKind: 10, mixUsers: 50 },
      overhead: { rounds: 3, batchesPerRound: 3, warmupBatches: 2 },
      coldStart: { runs: 4 },
      scale: [{ events: 500, users: 100 }],
      scaleSkipped: [
        { events: 1_000, users: 200, reason: '--quick runs 500 events only' },
        { events: 10_000, users: 2_000, reason: '--quick runs 500 events only' },
        { ...HUNDRED_K, reason: 'runs only with --full (about an hour here: moto serves ~30 events/s)' },
      ],
      latency: { eventsPerSecond: 5, seconds: 10, warmupSeconds: 2, runs: 1 },
      reconcile: reconcileSizes(mode),
    };
  }
  return {
    goodput: { events: GOODPUT_BACKLOG, runs: 3, rateLimit: GOODPUT_RATE_LIMIT, ablations: true },
    goodputOverload: { events: 150, runs: 3, rateLimit: OVERLOAD_RATE_LIMIT },
    callsPerEvent: { usersPerKind: 20, mixUsers: 100 },
    overhead: { rounds: 7, batchesPerRound: 5, warmupBatches: 5 },
    coldStart: { runs: 10 },
    scale:
      mode === BenchMode.Full
        ? [{ events: 1_000, users: 200 }, { events: 10_000, users: 2_000 }, HUNDRED_K]
        : [
            { events: 1_000, users: 200 },
            { events: 10_000, users: 2_000 },
          ],
    scaleSkipped: mode === BenchMode.Full ? [] : [{ ...HUNDRED_K, reason: 'runs only with --full (about an hour here: moto serves ~30 events/s)' }],
    latency: { eventsPerSecond: 5, seconds: 40, warmupSeconds: 5, runs: 3 },
    reconcile: reconcileSizes(mode),
  };
}
