/** What the Wickr client reports per attempt (the client's `onAttempt` hook). */
export type AttemptReport = {
  readonly operation: string;
  readonly attempt: number;
  readonly statusCode?: number;
  readonly throttled: boolean;
  readonly durationMs: number;
  readonly willRetry: boolean;
};

const WRITE_OPERATIONS = new Set(['UpdateUser', 'BatchToggleUserSuspendStatus']);

/** Settings of the throttle breaker. */
export type BreakerSettings = {
  /** Recent attempts considered. @default 20 */
  readonly window: number;
  /** Attempts needed before the breaker may open. @default 8 */
  readonly minAttempts: number;
  /** Fraction of throttled attempts that opens it. @default 0.5 */
  readonly threshold: number;
};

/**
 * Per-invocation counters fed by the Wickr client: they drive the metrics (retries,
 * throttles, latency) and the breaker that stops starting new users while most calls are
 * throttled, so the rest of the batch backs off through SQS instead of spinning.
 */
export class InvocationStats {
  readonly #settings: BreakerSettings;
  #recent: boolean[] = [];
  public retries = 0;
  public throttles = 0;
  public latencies: number[] = [];
  /** Successful UpdateUser / BatchToggleUserSuspendStatus calls. */
  public writes = 0;

  public constructor(settings: Partial<BreakerSettings> = {}) {
    this.#settings = { window: 20, minAttempts: 8, threshold: 0.5, ...settings };
  }

  /** Resets the counters at the start of an invocation. */
  public reset(): void {
    this.#recent = [];
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
  }

  /** True while at least `threshold` of the recent attempts were throttled. */
  public shouldPause(): boolean {
    if (this.#recent.length < this.#settings.minAttempts) return false;
    const throttled = this.#recent.filter(Boolean).length;
    return throttled / this.#recent.length >= this.#settings.threshold;
  }
}
