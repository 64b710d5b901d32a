import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import { predictionEvent } from '#tests/support/telemetry-events.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { storeEvents, validateEvents } from '../telemetry/ingest.ts';
import { loadEvents } from './load-events.ts';
import { parseRange } from './range.ts';
import { computeSummary } from './summary.ts';

const T0 = Date.parse('2026-11-01T00:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

describe.each(testDatabases())('monitoring from stored telemetry on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());

	it('gives the same summary as the events that went in', async () => {
		handle = await open();
		const input = [
			predictionEvent({ time: at(0), probability: 0.9, label: 1, oovCount: 2, latencyMs: 5 }),
			predictionEvent({
				time: at(1000),
				probability: 0.3,
				label: 0,
				overridden: true,
				overrideLabel: 1,
				shadow: { modelVersion: 'v2', label: 0, probability: 0.2 }
			}),
			predictionEvent({ time: at(2000), modelVersion: 'v2', backend: 'webgpu', latencyMs: 50 }),
			predictionEvent({ time: at(86_400_000 * 2) }) // outside the range
		];
		await storeEvents(handle.db, validateEvents(input));
		const range = { from: T0, to: T0 + 86_400_000 };
		const { events, truncated } = await loadEvents(handle.db, range);
		expect(truncated).toBe(false);
		expect(events).toHaveLength(3);
		const s = computeSummary(events, range);
		expect(s.totals.predictions).toBe(3);
		expect(s.overrides).toEqual({ count: 1, rate: 1 / 3 });
		expect(s.agreement).toEqual([{ challenger: 'v2', comparisons: 1, agreementRate: 1 }]);
		expect(s.accuracyEstimate).toBeCloseTo((0.9 + 0.7 + 0.9) / 3);
		expect(s.latency.find((l) => l.backend === 'webgpu')?.p50).toBe(50);
		expect(s.oovRate).toBeCloseTo(4 / 24);
	});

	it('filters by model and keeps the newest events when over the cap', async () => {
		handle = await open();
		await storeEvents(
			handle.db,
			validateEvents([0, 1, 2, 3].map((i) => predictionEvent({ time: at(i * 1000), modelVersion: i % 2 ? 'v2' : 'v1' })))
		);
		const v2 = await loadEvents(handle.db, { from: T0, to: T0 + 60_000, model: 'v2' });
		expect(v2.events.map((e) => e.modelVersion)).toEqual(['v2', 'v2']);
		const capped = await loadEvents(handle.db, { from: T0, to: T0 + 60_000 }, 2);
		expect(capped.truncated).toBe(true);
		expect(capped.events.map((e) => e.time)).toEqual([T0 + 3000, T0 + 2000]);
	});
});

describe('range parameters', () => {
	it('defaults to the last 7 days and validates input', () => {
		const now = Date.parse('2026-11-08T00:00:00Z');
		expect(parseRange(new URLSearchParams(), now)).toEqual({ from: now - 7 * 86_400_000, to: now, model: null });
		expect(parseRange(new URLSearchParams('from=2026-11-01&to=2026-11-02&model=v3'), now)).toEqual({
			from: T0,
			to: T0 + 2 * 86_400_000,
			model: 'v3'
		});
		expect(() => parseRange(new URLSearchParams('from=yesterday'), now)).toThrow(/from/);
		expect(() => parseRange(new URLSearchParams('from=2026-11-03&to=2026-11-01'), now)).toThrow(/before/);
		expect(() => parseRange(new URLSearchParams('model=../x'), now)).toThrow(/model/);
	});
});
