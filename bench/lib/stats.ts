/** Small statistics for benchmark samples: medians of repeated runs and latency percentiles. */

/** The value at quantile `q` (0..1) by linear interpolation between closest ranks; NaN for no samples. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** The median of the samples; NaN for none. */
export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

/** The arithmetic mean; NaN for none. */
export function mean(samples: readonly number[]): number {
  return samples.length === 0 ? Number.NaN : samples.reduce((a, b) => a + b, 0) / samples.length;
}

/** Rounds to `digits` decimals, keeping JSON free of long binary fractions; null stays null. */
export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Divides, answering null rather than Infinity or NaN when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 || !Number.isFinite(numerator / denominator) ? null : numerator / denominator;
}

/** Median of each numeric key over several runs of the same shape (the first run's non-numeric values are kept). */
export function medianOfRuns<T extends Record<string, unknown>>(runs: readonly T[]): T {
  const first = runs[0];
  const out: Record<string, unknown> = { ...first };
  for (const key of Object.keys(first)) {
    const values = runs.map((r) => r[key]);
    if (values.every((v) => typeof v === 'number')) out[key] = median(values as number[]);
  }
  return out as T;
}
