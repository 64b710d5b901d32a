/**
 * Latency statistics for the benchmark: percentiles, a summary of one contender, and
 * a bounded timing loop. Pure code (no Node or browser APIs except `performance`), so
 * the browser worker uses the same math as Node.
 */

/** p-th percentile (0..100) of ascending `sorted`, linear between closest ranks (R-7, numpy's default). */
export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
	const rank = (p / 100) * (sorted.length - 1);
	const lo = Math.floor(rank);
	const hi = Math.ceil(rank);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export interface LatencySummary {
	/** Timed runs (warm-up excluded). */
	runs: number;
	p50: number;
	p99: number;
	mean: number;
	min: number;
	max: number;
}

/** Summary of per-run times in ms. */
export function summarize(samplesMs: readonly number[]): LatencySummary {
	const sorted = [...samplesMs].sort((a, b) => a - b);
	const mean = sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1);
	return {
		runs: sorted.length,
		p50: percentile(sorted, 50),
		p99: percentile(sorted, 99),
		mean: sorted.length ? mean : Number.NaN,
		min: sorted.length ? sorted[0] : Number.NaN,
		max: sorted.length ? sorted[sorted.length - 1] : Number.NaN
	};
}

/** How many times faster `candidate` is than `baseline` (ratio of their times); NaN when either is missing. */
export function speedup(baselineMs: number | undefined, candidateMs: number | undefined): number {
	if (baselineMs === undefined || candidateMs === undefined || !(candidateMs > 0) || !Number.isFinite(baselineMs)) return Number.NaN;
	return baselineMs / candidateMs;
}

/** Items per second from a median time per call of `batch` items. */
export function throughput(batch: number, p50Ms: number): number {
	return p50Ms > 0 ? (batch * 1000) / p50Ms : Number.NaN;
}

export interface LoopOptions {
	/** Untimed calls first (JIT, allocations, lazy kernel compilation). */
	warmup: number;
	/** Timed calls wanted. */
	runs: number;
	/** Stop timing after this long even if `runs` is not reached (bounded on a slow or busy machine). */
	maxMs: number;
	/** But always time at least this many calls (default 5). */
	minRuns?: number;
}

/** Time `fn` call by call; returns the per-call times in ms, warm-up excluded. */
export async function timeLoop(fn: () => unknown, options: LoopOptions): Promise<number[]> {
	for (let i = 0; i < options.warmup; i++) await fn();
	const minRuns = options.minRuns ?? 5;
	const samples: number[] = [];
	const started = performance.now();
	while (samples.length < options.runs && (samples.length < minRuns || performance.now() - started < options.maxMs)) {
		const t0 = performance.now();
		await fn();
		samples.push(performance.now() - t0);
	}
	return samples;
}
