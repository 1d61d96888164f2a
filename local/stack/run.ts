import { readDeadLetters } from './deadLetters';
import { createProgress, type Progress } from './progress';
import { eventIdOfEvent, subjectOfEvent } from './eventNames';
import { toReportUser, type Report, type ReportUser, type UndeliveredEvent } from './report';
import type { ScenarioEvent } from './scenario';
import type { LocalStack } from './stack';

/** Options of {@link runScenario}. */
export type RunOptions = {
  /** Fail when the events have not all settled by then. */
  readonly timeoutMs?: number;
  readonly progress?: Progress;
  /** Publish at most this many events a second (default: all at once), as an IdP emits them over time. */
  readonly eventsPerSecond?: number;
  /** Raw message bodies to put straight on the queue after the events (what EventBridge cannot deliver, e.g. broken JSON). */
  readonly rawMessages?: readonly string[];
};

/** The run did not settle in time; the message says what was still pending. */
export class RunTimeoutError extends Error {
  public override readonly name = 'RunTimeoutError';
}

/** The function cannot start (its init failed, or it refused its configuration): waiting longer cannot help. */
export class FunctionStartError extends Error {
  public override readonly name = 'FunctionStartError';
}

/** The report, and the Wickr users as they were before the events. */
export type RunResult = { readonly report: Report; readonly before: readonly ReportUser[] };

const POLL_MS = 200;

/**
 * Waits until every delivered message has reached an outcome: the queue has nothing visible, in
 * flight or delayed, and no execution environment holds a batch, twice in a row.
 */
export async function waitUntilSettled(stack: LocalStack, timeoutMs: number, onTick: () => void = () => {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietTicks = 0;
  for (;;) {
    onTick();
    const failure = stack.functionFailure();
    if (failure) throw new FunctionStartError(`the function could not start: ${failure} (its whole log is in the function's log file)`);
    // GetQueueAttributes costs moto a pass over every message: ask only while the poller holds nothing.
    const busy = stack.poller.busy();
    const depth = busy && Date.now() <= deadline ? undefined : await stack.queueDepth();
    const quiet = !busy && depth !== undefined && depth.visible + depth.inFlight + depth.delayed === 0 && !stack.poller.busy();
    quietTicks = quiet ? quietTicks + 1 : 0;
    if (quietTicks >= 2) return;
    if (depth && Date.now() > deadline) {
      throw new RunTimeoutError(
        `the events did not settle within ${Math.round(timeoutMs / 1000)} s: ${depth.visible} message(s) waiting, ${depth.inFlight} in flight, ` +
          `${depth.delayed} delayed; ${stack.tracker.settled()} outcome(s) so far. The function's log says why (run with --verbose).`,
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Published events that never reached the function nor the dead-letter queue: no rule matched them. */
export function undeliveredEvents(stack: Pick<LocalStack, 'tracker'>, events: readonly ScenarioEvent[], deadLetterIds: ReadonlySet<string>): UndeliveredEvent[] {
  return events.flatMap((event) => {
    const eventId = eventIdOfEvent(event);
    if (eventId === undefined || stack.tracker.delivered(eventId) || deadLetterIds.has(eventId)) return [];
    const { idpUserId } = subjectOfEvent(event);
    return [{ eventId, source: event.source, detailType: event['detail-type'], ...(idpUserId !== undefined && { idpUserId }) }];
  });
}

/** Reads the report from the emulators, the outcome tracker and the dead-letter queue. */
export async function buildReport(stack: LocalStack, published: number, startedAt: number, events: readonly ScenarioEvent[] = []): Promise<Report> {
  const dlq = stack.source.deadLetterQueue;
  const deadLetters = dlq ? await readDeadLetters(stack.clients.sqs, dlq.url, stack.source.maxReceiveCount) : [];
  const state = stack.wickr.state();
  return {
    events: { published, ...stack.tracker.counts(deadLetters.length) },
    wickr: { users: state.users.map(toReportUser), requests: state.requests },
    deadLetters,
    durationMs: Date.now() - startedAt,
    // The consumer's own dead letters are listed under deadLetters.
    namedOutcomes: stack.tracker.named().filter((n) => n.outcome !== 'deadLettered'),
    notDelivered: undeliveredEvents(stack, events, new Set(deadLetters.map((d) => d.eventId))),
  };
}

/** Publishes the events in order, waits until each has an outcome, and reports. */
export async function runScenario(stack: LocalStack, events: readonly ScenarioEvent[], options: RunOptions = {}): Promise<RunResult> {
  const startedAt = Date.now();
  const progress = options.progress ?? createProgress(process.stderr, false);
  const before = stack.wickr.state().users.map(toReportUser);
  const total = events.length + (options.rawMessages?.length ?? 0);
  let published = 0;
  const tick = (): void => {
    const stats = stack.tracker.stats();
    progress.update({ published, total, settled: stack.tracker.settled(), retried: stats.retriedRecords, invocations: stats.invocations });
  };
  try {
    const chunk = options.eventsPerSecond ? Math.max(1, Math.round(options.eventsPerSecond)) : events.length;
    for (let i = 0; i < events.length; i += chunk) {
      const started = Date.now();
      await stack.publish(events.slice(i, i + chunk), (n) => {
        published = i + n;
        tick();
      });
      if (options.eventsPerSecond && i + chunk < events.length) await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))));
    }
    for (const body of options.rawMessages ?? []) {
      await stack.sendRaw(body);
      published += 1;
    }
    await waitUntilSettled(stack, options.timeoutMs ?? 300_000, tick);
    tick();
  } finally {
    progress.done();
  }
  return { report: await buildReport(stack, published, startedAt, events), before };
}
