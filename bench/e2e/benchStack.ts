/**
 * The end-to-end benchmarks' harness on top of the local stack (local/stack: the packaged
 * template in moto, EventBridge → SQS → the local event source mapping → the bundled handler in
 * child processes → the Wickr emulator). It adds what a benchmark needs: a paced publisher, a
 * timeline of the Wickr emulator's request counts, per-invocation figures, and the execution
 * environments' CPU time and peak memory.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InvocationReport } from '../../local/stack/esm/poller';
import { LogMessage } from '../../src/core/metrics';
import { packagedTemplate } from '../../local/stack/packageTemplate';
import { readDeadLetters } from '../../local/stack/deadLetters';
import { waitUntilSettled } from '../../local/stack/run';
import type { ScenarioEvent, ScenarioSeed } from '../../local/stack/scenario';
import { startLocalStack, type LocalStack } from '../../local/stack/stack';
import { countCommands, type CommandCounts } from '../lib/aws';
import { WORK_DIR } from '../lib/bundle';
import type { BenchMoto } from '../lib/moto';
import { ProcessTracker } from './processStats';
import { Timeline } from './timeline';

/**
 * The stack's settings for every end-to-end benchmark: serverless.yml's defaults (params.default),
 * so the figures are those of a default deployment. The local stage's own defaults (a 6 s
 * timeout, a 1 s batching window) suit demos, not measurements.
 */
export const BENCH_STACK_PARAMS: Readonly<Record<string, string>> = {
  functionTimeout: '60',
  batchSize: '10',
  batchingWindow: '1',
  maximumConcurrency: '5',
  maxReceiveCount: '5',
  wickrConcurrency: '4',
};

/** The Wickr client's retry strategy (WICKR_RETRY_MODE). */
export type RetryMode = 'deadline' | 'standard' | 'adaptive';

/** Ablations of ours for the goodput diagnosis (bench/e2e/ablationHandler.ts). */
export type Ablation = 'eagerBreaker' | 'noLimiter';

/**
 * The packaged template with the function's handler replaced by the ablation handler (the local
 * stack runs whatever handler the template names), written once per run.
 */
async function ablationTemplate(log: (line: string) => void): Promise<string> {
  const template = JSON.parse(readFileSync(await packagedTemplate(BENCH_STACK_PARAMS, log), 'utf8')) as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type === 'AWS::Lambda::Function' && resource.Properties) resource.Properties.Handler = 'bench/e2e/ablationHandler.handler';
  }
  const path = join(WORK_DIR, 'templates/ablation.json');
  mkdirSync(join(WORK_DIR, 'templates'), { recursive: true });
  writeFileSync(path, JSON.stringify(template));
  return path;
}

/** Figures from the invocations the event source mapping made. */
export type InvocationFigures = {
  readonly invocations: number;
  readonly records: number;
  readonly recordsPerInvocation: number;
  readonly medianDurationMs: number;
  readonly meanDurationMs: number;
  /** Records handed back to SQS (batch item failures, failed batches). */
  readonly returnedToQueue: number;
  /** Records delivered with ApproximateReceiveCount > 1. */
  readonly redeliveries: number;
  readonly failedBatches: number;
  /** Bytes the function wrote to its log (CloudWatch Logs ingestion), per record. */
  readonly logBytesPerRecord: number;
  /** Why records were handed back, by the consumer's errorClass (Deferred: not started while Wickr throttled). */
  readonly returnedBy: Record<string, number>;
};

function parseOutcome(line: string): { outcome?: string; errorClass?: string } | undefined {
  try {
    const json = JSON.parse(line) as { message?: string; outcome?: string; errorClass?: string };
    return json.message === LogMessage.recordOutcome ? json : undefined;
  } catch {
    return undefined;
  }
}

class InvocationCollector {
  public readonly durations: number[] = [];
  public records = 0;
  public returned = 0;
  public redeliveries = 0;
  public failedBatches = 0;
  public logBytes = 0;
  public readonly returnedBy: Record<string, number> = {};

  public record = (report: InvocationReport): void => {
    this.durations.push(report.invocation.durationMs);
    this.records += report.records.length;
    this.returned += report.records.length - report.deletedMessageIds.length;
    this.redeliveries += report.records.filter((r) => Number(r.attributes.ApproximateReceiveCount) > 1).length;
    if (report.verdict.kind === 'batchFailed') this.failedBatches += 1;
    // Each line plus its newline, as CloudWatch Logs ingests them.
    for (const line of report.invocation.logLines) {
      this.logBytes += Buffer.byteLength(line) + 1;
      if (!line.includes('"retryLater"')) continue;
      const parsed = parseOutcome(line);
      if (parsed?.outcome === 'retryLater') this.returnedBy[parsed.errorClass ?? 'unknown'] = (this.returnedBy[parsed.errorClass ?? 'unknown'] ?? 0) + 1;
    }
  };

