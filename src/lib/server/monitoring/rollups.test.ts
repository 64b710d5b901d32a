/**
 * Rollups against the raw computation, on a known set of 6,000 events stored through
 * ingestion on SQLite and PostgreSQL. Stated tolerances: counts, rates, the timeline and
 * PSI on reference edges that are multiples of 0.01 are exact; PSI on other edges within
 * 0.05 (a steep density inside a 0.01 bin); latency percentiles within 5% (log-scale bins, LATENCY_GROWTH 1.1).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import { predictionEvent } from '#tests/support/telemetry-events.ts';
import type { TelemetryEventInput } from '#lib/telemetry/event.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { storeEvents, validateEvents } from '../telemetry/ingest.ts';
import { purgeRawEvents } from '../telemetry/retention.ts';
import { loadEvents } from './load-events.ts';
import { loadRollups, oldestRawEvent } from './load-rollups.ts';
import { coverRange } from './rollup.ts';
import { histogram, proportions, psi, quantile } from './stats.ts';
import { chooseBucketMs, computeSummary, summarize } from './summary.ts';

const T0 = Date.parse('2026-11-01T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function knownSet(n: number): TelemetryEventInput[] {
	const r = random(7);
	return Array.from({ length: n }, (_, i): TelemetryEventInput => {
		const time = new Date(T0 + Math.floor(r() * 3 * DAY)).toISOString();
		const modelVersion = r() < 0.7 ? 'v1' : 'v2';
		if (i % 500 === 0)
			return {
				eventId: crypto.randomUUID(),
				time,
				kind: 'model-error',
				errorCode: 'BUNDLE_INTEGRITY',
				appVersion: '0.1.0',
				modelVersion,
				backend: 'wasm',
				threads: 2,
				latencyMs: 40
			};
		const probability = r() < 0.5 ? r() ** 3 : 1 - r() ** 3;
		const label = probability >= 0.5 ? 1 : 0;
		const shadow = r() < 0.3 ? { modelVersion: 'v3', label: (r() < 0.9 ? label : 1 - label) as 0 | 1, probability } : null;
		return predictionEvent({
			time,
			modelVersion,
			appVersion: r() < 0.5 ? '0.1.0' : '0.2.0',
			backend: r() < 0.6 ? 'wasm' : 'webgpu',
			latencyMs: Math.exp(1 + 1.2 * (r() + r() + r() - 1.5)),
			probability,
			label,
			tokenCount: 5 + Math.floor(r() * 20),
			oovCount: Math.floor(r() * 3),
			...(r() < 0.05 ? { overridden: true, overrideLabel: (1 - label) as 0 | 1 } : {}),
			shadow
		});
	});
}

describe('covering a range with buckets', () => {
	it('uses the coarsest whole buckets and raw events for the unaligned ends', () => {
		const from = T0 + 7 * 60_000 + 13_000;
		const to = T0 + 2 * DAY + 5 * HOUR + 2 * 60_000;
		const segments = coverRange(from, to, DAY);
		expect(segments[0]).toEqual({ bucketMs: null, from, to: T0 + 10 * 60_000 });
		expect(segments.at(-1)).toEqual({ bucketMs: null, from: to - 2 * 60_000, to });
		expect(segments.find((s) => s.bucketMs === DAY)).toEqual({ bucketMs: DAY, from: T0 + DAY, to: T0 + 2 * DAY });
		// Contiguous and complete.
		for (let i = 1; i < segments.length; i++) expect(segments[i].from).toBe(segments[i - 1].to);
	});
});

describe.each(testDatabases())('rollups on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());

	const input = knownSet(6000);
	const events = validateEvents(input);
	const aligned = {
		edges: Array.from({ length: 21 }, (_, i) => i / 20),
		proportions: Array.from({ length: 20 }, (_, i) => (i === 0 || i === 19 ? 0.45 : 0.1 / 18)),
		count: 1000
	};
	const unaligned = { edges: [0, 0.037, 0.5, 0.963, 1], proportions: [0.4, 0.1, 0.1, 0.4], count: 1000 };
	const references = new Map([
		['v1', aligned],
		['v2', unaligned]
	]);

	async function rollupSummary(range: { from: number; to: number; model?: string | null }) {
		const bucketMs = chooseBucketMs(range.from, range.to);
		const data = await loadRollups(handle.db, { ...range, model: range.model ?? null, bucketMs });
		return summarize(data, { ...range, bucketMs, references });
	}

	it('gives the raw summary within the stated tolerances, and a resent batch changes nothing', async () => {
		handle = await open();
		for (let i = 0; i < events.length; i += 500) await storeEvents(handle.db, events.slice(i, i + 500));
		expect(await storeEvents(handle.db, events.slice(0, 500))).toEqual({ accepted: 0, duplicates: 500 });
		const ranges = [
			{ from: T0 + 7 * 60_000 + 13_000, to: T0 + 2 * DAY + 5 * HOUR + 2 * 60_000 },
			{ from: T0 + 5 * HOUR + 1234, to: T0 + 8 * HOUR + 99_000 },
			{ from: T0, to: T0 + 3 * DAY, model: 'v2' }
		];
		for (const range of ranges) {
			const { events: raw } = await loadEvents(handle.db, range);
			const exact = computeSummary(raw, { ...range, references });
			const s = await rollupSummary(range);
			expect(s.totals).toEqual(exact.totals);
			expect(s.timeline).toEqual(exact.timeline);
			expect(s.labelMix).toEqual(exact.labelMix);
			expect(s.overrides).toEqual(exact.overrides);
			expect(s.agreement).toEqual(exact.agreement);
			expect(s.modelErrors).toEqual(exact.modelErrors);
			expect(s.activeVersions).toEqual(exact.activeVersions);
			expect(s.accuracyEstimate).toBeCloseTo(exact.accuracyEstimate!, 9);
			expect(s.oovRate).toBeCloseTo(exact.oovRate!, 12);

			const predictions = raw.filter((e) => e.kind === 'prediction');
			for (const h of s.confidence) {
				const ref = references.get(h.modelVersion)!;
				const values = predictions.filter((e) => e.modelVersion === h.modelVersion).map((e) => e.probability!);
				const rawPsi = psi(ref.proportions, proportions(histogram(values, ref.edges)));
				if (ref === aligned) {
					expect(h.counts).toEqual(histogram(values, ref.edges));
					expect(h.psi).toBeCloseTo(rawPsi, 9);
				} else expect(Math.abs(h.psi! - rawPsi)).toBeLessThanOrEqual(0.05);
			}
			for (const l of s.latency) {
				const sorted = predictions
					.filter((e) => e.backend === l.backend)
					.map((e) => e.latencyMs)
					.sort((a, b) => a - b);
				expect(l.count).toBe(sorted.length);
				for (const [q, value] of [
					[0.5, l.p50],
					[0.95, l.p95],
					[0.99, l.p99]
				]) {
					const want = quantile(sorted, q);
					expect(Math.abs(value - want) / want).toBeLessThanOrEqual(0.05);
				}
			}
		}
	});

	it('keeps the rollups when raw events are purged; ingestion drops events past retention', async () => {
		handle = await open();
		await storeEvents(handle.db, events);
		const range = { from: T0, to: T0 + 3 * DAY };
		const before = await rollupSummary(range);
		const now = T0 + 32 * DAY;
		const purged = await purgeRawEvents(handle.db, 30, now);
		expect(purged).toBeGreaterThan(0);
		expect(await purgeRawEvents(handle.db, 30, now)).toBe(0);
		expect(await oldestRawEvent(handle.db)).toBeGreaterThanOrEqual(now - 30 * DAY);
		const after = await rollupSummary(range);
		expect(after.totals).toEqual(before.totals);
		expect(after.confidence).toEqual(before.confidence);
		const late = validateEvents([
			predictionEvent({ time: new Date(T0).toISOString() }),
			predictionEvent({ time: new Date(now).toISOString() })
		]);
		expect(await storeEvents(handle.db, late, { receivedAt: now, retentionDays: 30 })).toEqual({ accepted: 1, duplicates: 0, expired: 1 });
	});
});
