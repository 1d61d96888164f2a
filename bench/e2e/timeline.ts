/**
 * A timeline of the Wickr emulator's cumulative request counts, sampled a few times a second:
 * the goodput figures and the chart come from it.
 */

/** Cumulative counts at one instant (ms since the timeline started). */
export type TimelinePoint = {
  readonly atMs: number;
  /** UpdateUser and BatchToggleUserSuspendStatus answered 2xx: writes applied. */
  readonly writes: number;
  /** Every call answered 2xx (reads and writes): what the rate limit let through. */
  readonly accepted: number;
  /** Calls answered 429. */
  readonly throttled: number;
};

const WRITES = new Set(['UpdateUser', 'BatchToggleUserSuspendStatus']);

/** Sums a Wickr emulator `requests` table into a point. */
export function countRequests(requests: Record<string, Record<string, number>>): Omit<TimelinePoint, 'atMs'> {
  let writes = 0;
  let accepted = 0;
  let throttled = 0;
  for (const [operation, byStatus] of Object.entries(requests)) {
    for (const [status, n] of Object.entries(byStatus)) {
      if (status === '429') throttled += n;
      if (/^2\d\d$/.test(status)) {
        accepted += n;
        if (WRITES.has(operation)) writes += n;
      }
    }
  }
  return { writes, accepted, throttled };
}

/** The samples, and the window in which Wickr was being called. */
export class Timeline {
  readonly #read: () => Record<string, Record<string, number>>;
  readonly #started = performance.now();
  public readonly points: TimelinePoint[] = [];

  public constructor(read: () => Record<string, Record<string, number>>) {
    this.#read = read;
  }

  public sample(): void {
    this.points.push({ atMs: performance.now() - this.#started, ...countRequests(this.#read()) });
  }

  /**
   * From the first sample with any Wickr call to the first sample with the final write count:
   * the drain as Wickr saw it (the stack's start-up before it is left out; every retry and
   * redelivery after it is in).
   */
  public drainWindow(): { startMs: number; endMs: number } | undefined {
    const last = this.points.at(-1);
    if (!last || last.accepted + last.throttled === 0) return undefined;
    const first = this.points.findIndex((p) => p.accepted + p.throttled > 0);
    // The sample before the first call bounds its start from below.
    const startMs = this.points[Math.max(0, first - 1)].atMs;
    const endMs = (this.points.find((p) => p.writes === last.writes) ?? last).atMs;
    return { startMs, endMs };
  }

  /**
   * Rates between the samples where writes first reached `from` and `to` of their final count
   * (0.1 and 0.9: the steady state, without the start-up or the tail of redeliveries).
   */
  public steadyRates(from = 0.1, to = 0.9): { writesPerSecond: number; acceptedPerSecond: number } | undefined {
    const final = this.points.at(-1)?.writes ?? 0;
    const a = this.points.find((p) => p.writes >= final * from && p.writes > 0);
    const b = this.points.find((p) => p.writes >= final * to);
    if (!a || !b || b.atMs <= a.atMs) return undefined;
    const seconds = (b.atMs - a.atMs) / 1000;
    return { writesPerSecond: (b.writes - a.writes) / seconds, acceptedPerSecond: (b.accepted - a.accepted) / seconds };
  }

  /** Writes per second in consecutive windows of `windowMs`, from the drain's start (for the chart). */
  public writeRates(windowMs: number): { atSeconds: number; writesPerSecond: number }[] {
    const window = this.drainWindow();
    if (!window) return [];
    const at = (t: number): number => {
      let value = 0;
      for (const p of this.points) if (p.atMs <= t) value = p.writes;
      return value;
    };
    const rates: { atSeconds: number; writesPerSecond: number }[] = [];
    // Whole windows only: a last sliver of a few ms would turn two writes into a spike. The
    // last window ends at the drain's end and may overlap the one before.
    for (let t = window.startMs; t < window.endMs; t += windowMs) {
      const end = Math.min(t + windowMs, window.endMs);
      const start = end - windowMs;
      if (start < window.startMs) continue;
      rates.push({ atSeconds: (end - window.startMs) / 1000, writesPerSecond: ((at(end) - at(start)) * 1000) / windowMs });
    }
    return rates;
  }
}