  public figures(): InvocationFigures {
    const sorted = [...this.durations].sort((a, b) => a - b);
    const n = sorted.length;
    return {
      invocations: n,
      records: this.records,
      recordsPerInvocation: n ? this.records / n : 0,
      medianDurationMs: n ? sorted[Math.floor((n - 1) / 2)] : 0,
      meanDurationMs: n ? sorted.reduce((a, b) => a + b, 0) / n : 0,
      returnedToQueue: this.returned,
      redeliveries: this.redeliveries,
      failedBatches: this.failedBatches,
      logBytesPerRecord: this.records ? this.logBytes / this.records : 0,
      returnedBy: { ...this.returnedBy },
    };
  }
}

/** A started benchmark stack. */
export type BenchStack = {
  readonly stack: LocalStack;
  readonly timeline: Timeline;
  /** SQS commands sent by the event source mapping (and this harness's depth checks, as GetQueueAttributes). */
  readonly sqsCommands: CommandCounts;
  /** Publishes the events in order through EventBridge, keeping at most `targetDepth` messages visible (moto slows down with depth). */
  feed(events: readonly ScenarioEvent[], targetDepth: number): Promise<void>;
  /** Waits until every message has an outcome (nothing visible, in flight or delayed, no batch held). */
  settle(timeoutMs: number): Promise<void>;
  /** Messages in the consumer's DLQ (its own dead letters and those SQS moved after maxReceiveCount). */
  deadLetters(): Promise<number>;
  invocations(): InvocationFigures;
  /** CPU time and peak RSS of the execution environments so far. */
  environments(): { cpuMs: number; peakRssMb: number; processes: number };
  stop(): Promise<void>;
};

let runCounter = 0;

/** Starts the local stack on `moto` with this seed and retry mode, and the harness around it. */
export async function startBenchStack(
  moto: BenchMoto,
  seed: ScenarioSeed,
  options: { retryMode?: RetryMode; ablation?: Ablation; label: string; log?: (line: string) => void; onInvocation?: (report: InvocationReport, endedAt: number) => void },
): Promise<BenchStack> {
  const collector = new InvocationCollector();
  const stack = await startLocalStack({
    seed,
    templatePath: options.ablation ? await ablationTemplate(options.log ?? (() => {})) : undefined,
    motoEndpoint: moto.endpoint,
    // Runs share one moto: every resource name gets the run's suffix.
    nameSuffix: `-${options.label}${++runCounter}`.slice(0, 12),
    packageParams: BENCH_STACK_PARAMS,
    environment: { WICKR_RETRY_MODE: options.retryMode ?? 'deadline', POWERTOOLS_LOG_LEVEL: 'INFO', ...(options.ablation && { BENCH_ABLATION: options.ablation }) },
    log: options.log,
    onInvocation: (report) => {
      collector.record(report);
      options.onInvocation?.(report, Date.now());
    },
  });
  const sqsCommands: CommandCounts = {};
  countCommands(stack.clients.sqs, 'sqs', sqsCommands);
  const processes = new ProcessTracker();
  const timeline = new Timeline(() => stack.wickr.state().requests);
  const samplePids = (): void => processes.sample(stack.poller.environments().flatMap((e) => (e.pid() === undefined ? [] : [e.pid() as number])));
  const sampler = setInterval(() => {
    timeline.sample();
    samplePids();
  }, 250);
  timeline.sample();

  return {
    stack,
    timeline,
    sqsCommands,
    async feed(events, targetDepth) {
      let next = 0;
      while (next < events.length) {
        const { visible } = await stack.queueDepth();
        if (visible >= targetDepth) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        const chunk = events.slice(next, next + Math.min(50, targetDepth - visible));
        await stack.publish(chunk);
        next += chunk.length;
      }
    },
    settle: (timeoutMs) => waitUntilSettled(stack, timeoutMs),
    async deadLetters() {
      const dlq = stack.source.deadLetterQueue;
      return dlq ? (await readDeadLetters(stack.clients.sqs, dlq.url, stack.source.maxReceiveCount)).length : 0;
    },
    invocations: () => collector.figures(),
    environments: () => {
      samplePids();
      return processes.totals();
    },
    async stop() {
      clearInterval(sampler);
      samplePids();
      timeline.sample();
      await stack.stop();
    },
  };
}
