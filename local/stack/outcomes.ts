import { LogMessage } from '../../src/core/metrics';
import { FINAL_OUTCOMES, type FinalOutcome } from '../../src/core/types';
import type { InvocationReport } from './esm/poller';

export { FINAL_OUTCOMES, type FinalOutcome };
/** How many records ended in each final outcome. */
export type OutcomeCounts = Record<FinalOutcome, number>;

/** One `"message": "record outcome"` line of the consumer's structured log. */
export type OutcomeLine = { readonly outcome: string; readonly messageId?: string; readonly eventId?: string; readonly reason?: string };

/** Parses a Powertools JSON log line; undefined when it is not a record outcome. */
export function parseOutcomeLine(line: string): OutcomeLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const json = JSON.parse(line) as Record<string, unknown>;
    if (json.message !== LogMessage.recordOutcome || typeof json.outcome !== 'string') return undefined;
    const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    return { outcome: json.outcome, messageId: str(json.messageId), eventId: str(json.eventId), reason: str(json.reason) };
  } catch {
    return undefined;
  }
}

/** The event id of a consumer audit line for a Wickr write that went through (`"message": "wickr write"`). */
export function writtenEventId(line: string): string | undefined {
  if (!line.startsWith('{') || !line.includes(`"${LogMessage.wickrWrite}"`)) return undefined;
  try {
    const json = JSON.parse(line) as Record<string, unknown>;
    return json.message === LogMessage.wickrWrite && json.outcome === 'applied' && typeof json.eventId === 'string' ? json.eventId : undefined;
  } catch {
    return undefined;
  }
}

/** The IdP event id a message body carries (Okta uuid, CloudTrail eventID, generic eventId). */
export function eventIdOf(body: string): string | undefined {
  try {
    const detail = (JSON.parse(body) as { detail?: Record<string, unknown> }).detail ?? {};
    const id = detail.uuid ?? detail.eventID ?? detail.eventId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Counts of what the poller saw, beyond the outcomes. */
export type InvocationStats = { invocations: number; failedBatches: number; retriedRecords: number; unreported: number };

/**
 * Counts one final outcome per deleted message, from the consumer's log lines of the invocation
 * that deleted it. Lines of records that were not deleted (retried, or a batch that failed as a
 * whole) are not counted: those messages come back. An event whose Wickr write went through in
 * an attempt that then failed (or died) comes back as a `duplicate` or `unchanged`; its first
 * counted outcome is counted as `applied`, which is what happened to it. `deadLettered` is counted from the DLQ instead (it
 * also holds the messages SQS redrove), see {@link OutcomeTracker.counts}.
 */
export class OutcomeTracker {
  readonly #counts: OutcomeCounts = { applied: 0, created: 0, unchanged: 0, duplicate: 0, ignored: 0, notProvisioned: 0, deadLettered: 0, deleted: 0 };
  readonly #appliedByFailedRuns = new Set<string>();
  readonly #countedEvents = new Set<string>();
  readonly #stats: InvocationStats = { invocations: 0, failedBatches: 0, retriedRecords: 0, unreported: 0 };
  #consumerDeadLettered = 0;

  /** Takes in one finished batch. */
  record(report: InvocationReport): void {
    this.#stats.invocations += 1;
    if (report.verdict.kind === 'batchFailed') this.#stats.failedBatches += 1;
    const lines = report.invocation.logLines.map(parseOutcomeLine).filter((l): l is OutcomeLine => l !== undefined);
    const written = new Set(report.invocation.logLines.map(writtenEventId).filter((id): id is string => id !== undefined));
    const unclaimed = new Set(lines);
    const claim = (messageId: string, eventId: string | undefined): OutcomeLine | undefined => {
      const found = lines.find((l) => unclaimed.has(l) && l.messageId === messageId) ?? lines.find((l) => unclaimed.has(l) && !l.messageId && eventId !== undefined && l.eventId === eventId);
      if (found) unclaimed.delete(found);
      return found;
    };
    const deleted = new Set(report.deletedMessageIds);
    for (const record of report.records) {
      const eventId = eventIdOf(record.body);
      const line = claim(record.messageId, eventId);
      if (!deleted.has(record.messageId)) {
        this.#stats.retriedRecords += 1;
        if (eventId && (line?.outcome === 'applied' || written.has(eventId))) this.#appliedByFailedRuns.add(eventId);
        continue;
      }
      if (!line || !(FINAL_OUTCOMES as readonly string[]).includes(line.outcome)) {
        this.#stats.unreported += 1;
        continue;
      }
      if (line.outcome === 'deadLettered') {
        this.#consumerDeadLettered += 1;
        continue;
      }
      let outcome = line.outcome as FinalOutcome;
      const wroteBefore = eventId !== undefined && this.#appliedByFailedRuns.has(eventId) && !this.#countedEvents.has(eventId);
      if ((outcome === 'duplicate' || outcome === 'unchanged') && wroteBefore) outcome = 'applied';
      if (eventId) this.#countedEvents.add(eventId);
      this.#counts[outcome] += 1;
    }
  }

  /** Final outcomes counted so far, including the consumer's own dead letters. */
  settled(): number {
    return FINAL_OUTCOMES.reduce((n, o) => n + this.#counts[o], 0) + this.#consumerDeadLettered;
  }

  /** The counts, with `deadLettered` taken from the number of messages found in the DLQ. */
  counts(deadLettersInQueue: number): OutcomeCounts {
    return { ...this.#counts, deadLettered: deadLettersInQueue };
  }

  stats(): Readonly<InvocationStats> {
    return { ...this.#stats };
  }
}
