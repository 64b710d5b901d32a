/** Small statistics used by the monitoring summary: histograms, PSI, percentiles. */
import type { DriftBand } from './types.ts';

/** Counts of `values` per bin; bin i is [edges[i], edges[i+1]), the last bin includes its upper edge. */
export function histogram(values: readonly number[], edges: readonly number[]): number[] {
	const counts = new Array<number>(edges.length - 1).fill(0);
	for (const v of values) {
		if (v < edges[0] || v > edges[edges.length - 1]) continue;
		let lo = 0;
		let hi = counts.length - 1;
		// Binary search for the last edge <= v.
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (edges[mid] <= v) lo = mid;
			else hi = mid - 1;
		}
		counts[lo]++;
	}
	return counts;
}

export function proportions(counts: readonly number[]): number[] {
	const total = counts.reduce((a, b) => a + b, 0);
	return counts.map((c) => (total ? c / total : 0));
}

/**
 * Population stability index: sum over bins of (actual - expected) * ln(actual / expected).
 * Empty bins are floored at `epsilon` so one empty bin does not make PSI infinite.
 */
export function psi(expected: readonly number[], actual: readonly number[], epsilon = 1e-4): number {
	if (expected.length !== actual.length)
		throw new RangeError(`PSI needs the same bins: expected has ${expected.length}, actual ${actual.length}`);
	let sum = 0;
	for (let i = 0; i < expected.length; i++) {
		const e = Math.max(expected[i], epsilon);
		const a = Math.max(actual[i], epsilon);
		sum += (a - e) * Math.log(a / e);
	}
	return sum;
}

/** The usual reading: < 0.1 stable, 0.1-0.25 moderate shift, >= 0.25 significant shift. */
export function driftBand(value: number): DriftBand {
	return value < 0.1 ? 'stable' : value < 0.25 ? 'moderate' : 'significant';
}

/** Quantile q of ascending `sorted` values, linear between closest ranks (type 7). */
export function quantile(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) return NaN;
	const pos = (sorted.length - 1) * q;
	const lo = Math.floor(pos);
	const hi = Math.ceil(pos);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function mean(values: readonly number[]): number | null {
	return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** The models' decision threshold: a probability at or above it is labelled non-compliant. */
export const LABEL_THRESHOLD = 0.5;

/** Share of a binned distribution at or above `at` (a bin counts by its middle). */
export function shareAbove(edges: readonly number[], shares: readonly number[], at = LABEL_THRESHOLD): number {
	let above = 0;
	for (let i = 0; i < shares.length; i++) if ((edges[i] + edges[i + 1]) / 2 >= at) above += shares[i];
	return above;
}

/**
 * The reference re-weighted so that its share at or above `at` is `targetAbove`, keeping
 * the shape within each side: what the reference would look like with this label mix.
 * A side the reference never saw stays empty (PSI's epsilon then counts it as a shift).
 */
export function reweight(edges: readonly number[], reference: readonly number[], targetAbove: number, at = LABEL_THRESHOLD): number[] {
	const above = shareAbove(edges, reference, at);
	const below = 1 - above;
	return reference.map((p, i) => {
		const isAbove = (edges[i] + edges[i + 1]) / 2 >= at;
		const side = isAbove ? above : below;
		return side > 0 ? (p / side) * (isAbove ? targetAbove : 1 - targetAbove) : 0;
	});
}
