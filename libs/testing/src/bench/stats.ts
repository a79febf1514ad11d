/** Median of the values: the middle one, or the mean of the two middle ones. NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The p-th percentile by the nearest-rank method: the smallest value with at least p% of the
 * values at or below it, so p99 of 100 samples is the 99th smallest, never an interpolation
 * that no request actually took. NaN when empty.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Rounds to a fixed number of decimals for reports; keeps NaN as is. */
export function round(value: number, decimals = 1): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Per-metric medians over runs; a metric missing from a run is left out of that median. */
export function medianMetrics(
  runs: readonly Readonly<Record<string, number>>[],
): Record<string, number> {
  const names = new Set(runs.flatMap((run) => Object.keys(run)));
  const medians: Record<string, number> = {};
  for (const name of names) {
    const values = runs
      .map((run) => run[name])
      .filter((value): value is number => Number.isFinite(value));
    if (values.length > 0) medians[name] = median(values);
  }
  return medians;
}

/**
 * Runs `run` the given number of times, one after another: the median and p95 of their
 * durations in whole milliseconds, and the last run's answer.
 */
export async function timedRuns<T>(
  runs: number,
  run: () => Promise<T>,
): Promise<{ p50: number; p95: number; answer: T }> {
  if (!(Number.isInteger(runs) && runs >= 1))
    throw new RangeError(`runs must be a whole number ≥ 1, got ${runs}`);
  const ms: number[] = [];
  let answer!: T;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    answer = await run();
    ms.push(performance.now() - started);
  }
  return { p50: Math.round(percentile(ms, 50)), p95: Math.round(percentile(ms, 95)), answer };
}
