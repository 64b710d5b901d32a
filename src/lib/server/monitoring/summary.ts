/**
 * The monitoring summary, computed from events in memory: pure, so it is tested on a
 * known set of events and gives the same numbers on SQLite and PostgreSQL.
 */
import type { ReferenceDistribution } from '../../bundle/manifest.ts';
import { DEFAULT_THRESHOLDS, evaluateAlerts, type AlertThresholds } from './alerts.ts';
import { driftBand, histogram, mean, proportions, psi, quantile } from './stats.ts';
import type { ConfidenceHistogram, LatencyStats, MonitoringEvent, MonitoringSummary, TimeBucket } from './types.ts';

const MINUTE = 60_000;
const BUCKET_SIZES = [5 * MINUTE, 15 * MINUTE, 60 * MINUTE, 6 * 60 * MINUTE, 24 * 60 * MINUTE, 7 * 24 * 60 * MINUTE];
const MAX_BUCKETS = 72;

/** The smallest bucket size that keeps the range within MAX_BUCKETS buckets. */
export function chooseBucketMs(from: number, to: number): number {
	return BUCKET_SIZES.find((size) => (to - from) / size <= MAX_BUCKETS) ?? BUCKET_SIZES[BUCKET_SIZES.length - 1];
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
	thresholds?: AlertThresholds;
}

type Prediction = MonitoringEvent & { label: 0 | 1; probability: number; tokenCount: number; oovCount: number; overridden: boolean };

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const k = key(item);
		let g = groups.get(k);
		if (!g) groups.set(k, (g = []));
		g.push(item);
	}
	return groups;
}

function timeline(predictions: readonly Prediction[], from: number, to: number, bucketMs: number): TimeBucket[] {
	const first = Math.floor(from / bucketMs) * bucketMs;
	const buckets: (TimeBucket & { tokens: number; oov: number; overrides: number })[] = [];
	for (let start = first; start < to; start += bucketMs) {
		buckets.push({
			start,
			predictions: 0,
			byModel: {},
			oovRate: null,
			meanTokens: null,
			overrideRate: null,
			tokens: 0,
			oov: 0,
			overrides: 0
		});
	}
	for (const p of predictions) {
		const b = buckets[Math.floor((p.time - first) / bucketMs)];
		if (!b) continue;
		b.predictions++;
		b.byModel[p.modelVersion] = (b.byModel[p.modelVersion] ?? 0) + 1;
		b.tokens += p.tokenCount;
		b.oov += p.oovCount;
		if (p.overridden) b.overrides++;
	}
	return buckets.map(({ tokens, oov, overrides, ...b }) => ({
		...b,
		oovRate: tokens ? oov / tokens : null,
		meanTokens: b.predictions ? tokens / b.predictions : null,
		overrideRate: b.predictions ? overrides / b.predictions : null
	}));
}

function confidence(version: string, probabilities: number[], reference: ReferenceDistribution | undefined): ConfidenceHistogram {
	const edges = reference?.edges ?? DEFAULT_EDGES;
	const counts = histogram(probabilities, edges);
	const actual = proportions(counts);
	const value = reference && probabilities.length ? psi(reference.proportions, actual) : null;
	return {
		modelVersion: version,
		edges,
		counts,
		proportions: actual,
		reference: reference?.proportions ?? null,
		psi: value,
		band: value === null ? null : driftBand(value)
	};
}

function latency(events: readonly MonitoringEvent[]): LatencyStats[] {
	return [...groupBy(events, (e) => e.backend)]
		.map(([backend, list]) => {
			const sorted = list.map((e) => e.latencyMs).sort((a, b) => a - b);
			return { backend, count: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99) };
		})
		.sort((a, b) => a.backend.localeCompare(b.backend));
}

export function computeSummary(events: readonly MonitoringEvent[], options: SummaryOptions): MonitoringSummary {
	const { from, to } = options;
	const model = options.model ?? null;
	const bucketMs = options.bucketMs ?? chooseBucketMs(from, to);
	const inRange = events.filter((e) => e.time >= from && e.time < to && (model === null || e.modelVersion === model));
	const predictions = inRange.filter((e): e is Prediction => e.kind === 'prediction' && e.label !== null && e.probability !== null);
	const errors = inRange.filter((e) => e.kind === 'model-error');

	const nonCompliant = predictions.filter((p) => p.label === 1).length;
	const tokens = predictions.reduce((a, p) => a + p.tokenCount, 0);
	const oov = predictions.reduce((a, p) => a + p.oovCount, 0);
	const overridden = predictions.filter((p) => p.overridden).length;

	const agreement = [
		...groupBy(
			predictions.filter((p) => p.shadowModelVersion !== null && p.shadowLabel !== null),
			(p) => p.shadowModelVersion!
		)
	]
		.map(([challenger, list]) => ({
			challenger,
			comparisons: list.length,
			agreementRate: list.filter((p) => p.shadowLabel === p.label).length / list.length
		}))
		.sort((a, b) => a.challenger.localeCompare(b.challenger));

	const activeVersions = [...groupBy(inRange, (e) => e.modelVersion)]
		.map(([modelVersion, list]) => ({
			modelVersion,
			appVersions: [...new Set(list.map((e) => e.appVersion))].sort(),
			events: list.length,
			share: list.length / inRange.length,
			lastSeen: new Date(list.reduce((m, e) => Math.max(m, e.time), 0)).toISOString()
		}))
		.sort((a, b) => b.events - a.events);

	const modelErrors = [...groupBy(errors, (e) => `${e.errorCode}\u0000${e.modelVersion}`)]
		.map(([, list]) => ({ errorCode: list[0].errorCode ?? 'UNKNOWN', modelVersion: list[0].modelVersion, count: list.length }))
		.sort((a, b) => b.count - a.count);

	const summary: Omit<MonitoringSummary, 'alerts'> = {
		from: new Date(from).toISOString(),
		to: new Date(to).toISOString(),
		model,
		bucketMs,
		truncated: options.truncated ?? false,
		totals: { predictions: predictions.length, modelErrors: errors.length },
		timeline: timeline(predictions, from, to, bucketMs),
		labelMix: {
			compliant: predictions.length - nonCompliant,
			nonCompliant,
			nonCompliantShare: predictions.length ? nonCompliant / predictions.length : null
		},
		confidence: [...groupBy(predictions, (p) => p.modelVersion)]
			.map(([version, list]) =>
				confidence(
					version,
					list.map((p) => p.probability),
					options.references?.get(version)
				)
			)
			.sort((a, b) => a.modelVersion.localeCompare(b.modelVersion)),
		oovRate: tokens ? oov / tokens : null,
		meanTokens: predictions.length ? tokens / predictions.length : null,
		latency: latency(predictions),
		overrides: { count: overridden, rate: predictions.length ? overridden / predictions.length : null },
		accuracyEstimate: mean(predictions.map((p) => Math.max(p.probability, 1 - p.probability))),
		agreement,
		activeVersions,
		modelErrors
	};
	return { ...summary, alerts: evaluateAlerts(summary, options.thresholds ?? DEFAULT_THRESHOLDS) };
}
