/**
 * The monitoring summary, computed from rollups (sums per time bucket, see rollup.ts):
 * pure, so it is tested on known numbers and gives the same result on SQLite and
 * PostgreSQL. `computeSummary` is the same maths on raw events (rolled up in memory).
 */
import type { ReferenceDistribution } from '../../bundle/manifest.ts';
import { DEFAULT_THRESHOLDS, evaluateAlerts, type AlertThresholds } from './alerts.ts';
import { latencyBinValue, parseLatencyKey, probabilityBinValue, rollupEvents, type CountRow, type RollupRow } from './rollup.ts';
import { driftBand, proportions, psi, quantile, reweight, shareAbove } from './stats.ts';
import type { ConfidenceHistogram, LatencyStats, MonitoringEvent, MonitoringSummary, TimeBucket } from './types.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The timeline's bucket for a range length: the rollup levels (rollup.ts), so a chart
 * point is one stored bucket. Up to 6 hours (e.g. "last hour"): 5 minutes; up to 8 days
 * (24 hours, a week of whole days): hours; longer (30 days and more): days.
 */
export const BUCKET_RULES: readonly { upTo: number; bucketMs: number }[] = [
	{ upTo: 6 * HOUR, bucketMs: 5 * MINUTE },
	{ upTo: 8 * DAY, bucketMs: HOUR },
	{ upTo: Infinity, bucketMs: DAY }
];

/** The timeline bucket for [from, to) (see BUCKET_RULES). */
export function chooseBucketMs(from: number, to: number): number {
	return BUCKET_RULES.find((rule) => to - from <= rule.upTo)!.bucketMs;
}

/** Ten equal bins, used when a model's manifest (and so its reference) is unknown. */
export const DEFAULT_EDGES = Array.from({ length: 11 }, (_, i) => i / 10);

export interface SummaryOptions {
	from: number;
	to: number;
	model?: string | null;
	bucketMs?: number;
	/** Reference distributions by model version (from the manifests). */
	references?: ReadonlyMap<string, ReferenceDistribution>;
	truncated?: boolean;
	/** Oldest raw event still stored (epoch ms) and how long raw events are kept. */
	rawData?: { from: number | null; retentionDays: number };
	thresholds?: AlertThresholds;
}

/**
 * What the summary is computed from. `rows`: rollup rows inside [from, to) whose bucket
 * size divides `bucketMs` (they feed the timeline and the totals). `counts`: count rows
 * inside the range, any bucket size. `exactLatencies`: raw latencies by backend, used
 * instead of the latency bins when given (raw events only).
 */
export interface SummaryInput {
	rows: readonly RollupRow[];
	counts: readonly CountRow[];
	exactLatencies?: ReadonlyMap<string, number[]>;
}

function groupSum<T>(items: readonly T[], key: (item: T) => string, value: (item: T) => number): Map<string, number> {
	const sums = new Map<string, number>();
	for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + value(item));
	return sums;
}

function timeline(rows: readonly RollupRow[], from: number, to: number, bucketMs: number): TimeBucket[] {
	const first = Math.floor(from / bucketMs) * bucketMs;
	const buckets: (TimeBucket & { tokens: number; oov: number; overrides: number; nonCompliant: number })[] = [];
	for (let start = first; start < to; start += bucketMs) {
		buckets.push({
			start,
			predictions: 0,
			byModel: {},
			oovRate: null,
			meanTokens: null,
			overrideRate: null,
			nonCompliantShare: null,
			tokens: 0,
			oov: 0,
			overrides: 0,
			nonCompliant: 0
		});
	}
	for (const r of rows) {
		const b = buckets[Math.floor((r.bucketStart - first) / bucketMs)];
		if (!b || r.predictions === 0) continue;
		b.predictions += r.predictions;
		b.byModel[r.modelVersion] = (b.byModel[r.modelVersion] ?? 0) + r.predictions;
		b.tokens += r.tokens;
		b.oov += r.oov;
		b.overrides += r.overrides;
		b.nonCompliant += r.nonCompliant;
	}
	return buckets.map(({ tokens, oov, overrides, nonCompliant, ...b }) => ({
		...b,
		nonCompliantShare: b.predictions ? nonCompliant / b.predictions : null,
		oovRate: tokens ? oov / tokens : null,
		meanTokens: b.predictions ? tokens / b.predictions : null,
		overrideRate: b.predictions ? overrides / b.predictions : null
	}));
}

