/**
 * Telemetry rollups: what the monitoring summary needs from events, summed per time
 * bucket at three sizes (5 minutes, 1 hour, 1 day). Pure: ingestion turns each stored
 * batch into rollup deltas here and adds them in the same transaction; the summary reads
 * the sums back. Probabilities are kept in 100 equal bins (exact on any reference edge
 * that is a multiple of 0.01), latencies in log-scale bins (LATENCY_GROWTH).
 */
import type { MonitoringEvent } from './types.ts';

const MINUTE = 60_000;
/** Bucket sizes rollups are kept at, finest first. Each divides the next. */
export const ROLLUP_LEVELS = [5 * MINUTE, 60 * MINUTE, 24 * 60 * MINUTE] as const;

export const PROBABILITY_BINS = 100;
/** Consecutive latency bin edges differ by this factor: a percentile is off by at most ~5%. */
export const LATENCY_GROWTH = 1.1;
/** Lower edge of latency bin 0 (ms); anything faster lands in bin 0. */
const LATENCY_FLOOR_MS = 0.01;

/** The dimensions a rollup row is kept by, and its bucket. */
export interface RollupKey {
	bucketMs: number;
	bucketStart: number;
	modelVersion: string;
	appVersion: string;
	backend: string;
}

export interface RollupRow extends RollupKey {
	/** Every event (predictions and model errors). */
	events: number;
	predictions: number;
	nonCompliant: number;
	tokens: number;
	oov: number;
	overrides: number;
	/** Sum of max(p, 1 - p) over predictions: the accuracy estimate's numerator. */
	confidenceSum: number;
	modelErrors: number;
	/** Newest event time (epoch ms). */
	lastSeen: number;
}

/**
 * Sparse counts by model: `probability` (key: bin 0-99), `latency` (key: "bin:backend"),
 * `error` (key: error code), `shadow` and `shadow-agree` (key: challenger version).
 */
export type CountMetric = 'probability' | 'latency' | 'error' | 'shadow' | 'shadow-agree';

export interface CountRow {
	bucketMs: number;
	bucketStart: number;
	modelVersion: string;
	metric: CountMetric;
	key: string;
	count: number;
}

export interface Rollup {
	rows: RollupRow[];
	counts: CountRow[];
}

export function probabilityBin(p: number): number {
	return Math.min(PROBABILITY_BINS - 1, Math.max(0, Math.floor(p * PROBABILITY_BINS)));
}

/** Lower edge of a probability bin: the value re-binned onto a reference's edges. */
export function probabilityBinValue(bin: number): number {
	return bin / PROBABILITY_BINS;
}

export function latencyBin(ms: number): number {
	return ms <= LATENCY_FLOOR_MS ? 0 : Math.floor(Math.log(ms / LATENCY_FLOOR_MS) / Math.log(LATENCY_GROWTH));
}

/** Geometric middle of a latency bin: the value a percentile falling in it reports. */
export function latencyBinValue(bin: number): number {
	return LATENCY_FLOOR_MS * LATENCY_GROWTH ** (bin + 0.5);
}

export const latencyKey = (bin: number, backend: string) => `${bin}:${backend}`;

export function parseLatencyKey(key: string): { bin: number; backend: string } {
	const i = key.indexOf(':');
	return { bin: Number(key.slice(0, i)), backend: key.slice(i + 1) };
}

const rowKey = (k: RollupKey) => `${k.bucketMs}\u0000${k.bucketStart}\u0000${k.modelVersion}\u0000${k.appVersion}\u0000${k.backend}`;

/** Rollup deltas of `events` at each bucket size in `levels` (ingestion, backfill, raw range edges). */
export function rollupEvents(events: readonly MonitoringEvent[], levels: readonly number[] = ROLLUP_LEVELS): Rollup {
	const rows = new Map<string, RollupRow>();
	const counts = new Map<string, CountRow>();
	const count = (base: Omit<CountRow, 'metric' | 'key' | 'count'>, metric: CountMetric, key: string) => {
		const id = `${base.bucketMs}\u0000${base.bucketStart}\u0000${base.modelVersion}\u0000${metric}\u0000${key}`;
		const c = counts.get(id);
		if (c) c.count++;
		else counts.set(id, { ...base, metric, key, count: 1 });
	};
	for (const bucketMs of levels) {
		for (const e of events) {
			const key: RollupKey = {
				bucketMs,
				bucketStart: Math.floor(e.time / bucketMs) * bucketMs,
				modelVersion: e.modelVersion,
				appVersion: e.appVersion,
				backend: e.backend
			};
			const id = rowKey(key);
			let row = rows.get(id);
			if (!row) {
				row = {
					...key,
					events: 0,
					predictions: 0,
					nonCompliant: 0,
					tokens: 0,
					oov: 0,
					overrides: 0,
					confidenceSum: 0,
					modelErrors: 0,
					lastSeen: 0
				};
				rows.set(id, row);
			}
			row.events++;
			row.lastSeen = Math.max(row.lastSeen, e.time);
			const base = { bucketMs, bucketStart: key.bucketStart, modelVersion: e.modelVersion };
			if (e.kind === 'model-error') {
				row.modelErrors++;
				count(base, 'error', e.errorCode ?? 'UNKNOWN');
				continue;
			}
			if (e.label === null || e.probability === null) continue;
			row.predictions++;
			if (e.label === 1) row.nonCompliant++;
			row.tokens += e.tokenCount ?? 0;
			row.oov += e.oovCount ?? 0;
			if (e.overridden) row.overrides++;
			row.confidenceSum += Math.max(e.probability, 1 - e.probability);
			count(base, 'probability', String(probabilityBin(e.probability)));
			count(base, 'latency', latencyKey(latencyBin(e.latencyMs), e.backend));
			if (e.shadowModelVersion !== null && e.shadowLabel !== null) {
				count(base, 'shadow', e.shadowModelVersion);
				if (e.shadowLabel === e.label) count(base, 'shadow-agree', e.shadowModelVersion);
			}
		}
	}
	return { rows: [...rows.values()], counts: [...counts.values()] };
}

/** A part of a range read from one source: rollups at `bucketMs`, or raw events (`bucketMs` null). */
export interface RangeSegment {
	bucketMs: number | null;
	from: number;
	to: number;
}

/**
 * Covers [from, to) with the coarsest whole buckets of `levels` (each at most `maxLevel`),
 * finer ones towards the edges, and raw events for what is left at both ends (less than
 * the finest bucket each). So a summary reads few rows and still counts exactly [from, to).
 */
export function coverRange(from: number, to: number, maxLevel: number, levels: readonly number[] = ROLLUP_LEVELS): RangeSegment[] {
	const usable = levels.filter((l) => l <= maxLevel);
	const segments: RangeSegment[] = [];
	const cover = (a: number, b: number, i: number) => {
		if (a >= b) return;
		if (i < 0) return void segments.push({ bucketMs: null, from: a, to: b });
		const size = usable[i];
		const start = Math.ceil(a / size) * size;
		const end = Math.floor(b / size) * size;
		if (start >= end) return cover(a, b, i - 1);
		cover(a, start, i - 1);
		segments.push({ bucketMs: size, from: start, to: end });
		cover(end, b, i - 1);
	};
	cover(from, to, usable.length - 1);
	return segments.sort((x, y) => x.from - y.from);
}
