/**
 * Measurement 5: scale. 1,000 / 10,000 / 100,000 events for 200 / 2,000 / 20,000 users (five
 * events per user, round robin, so one user's events rarely share a batch) through the local
 * stack with no rate limit: events per second, the cost per event at each size (it should stay
 * flat), and the execution environments' peak memory (it must stay bounded).
 */
import { startBenchStack } from '../e2e/benchStack';
import { countRequests } from '../e2e/timeline';
import type { BenchMoto } from '../lib/moto';
import { membershipAdd, oktaEvent, population } from '../lib/population';
import { round } from '../lib/stats';
import type { ScenarioEvent, ScenarioSeed } from '../../local/stack/scenario';

/** One size. */
export type ScalePoint = {
  readonly events: number;
  readonly users: number;
  readonly drainSeconds: number;
  readonly eventsPerSecond: number;
  readonly wickrCallsPerEvent: number;
  readonly wickrWritesPerEvent: number;
  /** CPU time of the execution environments per event (their five cold starts included). */
  readonly handlerCpuMsPerEvent: number;
  /** Sum of invocation durations per event: what Lambda bills (moto's latency included: pessimistic). */
  readonly billedMsPerEvent: number;
  readonly recordsPerInvocation: number;
  readonly medianInvocationMs: number;
  /** SQS requests of the event source mapping (ReceiveMessage, DeleteMessageBatch) per event. */
  readonly esmSqsRequestsPerEvent: number;
  readonly logBytesPerEvent: number;
  readonly peakRssMb: number;
  readonly environments: number;
  readonly returnedToQueue: number;
  readonly deadLettered: number;
  /** The function's configured memory (from the packaged template). */
  readonly memoryMb: number;
};

/** The round-robin event stream: each user's first event changes their group, later ones change nothing. */
function events(users: ReturnType<typeof population>['users'], count: number): ScenarioEvent[] {
  const out: object[] = [];
  for (let i = 0; i < count; i++) {
    const user = users[i % users.length];
    const pass = Math.floor(i / users.length);
    out.push(pass % 2 === 0 ? membershipAdd(user) : oktaEvent(user, 'user.account.update_profile'));
  }
  return out as unknown as ScenarioEvent[];
}

/** Runs one size through a fresh stack. */
export async function runScalePoint(moto: BenchMoto, size: { events: number; users: number }, log: (line: string) => void = () => {}): Promise<ScalePoint> {
  const { users, seed } = population(size.users);
  const bench = await startBenchStack(moto, seed as unknown as ScenarioSeed, { label: `s${size.events}`, log });
  try {
    const started = performance.now();
    await bench.feed(events(users, size.events), 100);
    await bench.settle(6 * 3600_000);
    const drainSeconds = (performance.now() - started) / 1000;
    const deadLettered = await bench.deadLetters();
    const env = bench.environments();
    const counts = countRequests(bench.stack.wickr.state().requests);
    const totalCalls = Object.values(bench.stack.wickr.state().requests).reduce((n, byStatus) => n + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
    const inv = bench.invocations();
    const esm = (bench.sqsCommands['sqs.ReceiveMessageCommand'] ?? 0) + (bench.sqsCommands['sqs.DeleteMessageBatchCommand'] ?? 0);
    const n = size.events;
    return {
      events: n,
      users: size.users,
      drainSeconds: round(drainSeconds, 1),
      eventsPerSecond: round(n / drainSeconds, 1),
      wickrCallsPerEvent: round(totalCalls / n),
      wickrWritesPerEvent: round(counts.writes / n),
      handlerCpuMsPerEvent: round(env.cpuMs / n, 2),
      billedMsPerEvent: round((inv.meanDurationMs * inv.invocations) / n, 1),
      recordsPerInvocation: round(inv.recordsPerInvocation, 2),
      medianInvocationMs: round(inv.medianDurationMs, 0),
      esmSqsRequestsPerEvent: round(esm / n),
      logBytesPerEvent: round(inv.logBytesPerRecord, 0),
      peakRssMb: round(env.peakRssMb, 1),
      environments: env.processes,
      returnedToQueue: inv.returnedToQueue,
      deadLettered,
      memoryMb: bench.stack.source.function.memorySizeMb,
    };
  } finally {
    await bench.stop();
  }
}