/**
 * Counts of the 100 probability bins re-binned onto `edges`. A bin that straddles an edge
 * is split in proportion (values taken as uniform inside it): exact for edges on the 0.01
 * grid (the training's equal-width references), fractional counts otherwise.
 */
export function rebin(fine: ReadonlyMap<number, number>, edges: readonly number[]): number[] {
	const counts = new Array<number>(edges.length - 1).fill(0);
	const width = probabilityBinValue(1);
	for (const [bin, n] of fine) {
		const lo = probabilityBinValue(bin);
		const hi = lo + width;
		for (let i = 0; i < counts.length; i++) {
			const overlap = Math.min(hi, edges[i + 1]) - Math.max(lo, edges[i]);
			if (overlap > 1e-12) counts[i] += (n * overlap) / width;
		}
	}
	return counts.map((c) => (Math.abs(c - Math.round(c)) < 1e-9 ? Math.round(c) : c));
}

function confidence(version: string, fine: ReadonlyMap<number, number>, reference: ReferenceDistribution | undefined): ConfidenceHistogram {
	const edges = reference?.edges ?? DEFAULT_EDGES;
	const counts = rebin(fine, edges);
	const actual = proportions(counts);
	const predictions = counts.reduce((a, b) => a + b, 0);
	const observedShare = predictions ? shareAbove(edges, actual) : null;
	const compared = reference && observedShare !== null;
	const value = compared ? psi(reference.proportions, actual) : null;
	return {
		modelVersion: version,
		edges,
		counts,
		proportions: actual,
		reference: reference?.proportions ?? null,
		psi: value,
		band: value === null ? null : driftBand(value),
		predictions: Math.round(predictions),
		nonCompliantShare: observedShare,
		referenceNonCompliantShare: reference ? shareAbove(edges, reference.proportions) : null,
		labelAdjustedPsi: compared ? psi(reweight(edges, reference.proportions, observedShare), actual) : null
	};
}

/** Quantile q of a binned distribution: rank interpolation as `quantile`, each bin standing for its middle. */
export function binnedQuantile(bins: readonly [value: number, count: number][], q: number): number {
	const total = bins.reduce((a, [, n]) => a + n, 0);
	if (total === 0) return NaN;
	const pos = (total - 1) * q;
	const at = (rank: number) => {
		let seen = 0;
		for (const [value, n] of bins) {
			seen += n;
			if (rank < seen) return value;
		}
		return bins[bins.length - 1][0];
	};
	const lo = at(Math.floor(pos));
	return lo + (at(Math.ceil(pos)) - lo) * (pos - Math.floor(pos));
}

function latency(counts: readonly CountRow[], exact: ReadonlyMap<string, number[]> | undefined): LatencyStats[] {
	const byBackend = new Map<string, Map<number, number>>();
	for (const c of counts) {
		if (c.metric !== 'latency') continue;
		const { bin, backend } = parseLatencyKey(c.key);
		const bins = byBackend.get(backend) ?? new Map<number, number>();
		byBackend.set(backend, bins.set(bin, (bins.get(bin) ?? 0) + c.count));
	}
	return [...byBackend]
		.map(([backend, bins]): LatencyStats => {
			const sorted = exact?.get(backend)?.toSorted((a, b) => a - b);
			if (sorted)
				return { backend, count: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99) };
			const values = [...bins].sort((a, b) => a[0] - b[0]).map(([bin, n]): [number, number] => [latencyBinValue(bin), n]);
			const count = values.reduce((a, [, n]) => a + n, 0);
			return { backend, count, p50: binnedQuantile(values, 0.5), p95: binnedQuantile(values, 0.95), p99: binnedQuantile(values, 0.99) };
		})
		.sort((a, b) => a.backend.localeCompare(b.backend));
}

