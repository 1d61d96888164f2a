/**
 * `npm run bench [-- --quick | --full] [--only goodput,calls,overhead,coldstart,scale,latency,reconcile,scim] [--out dir]`:
 * runs the benchmarks of issue #7 on this machine and writes bench/results/latest.json,
 * latest.md and goodput.svg (or into `--out`, leaving the committed results alone). Benchmarks
 * are not tests: `npm test` does not run them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { onTerminationSignals } from '../local/stack/shutdown';
import { BENCH_STACK_PARAMS } from './e2e/benchStack';
import { BENCH_ROOT } from './lib/bundle';
import { describeMachine } from './lib/machine';
import { startBenchMoto, type BenchMoto } from './lib/moto';
import { median, round } from './lib/stats';
import { BenchMode, planFor } from './plan';
import { goodputChartSvg } from './report/goodputChart';
import { evaluateGoals } from './report/goals';
import { renderMarkdown } from './report/markdown';
import type { BeforeResults, BenchResults } from './report/results';
import { runCallsPerEvent } from './scenarios/callsPerEvent';
import { runColdStart } from './scenarios/coldStart';
import { estimateCost } from './scenarios/cost';
import { ABLATION_VARIANTS, PRIMARY_VARIANTS, runGoodput } from './scenarios/goodput';
import { runLatency, type LatencyResult } from './scenarios/latency';
import { runOverhead } from './scenarios/overhead';
import { runReconcileBench } from './scenarios/reconcile';
import { reconcileGoals, reconcileMarkdown } from './report/reconcile';
import { runScalePoint, type ScalePoint } from './scenarios/scale';
import { runScimBench } from './scenarios/scim';
import { scimGoals, scimMarkdown } from './report/scim';

const SCENARIOS = ['coldstart', 'calls', 'overhead', 'goodput', 'latency', 'scale', 'reconcile', 'scim'] as const;
type Scenario = (typeof SCENARIOS)[number];

const say = (line: string): void => void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const USAGE = `usage: npm run bench [-- [--quick | --full] [--only <scenario,...>] [--out <dir>]]
  --quick           a short run of every scenario (under two minutes)
  --full            add 100,000 events and 100,000 reconcile users (about two hours more)
  --only <s,...>    only these scenarios: ${SCENARIOS.join(', ')}
  --out <dir>       where to write the results (default bench/results)
  --help            print this help and exit 0`;

function parse(): { mode: BenchMode; only: Set<Scenario>; command: string; out: string } {
  let values: { quick?: boolean; full?: boolean; only?: string; out?: string; help?: boolean };
  try {
    values = parseArgs({
      options: { quick: { type: 'boolean', default: false }, full: { type: 'boolean', default: false }, only: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', default: false } },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`Runs the benchmarks and writes bench/results (docs/performance.md).\n${USAGE}\n`);
    process.exit(0);
  }
  if (values.quick && values.full) throw new Error('--quick and --full exclude each other');
  const mode = values.quick ? BenchMode.Quick : values.full ? BenchMode.Full : BenchMode.Default;
  const only = new Set<Scenario>((values.only?.split(',') ?? SCENARIOS) as Scenario[]);
  for (const s of only) if (!SCENARIOS.includes(s)) throw new Error(`--only: unknown scenario ${s} (known: ${SCENARIOS.join(', ')})`);
  const args = [values.quick && '--quick', values.full && '--full', values.only && `--only ${values.only}`].filter(Boolean);
  return { mode, only, command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`, out: resolve(values.out ?? join(BENCH_ROOT, 'results')) };
}

async function main(): Promise<void> {
  const { mode, only, command, out } = parse();
  const plan = planFor(mode);
  // Read before anything is written: the committed results are this run's "before".
  const baseline = readPrevious();
  const started = performance.now();
  const failures: { scenario: string; error: string }[] = [];
  const attempt = async <T>(scenario: Scenario, work: () => Promise<T>): Promise<T | undefined> => {
    if (!only.has(scenario)) return undefined;
    const t = performance.now();
    say(`${scenario}…`);
    try {
      const value = await work();
      say(`${scenario} done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
      return value;
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      say(`${scenario} FAILED: ${message}`);
      failures.push({ scenario, error: message });
      return undefined;
    }
  };

  let moto: BenchMoto | undefined;
  const removeSignalHandlers = onTerminationSignals(async () => moto?.stop(), say);
  try {
    moto = await startBenchMoto();
    const m = moto;
    const machine = describeMachine(null);
    // Cold start first: it times fresh processes, which the other scenarios' load would disturb.
    const coldStart = await attempt('coldstart', () => runColdStart(plan.coldStart));
    const callsPerEvent = await attempt('calls', () => runCallsPerEvent(m.endpoint, plan.callsPerEvent));
    const overhead = await attempt('overhead', () => runOverhead(m.endpoint, plan.overhead));
    const variants = plan.goodput.ablations ? [...PRIMARY_VARIANTS, ...ABLATION_VARIANTS] : PRIMARY_VARIANTS;
    const goodput = await attempt('goodput', () => runGoodput(m, { ...plan.goodput, variants, log: say }));
    const overload = plan.goodputOverload;
    const goodputOverload = overload ? await attempt('goodput', () => runGoodput(m, { ...overload, variants: PRIMARY_VARIANTS, log: say })) : undefined;
    const latency = await attempt('latency', async () => {
      const runs: LatencyResult[] = [];
      for (let i = 0; i < plan.latency.runs; i++) runs.push(await runLatency(m, { ...plan.latency, log: say }));
      const pick = (f: (l: LatencyResult) => number): number => round(median(runs.map(f)), 0);
      // Each percentile is the median over the runs; the breakdown is the median run's (by p50).
      const middle = [...runs].sort((a, b) => a.p50Ms - b.p50Ms)[Math.floor((runs.length - 1) / 2)];
      return { ...middle, p50Ms: pick((l) => l.p50Ms), p90Ms: pick((l) => l.p90Ms), p99Ms: pick((l) => l.p99Ms), maxMs: pick((l) => l.maxMs), runs };
    });
    const scalePoints: ScalePoint[] = [];
    await attempt('scale', async () => {
      for (const size of plan.scale) {
        const point = await runScalePoint(m, size, say);
        say(`scale ${size.events}: ${point.eventsPerSecond} events/s, ${point.handlerCpuMsPerEvent} ms CPU/event, peak RSS ${point.peakRssMb} MB`);
        scalePoints.push(point);
      }
    });
    let scale: BenchResults['scale'] = scalePoints.length ? { points: scalePoints, skipped: plan.scaleSkipped } : undefined;
    const reconcile = await attempt('reconcile', () => runReconcileBench(m, plan.reconcile, say));
    // The SCIM endpoint (issue 20): 25 requests/s, Entra's per-tenant expectation, for 60 s (10 s with --quick).
    const scimPlan = { perSecond: 25, seconds: mode === BenchMode.Quick ? 10 : 60, users: mode === BenchMode.Quick ? 20 : 50, latencyRequests: mode === BenchMode.Quick ? 60 : 300, log: say };
    const scim = await attempt('scim', () => runScimBench(m, scimPlan));

    // `--only` re-runs some scenarios: keep the others' figures from the last full report.
    const previous = only.size < SCENARIOS.length ? baseline : undefined;
    const merged = {
      coldStart: coldStart ?? previous?.coldStart,
      callsPerEvent: callsPerEvent ?? previous?.callsPerEvent,
      overhead: overhead ?? previous?.overhead,
      goodput: goodput ?? previous?.goodput,
      goodputOverload: goodputOverload ?? (only.has('goodput') ? undefined : previous?.goodputOverload),
      latency: latency ?? previous?.latency,
      reconcile: reconcile ?? previous?.reconcile,
      scim: scim ?? previous?.scim,
    };
    scale ??= previous?.scale;
    const reran = previous ? [...only].join(', ') : undefined;
    const largest = scale?.points.at(-1);
    let cost: BenchResults['cost'];
    if (largest && merged.callsPerEvent) {
      const steadyInputs = {
        memoryMb: largest.memoryMb,
        recordsPerInvocation: largest.recordsPerInvocation,
        billedMsPerEvent: largest.billedMsPerEvent,
        esmSqsRequestsPerEvent: largest.esmSqsRequestsPerEvent,
        consumerSqsRequestsPerEvent: merged.callsPerEvent.mix.sqsRequests,
        // Request units where counted (an eventually consistent read is half a unit, a transaction's item two).
        dynamodbReadsPerEvent: readUnits(merged.callsPerEvent.mix),
        dynamodbWritesPerEvent: merged.callsPerEvent.mix.dynamodbWriteUnits ?? merged.callsPerEvent.mix.dynamodbWrites,
        logBytesPerEvent: largest.logBytesPerEvent,
      };
      const ours = merged.goodput?.byMode.deadline;
      cost = {
        steady: estimateCost(steadyInputs),
        throttledBacklog: ours
          ? estimateCost({
              ...steadyInputs,
              recordsPerInvocation: ours.recordsPerInvocation,
              billedMsPerEvent: (ours.meanDurationMs * ours.invocations) / ours.events,
              // A returned record costs one more (shared) receive and one (batched) visibility change.
              esmSqsRequestsPerEvent: steadyInputs.esmSqsRequestsPerEvent * (1 + ours.returnedToQueue / ours.events) + (0.1 * ours.returnedToQueue) / ours.events,
            })
          : undefined,
      };
    }

    const partial: Omit<BenchResults, 'goals'> = {
      schemaVersion: 1,
      mode,
      command: reran ? `${previous?.command} (then ${command}: ${reran} re-run)` : command,
      machine: { ...machine, motoVersion: m.version },
      durationSeconds: round((performance.now() - started) / 1000, 0),
      plan,
      stackSettings: BENCH_STACK_PARAMS,
      ...merged,
      scale,
      cost,
      // An `--only` run completes the previous report, so it keeps that report's "before": otherwise
      // re-running one scenario would make the cost table compare the new figures with themselves.
      before: previous?.before ?? (baseline && summariseBefore(baseline)),
      failures,
    };
    const results: BenchResults = { ...partial, goals: [...evaluateGoals(partial), ...reconcileGoals(partial.reconcile), ...scimGoals(partial.scim)] };
    const dir = out;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(join(dir, 'latest.md'), renderMarkdown(results) + reconcileMarkdown(results.reconcile) + scimMarkdown(results.scim));
    if (goodput) {
      const R = goodput.rateLimit.requestsPerSecond;
      const style = {
        deadline: { label: 'ours (deadline)', color: '#0969da' },
        standard: { label: 'SDK StandardRetryStrategy(3)', color: '#bc4c00', dash: '5 3' },
        adaptive: { label: 'SDK AdaptiveRetryStrategy(3)', color: '#8250df', dash: '1 3' },
      };
      const svg = goodputChartSvg({
        title: `Applied Wickr writes per second, ${goodput.events}-event backlog, R = ${R} req/s`,
        subtitle: `${machine.date.slice(0, 10)} · ${command} · median run of ${goodput.runsPerMode} per retry mode · 1 s windows`,
        rateLimit: R,
        // The issue's comparison: ours against the SDK's strategies (the ablations are in the table).
        series: Object.entries(style).flatMap(([mode, look]) => (goodput.chart[mode] ? [{ ...look, points: goodput.chart[mode] }] : [])),
      });
      writeFileSync(join(dir, 'goodput.svg'), svg);
    }
    say(`wrote ${dir}/latest.json and latest.md${goodput ? ' and goodput.svg' : ''} in ${results.durationSeconds} s`);
    for (const g of results.goals) say(`${g.met === null ? '  ?' : g.met ? ' ok' : 'MISS'} ${g.goal}: ${g.measured}${g.gap ? ` (${g.gap})` : ''}`);
    if (failures.length) process.exitCode = 1;
  } finally {
    removeSignalHandlers();
    await moto?.stop();
  }
}

/** Read request units per event: consistent reads plus half the eventual ones, or every read request in older results. */
function readUnits(mix: NonNullable<BenchResults['callsPerEvent']>['mix']): number {
  return mix.dynamodbConsistentReads === undefined ? mix.dynamodbReads : mix.dynamodbConsistentReads + 0.5 * (mix.dynamodbEventualReads ?? 0);
}

/** What the report shows of the committed results: their goals under today's rules, and the cost. */
function summariseBefore(b: BenchResults): BeforeResults {
  return {
    command: b.command,
    date: b.machine.date,
    gitCommit: b.machine.gitCommit,
    goals: evaluateGoals(b),
    cost: b.cost && {
      steadyUsd: b.cost.steady.totalUsd,
      throttledBacklogUsd: b.cost.throttledBacklog?.totalUsd,
      steadyLines: b.cost.steady.lines.map((l) => ({ item: l.item, usd: l.usd })),
    },
  };
}

/** The last written report, for `--only` runs and as the "before" of this one. */
function readPrevious(): BenchResults | undefined {
  const file = join(BENCH_ROOT, 'results', 'latest.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BenchResults) : undefined;
}

main().catch((error: unknown) => {
  say(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
