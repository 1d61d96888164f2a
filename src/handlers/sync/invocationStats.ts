/** What the Wickr client reports per attempt (the client's `onAttempt` hook). */
export type AttemptReport = {
  readonly operation: string;
  readonly attempt: number;
  readonly statusCode?: number;
  readonly throttled: boolean;
  readonly durationMs: number;
  readonly willRetry: boolean;
};

const WRITE_OPERATIONS = new Set(['UpdateUser', 'BatchToggleUserSuspendStatus', 'BatchCreateUser', 'BatchReinviteUser', 'BatchDeleteUser']);

/** Settings of the throttle breaker. */
export type BreakerSettings = {
  /** Recent attempts considered. @default 20 */
  readonly window: number;
  /** Attempts needed before the breaker may open. @default 8 */
  readonly minAttempts: number;
  /** Fraction of throttled attempts that opens it. @default 0.5 */
  readonly threshold: number;
  /**
   * How long (ms) the throttled fraction must stay at or above `threshold` before the breaker
   * opens. A burst of 429s when several execution environments start at once is the client's
   * rate limiter's job: it backs off and climbs again within about 3 s. Handing records back
   * to SQS for such a burst only moves them to the end of the drain (measured in
   * docs/performance.md). @default 5000
   */
  readonly sustainMs: number;
};

/**
 * Per-invocation counters fed by the Wickr client: they drive the metrics (retries,
 * throttles, latency) and the breaker that stops starting new users while Wickr keeps
 * throttling most calls despite the client's pacing, so the rest of the batch backs off
 * through SQS instead of waiting out the invocation.
 */
export class InvocationStats {
  readonly #settings: BreakerSettings;
  readonly #now: () => number;
  #recent: boolean[] = [];
  /** When the throttled fraction last reached the threshold (epoch ms), while it stays there. */
  #throttledSince: number | undefined;
  public retries = 0;
  public throttles = 0;
  public latencies: number[] = [];
  /** Successful UpdateUser / BatchToggleUserSuspendStatus calls. */
  public writes = 0;

  /** `now` is the clock (epoch ms), injected so tests need no real time. */
  public constructor(settings: Partial<BreakerSettings> = {}, now: () => number = Date.now) {
    this.#settings = { window: 20, minAttempts: 8, threshold: 0.5, sustainMs: 5000, ...settings };
    this.#now = now;
  }

  /** Resets the counters at the start of an invocation. */
  public reset(): void {
    this.#recent = [];
    this.#throttledSince = undefined;
    this.retries = 0;
    this.throttles = 0;
    this.latencies = [];
    this.writes = 0;
  }

  public record(report: AttemptReport): void {
    this.#recent.push(report.throttled);
    if (this.#recent.length > this.#settings.window) this.#recent.shift();
    if (report.throttled) this.throttles += 1;
    if (report.willRetry) this.retries += 1;
    this.latencies.push(report.durationMs);
    if (WRITE_OPERATIONS.has(report.operation) && report.statusCode !== undefined && report.statusCode < 300) this.writes += 1;
    if (!this.#overThreshold()) this.#throttledSince = undefined;
    else this.#throttledSince ??= this.#now();
  }

  /** True once at least `threshold` of the recent attempts have been throttled for `sustainMs`. */
  public shouldPause(): boolean {
    return this.#throttledSince !== undefined && this.#now() - this.#throttledSince >= this.#settings.sustainMs;
  }

  #overThreshold(): boolean {
    if (this.#recent.length < this.#settings.minAttempts) return false;
    const throttled = this.#recent.filter(Boolean).length;
    return throttled / this.#recent.length >= this.#settings.threshold;
  }
}
