// Order statistics for the benchmark samples (nearest-rank percentiles, no interpolation).

export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export interface Latencies {
  p50: number;
  p95: number;
  p99: number;
}

export function latencies(samples: readonly number[]): Latencies {
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), p99: round(percentile(samples, 99)) };
}

/** The spread of repeated measurements: min, median, max. */
export interface Spread {
  runs: number;
  min: number;
  median: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  return { runs: values.length, min: round(Math.min(...values)), median: round(median(values)), max: round(Math.max(...values)) };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** This process's CPU time (user + system) in milliseconds: less sensitive to other processes than wall time. */
export function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Times a synchronous or async function; returns milliseconds. */
export async function time(fn: () => unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}
