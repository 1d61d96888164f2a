/** The shape of bench/results/latest.json: every figure under a stable key. */
import type { BENCH_STACK_PARAMS } from '../e2e/benchStack';
import type { MachineInfo } from '../lib/machine';
import type { BenchMode, BenchPlan } from '../plan';
import type { CallsPerEventResult } from '../scenarios/callsPerEvent';
import type { ColdStartResult } from '../scenarios/coldStart';
import type { CostEstimate } from '../scenarios/cost';
import type { GoodputResult } from '../scenarios/goodput';
import type { LatencyResult } from '../scenarios/latency';
import type { OverheadResult } from '../scenarios/overhead';
import type { ReconcileBenchResult } from '../scenarios/reconcile';
import type { ScimBenchResult } from '../scenarios/scim';
import type { ScalePoint } from '../scenarios/scale';

/**
 * A goal of issue #7 or #14 and whether this run met it (null: not measured in this run), with
 * the distance to it (`over by …`, `… to spare`).
 */
export type Goal = { readonly id: string; readonly goal: string; readonly measured: string; readonly met: boolean | null; readonly gap?: string };

/** The committed results this run is compared with ("before"), as far as the report shows them. */
export type BeforeResults = {
  readonly command: string;
  readonly date: string;
  readonly gitCommit: string | null;
  /** The goals evaluated on the before figures, with this run's rules. */
  readonly goals: readonly Goal[];
  readonly cost?: { readonly steadyUsd: number; readonly throttledBacklogUsd?: number; readonly steadyLines: readonly { readonly item: string; readonly usd: number }[] };
};

export type BenchResults = {
  readonly schemaVersion: 1;
  readonly mode: BenchMode;
  readonly command: string;
  readonly machine: MachineInfo;
  readonly durationSeconds: number;
  readonly plan: BenchPlan;
  readonly stackSettings: typeof BENCH_STACK_PARAMS;
  readonly goals: readonly Goal[];
  readonly goodput?: GoodputResult;
  /** The same drain at a quarter of the limit, where the SDK's standard strategy gives up. */
  readonly goodputOverload?: GoodputResult;
  readonly callsPerEvent?: CallsPerEventResult;
  readonly overhead?: OverheadResult;
  readonly coldStart?: ColdStartResult;
  readonly scale?: { readonly points: readonly ScalePoint[]; readonly skipped: BenchPlan['scaleSkipped'] };
  readonly latency?: LatencyResult & { readonly runs: readonly LatencyResult[] };
  readonly cost?: { readonly steady: CostEstimate; readonly throttledBacklog?: CostEstimate };
  /** bench/results/latest.json as it was when this run started (issue #14: before → after); an `--only` run keeps the previous report's. */
  readonly before?: BeforeResults;
  /** The reconcile's benchmark (issue 11). */
  readonly reconcile?: ReconcileBenchResult;
  /** The SCIM endpoint's benchmark (issue 20). */
  readonly scim?: ScimBenchResult;
  /** Scenarios that failed, with the error: the others still report. */
  readonly failures: readonly { readonly scenario: string; readonly error: string }[];
};
