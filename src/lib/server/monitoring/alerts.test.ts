import { describe, expect, it } from 'vitest';
import { parseRange } from './range.ts';
import { reweight, shareAbove } from './stats.ts';
import { chooseBucketMs, computeSummary } from './summary.ts';
import type { MonitoringEvent } from './types.ts';
import { MONITORING_T0 as T0, monitoringEvent as ev } from '#tests/support/monitoring-events.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const many = (n: number, o: Partial<MonitoringEvent>) => Array.from({ length: n }, () => ev(o));
/** Reference: half non-compliant; within each label, 80% confident and 20% near the threshold. */
const edges = [0, 0.25, 0.5, 0.75, 1];
const references = new Map([['v1', { edges, proportions: [0.4, 0.1, 0.1, 0.4], count: 1000 }]]);
/** `nc` non-compliant and `c` compliant predictions with the reference's shape within each label. */
const batch = (nc: number, c: number, time = T0) => [
	...many(nc * 0.8, { time, probability: 0.9, label: 1 }),
	...many(nc * 0.2, { time, probability: 0.6, label: 1 }),
	...many(c * 0.8, { time, probability: 0.1, label: 0 }),
	...many(c * 0.2, { time, probability: 0.4, label: 0 })
];

describe('label mix apart from input drift', () => {
	it('a batch that is 70% non-compliant is a label-mix shift with its numbers, not drift', () => {
		const s = computeSummary(batch(70, 30), { from: T0, to: T0 + HOUR, references });
		// The raw PSI alone would have called this drift.
		expect(s.confidence[0].psi).toBeGreaterThan(0.1);
		expect(s.confidence[0].labelAdjustedPsi).toBeCloseTo(0, 6);
		expect(s.alerts).toHaveLength(1);
		const [alert] = s.alerts;
		expect(alert).toMatchObject({ code: 'LABEL_MIX', kind: 'label-mix', severity: 'warning' });
		expect(alert.measure).toMatchObject({ name: 'non-compliant share', against: expect.stringMatching(/reference/) });
		expect(alert.measure!.observed).toBeCloseTo(0.7);
		expect(alert.measure!.baseline).toBeCloseTo(0.5);
		expect(alert.message).toContain('70.0% of 100 predictions were non-compliant, vs 50.0%');
		expect(alert.message).toContain('+20.0 points');
		expect(alert.slice).toEqual({ from: s.from, to: s.to, model: 'v1' });
	});

	it('uncertain verdicts with the usual label mix are input drift, not a label-mix shift', () => {
		const events = [
			...many(30, { probability: 0.6, label: 1 }),
			...many(20, { probability: 0.9, label: 1 }),
			...many(30, { probability: 0.4, label: 0 }),
			...many(20, { probability: 0.1, label: 0 })
		];
		const s = computeSummary(events, { from: T0, to: T0 + HOUR, references });
		expect(s.alerts.map((a) => [a.code, a.kind])).toEqual([['DRIFT', 'input-drift']]);
		expect(s.alerts[0].severity).toBe('critical');
		expect(s.alerts[0].message).toMatch(/PSI \d\.\d{3} once the reference is re-weighted to this label mix/);
	});

	it('a longer-descriptions period is input drift sliced to that period', () => {
		const events = [...batch(50, 50, T0), ...batch(50, 50, T0 + HOUR).map((e) => ({ ...e, tokenCount: 30 }))];
		const s = computeSummary(events, { from: T0, to: T0 + 2 * HOUR, bucketMs: HOUR, references });
		const alert = s.alerts.find((a) => a.code === 'TOKENS_SHIFT');
		expect(alert).toMatchObject({ kind: 'input-drift', measure: { observed: 30, baseline: 10 } });
		expect(alert!.slice).toEqual({ from: new Date(T0 + HOUR).toISOString(), to: new Date(T0 + 2 * HOUR).toISOString(), model: null });
		expect(s.alerts.some((a) => a.kind === 'label-mix')).toBe(false);
	});

	it('re-weighting keeps the shape within each side and sums to 1', () => {
		const w = reweight(edges, [0.4, 0.1, 0.1, 0.4], 0.7);
		expect(w.map((x) => +x.toFixed(6))).toEqual([0.24, 0.06, 0.14, 0.56]);
		expect(shareAbove(edges, w)).toBeCloseTo(0.7);
	});
});

describe('time buckets follow the range', () => {
	it('5 minutes for an hour, hours for a day or a week, days for 30 days and more', () => {
		expect(chooseBucketMs(T0, T0 + HOUR)).toBe(5 * MINUTE);
		expect(chooseBucketMs(T0, T0 + DAY)).toBe(HOUR);
		expect(chooseBucketMs(T0, T0 + 7 * DAY)).toBe(HOUR);
		// A week picked as whole days in the form: from the first day to the end of the last.
		expect(chooseBucketMs(T0, T0 + 8 * DAY)).toBe(HOUR);
		expect(chooseBucketMs(T0, T0 + 30 * DAY)).toBe(DAY);
		expect(chooseBucketMs(T0, T0 + 365 * DAY)).toBe(DAY);
	});

	it('?last= gives a range ending now, and refuses a mix with from/to', () => {
		const now = T0 + 10 * DAY;
		expect(parseRange(new URLSearchParams('last=1h&model=v1'), now)).toEqual({ from: now - HOUR, to: now, model: 'v1' });
		expect(parseRange(new URLSearchParams('last=30d'), now)).toEqual({ from: now - 30 * DAY, to: now, model: null });
		expect(() => parseRange(new URLSearchParams('last=2h'), now)).toThrow(/last=1h\|24h/);
		expect(() => parseRange(new URLSearchParams('last=1h&from=2026-11-01'), now)).toThrow(/either "last" or "from"/);
	});
});