export function summarize(input: SummaryInput, options: SummaryOptions): MonitoringSummary {
	const { from, to } = options;
	const model = options.model ?? null;
	const bucketMs = options.bucketMs ?? chooseBucketMs(from, to);
	const rows = input.rows.filter((r) => model === null || r.modelVersion === model);
	const counts = input.counts.filter((c) => model === null || c.modelVersion === model);
	const sum = (f: (r: RollupRow) => number) => rows.reduce((a, r) => a + f(r), 0);
	const predictions = sum((r) => r.predictions);
	const nonCompliant = sum((r) => r.nonCompliant);
	const tokens = sum((r) => r.tokens);
	const overridden = sum((r) => r.overrides);
	const events = sum((r) => r.events);
	const modelErrors = sum((r) => r.modelErrors);

	const shadow = groupSum(
		counts.filter((c) => c.metric === 'shadow'),
		(c) => c.key,
		(c) => c.count
	);
	const agree = groupSum(
		counts.filter((c) => c.metric === 'shadow-agree'),
		(c) => c.key,
		(c) => c.count
	);
	const fine = new Map<string, Map<number, number>>();
	for (const c of counts) {
		if (c.metric !== 'probability') continue;
		const bins = fine.get(c.modelVersion) ?? new Map<number, number>();
		fine.set(c.modelVersion, bins.set(Number(c.key), (bins.get(Number(c.key)) ?? 0) + c.count));
	}
	const versions = new Map<string, { apps: Set<string>; events: number; lastSeen: number }>();
	for (const r of rows) {
		const v = versions.get(r.modelVersion) ?? { apps: new Set<string>(), events: 0, lastSeen: 0 };
		v.apps.add(r.appVersion);
		v.events += r.events;
		v.lastSeen = Math.max(v.lastSeen, r.lastSeen);
		versions.set(r.modelVersion, v);
	}
	const errors = groupSum(
		counts.filter((c) => c.metric === 'error'),
		(c) => `${c.key}\u0000${c.modelVersion}`,
		(c) => c.count
	);

	const summary: Omit<MonitoringSummary, 'alerts' | 'thresholds'> = {
		from: new Date(from).toISOString(),
		to: new Date(to).toISOString(),
		model,
		bucketMs,
		truncated: options.truncated ?? false,
		rawDataFrom: options.rawData?.from == null ? null : new Date(options.rawData.from).toISOString(),
		rawRetentionDays: options.rawData?.retentionDays ?? null,
		totals: { predictions, modelErrors },
		timeline: timeline(rows, from, to, bucketMs),
		labelMix: { compliant: predictions - nonCompliant, nonCompliant, nonCompliantShare: predictions ? nonCompliant / predictions : null },
		confidence: [...fine]
			.map(([version, bins]) => confidence(version, bins, options.references?.get(version)))
			.sort((a, b) => a.modelVersion.localeCompare(b.modelVersion)),
		oovRate: tokens ? sum((r) => r.oov) / tokens : null,
		meanTokens: predictions ? tokens / predictions : null,
		latency: latency(counts, input.exactLatencies),
		overrides: { count: overridden, rate: predictions ? overridden / predictions : null },
		accuracyEstimate: predictions ? sum((r) => r.confidenceSum) / predictions : null,
		agreement: [...shadow]
			.map(([challenger, comparisons]) => ({ challenger, comparisons, agreementRate: (agree.get(challenger) ?? 0) / comparisons }))
			.sort((a, b) => a.challenger.localeCompare(b.challenger)),
		activeVersions: [...versions]
			.map(([modelVersion, v]) => ({
				modelVersion,
				appVersions: [...v.apps].sort(),
				events: v.events,
				share: v.events / events,
				lastSeen: new Date(v.lastSeen).toISOString()
			}))
			.sort((a, b) => b.events - a.events),
		modelErrors: [...errors]
			.map(([key, count]) => {
				const [errorCode, modelVersion] = key.split('\u0000');
				return { errorCode, modelVersion, count };
			})
			.sort((a, b) => b.count - a.count)
	};
	const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
	return { ...summary, alerts: evaluateAlerts(summary, thresholds), thresholds };
}

/** The summary of raw events: rolled up in memory at the timeline's bucket size, exact latency percentiles. */
export function computeSummary(events: readonly MonitoringEvent[], options: SummaryOptions): MonitoringSummary {
	const { from, to } = options;
	const model = options.model ?? null;
	const bucketMs = options.bucketMs ?? chooseBucketMs(from, to);
	const inRange = events.filter((e) => e.time >= from && e.time < to && (model === null || e.modelVersion === model));
	const exactLatencies = new Map<string, number[]>();
	for (const e of inRange) {
		if (e.kind !== 'prediction' || e.label === null || e.probability === null) continue;
		const list = exactLatencies.get(e.backend) ?? [];
		exactLatencies.set(e.backend, list);
		list.push(e.latencyMs);
	}
	return summarize({ ...rollupEvents(inRange, [bucketMs]), exactLatencies }, { ...options, bucketMs });
}
