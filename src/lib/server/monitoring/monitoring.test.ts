import { describe, expect, it } from 'vitest';
import { evaluateAlerts } from './alerts.ts';
import { driftBand, histogram, psi, quantile } from './stats.ts';
import { chooseBucketMs, computeSummary } from './summary.ts';
import type { MonitoringEvent } from './types.ts';
import { MONITORING_T0 as T0, monitoringEvent as ev } from '#tests/support/monitoring-events.ts';

const HOUR = 3_600_000;

describe('statistics', () => {
	it('bins probabilities with the last edge inclusive', () => {
		expect(histogram([0, 0.49, 0.5, 1, 1.2], [0, 0.5, 1])).toEqual([2, 2]);
	});

	it('PSI is 0 for the same distribution and large for a swapped one', () => {
		expect(psi([0.5, 0.5], [0.5, 0.5])).toBe(0);
		// (0.8-0.2)ln(4) + (0.2-0.8)ln(1/4) = 1.2 ln 4
		expect(psi([0.2, 0.8], [0.8, 0.2])).toBeCloseTo(1.2 * Math.log(4), 10);
		expect(Number.isFinite(psi([0.5, 0.5], [1, 0]))).toBe(true);
		expect(() => psi([1], [0.5, 0.5])).toThrow(/same bins/);
	});

	it('reads PSI with the usual 0.1 / 0.25 bands', () => {
		expect([0.05, 0.1, 0.2, 0.25, 1].map(driftBand)).toEqual(['stable', 'moderate', 'moderate', 'significant', 'significant']);
	});

	it('percentiles interpolate between ranks', () => {
		const values = Array.from({ length: 100 }, (_, i) => i + 1);
		expect(quantile(values, 0.5)).toBeCloseTo(50.5);
		expect(quantile(values, 0.95)).toBeCloseTo(95.05);
		expect(quantile(values, 0.99)).toBeCloseTo(99.01);
	});

	it('picks coarser buckets for longer ranges', () => {
		expect(chooseBucketMs(T0, T0 + 6 * HOUR)).toBe(5 * 60_000);
		expect(chooseBucketMs(T0, T0 + 2 * 24 * HOUR)).toBe(HOUR);
		expect(chooseBucketMs(T0, T0 + 30 * 24 * HOUR)).toBe(24 * HOUR);
	});
});

describe('monitoring summary on a known set of events', () => {
	const events: MonitoringEvent[] = [
		ev({ probability: 0.9, label: 1, oovCount: 1, latencyMs: 10, shadowModelVersion: 'v2', shadowLabel: 1 }),
		ev({ probability: 0.8, label: 1, oovCount: 1, latencyMs: 20, overridden: true, shadowModelVersion: 'v2', shadowLabel: 0 }),
		ev({ time: T0 + HOUR, probability: 0.2, label: 0, oovCount: 2, latencyMs: 30, backend: 'webgpu' }),
		ev({ time: T0 + HOUR, probability: 0.1, label: 0, oovCount: 0, latencyMs: 40, appVersion: '0.2.0' }),
		ev({
			time: T0 + HOUR,
			kind: 'model-error',
			errorCode: 'BUNDLE_INTEGRITY',
			modelVersion: 'v2',
			label: null,
			probability: null,
			tokenCount: null,
			oovCount: null,
			overridden: null
		}),
		ev({ time: T0 + 5 * HOUR, probability: 0.99 }) // outside the range
	];
	const references = new Map([['v1', { edges: [0, 0.5, 1], proportions: [0.5, 0.5], count: 100 }]]);
	const s = computeSummary(events, { from: T0, to: T0 + 2 * HOUR, bucketMs: HOUR, references });

	it('counts predictions, label mix and errors in range', () => {
		expect(s.totals).toEqual({ predictions: 4, modelErrors: 1 });
		expect(s.labelMix).toEqual({ compliant: 2, nonCompliant: 2, nonCompliantShare: 0.5 });
		expect(s.modelErrors).toEqual([{ errorCode: 'BUNDLE_INTEGRITY', modelVersion: 'v2', count: 1 }]);
	});

	it('builds the timeline by model version with OOV and override rates', () => {
		expect(s.timeline.map((b) => b.start)).toEqual([T0, T0 + HOUR]);
		expect(s.timeline.map((b) => b.byModel)).toEqual([{ v1: 2 }, { v1: 2 }]);
		expect(s.timeline[0]).toMatchObject({ oovRate: 0.1, meanTokens: 10, overrideRate: 0.5 });
		expect(s.timeline[1]).toMatchObject({ oovRate: 0.1, overrideRate: 0 });
		expect(s.oovRate).toBeCloseTo(4 / 40);
	});

	it('compares confidence with the reference: same shape, PSI 0', () => {
		expect(s.confidence).toEqual([
			{
				modelVersion: 'v1',
				edges: [0, 0.5, 1],
				counts: [2, 2],
				proportions: [0.5, 0.5],
				reference: [0.5, 0.5],
				psi: 0,
				band: 'stable',
				predictions: 4,
				nonCompliantShare: 0.5,
				referenceNonCompliantShare: 0.5,
				labelAdjustedPsi: 0
			}
		]);
	});

	it('estimates accuracy from calibrated probabilities and reports overrides', () => {
		expect(s.accuracyEstimate).toBeCloseTo((0.9 + 0.8 + 0.8 + 0.9) / 4);
		expect(s.overrides).toEqual({ count: 1, rate: 0.25 });
	});

	it('reports champion/challenger agreement and latency by backend', () => {
		expect(s.agreement).toEqual([{ challenger: 'v2', comparisons: 2, agreementRate: 0.5 }]);
		expect(s.latency.map((l) => [l.backend, l.count, l.p50])).toEqual([
			['wasm', 3, 20],
			['webgpu', 1, 30]
		]);
	});

	it('lists active model versions with their app versions', () => {
		expect(s.activeVersions[0]).toMatchObject({ modelVersion: 'v1', appVersions: ['0.1.0', '0.2.0'], events: 4, share: 0.8 });
		expect(s.activeVersions[1]).toMatchObject({ modelVersion: 'v2', events: 1 });
	});

	it('filters by model version', () => {
		const only = computeSummary(events, { from: T0, to: T0 + 2 * HOUR, model: 'v2', references });
		expect(only.totals).toEqual({ predictions: 0, modelErrors: 1 });
		expect(only.accuracyEstimate).toBeNull();
	});

	it('alerts on model errors but not on drift or rates with too few events', () => {
		expect(s.alerts.map((a) => a.code)).toEqual(['MODEL_ERRORS']);
	});
});

describe('alerts', () => {
	const references = new Map([['v1', { edges: [0, 0.5, 1], proportions: [0.5, 0.5], count: 100 }]]);
	const many = (n: number, o: Partial<MonitoringEvent>, at = T0) => Array.from({ length: n }, () => ev({ time: at, ...o }));

	it('calls every prediction landing in one half a label-mix shift, not input drift', () => {
		const s = computeSummary(many(50, { probability: 0.95 }), { from: T0, to: T0 + HOUR, references });
		expect(s.confidence[0].band).toBe('significant');
		expect(s.alerts.map((a) => [a.code, a.kind, a.severity])).toEqual([['LABEL_MIX', 'label-mix', 'critical']]);
	});

	it('flags a high override rate, an OOV jump and slow p95 latency', () => {
		const events = [
			...many(40, { oovCount: 0, probability: 0.2, label: 0 }, T0),
			...many(20, { probability: 0.8, overridden: true, oovCount: 5, latencyMs: 900 }, T0 + HOUR),
			...many(20, { probability: 0.8, oovCount: 5, latencyMs: 900 }, T0 + HOUR)
		];
		const s = computeSummary(events, { from: T0, to: T0 + 2 * HOUR, bucketMs: HOUR, references });
		const codes = s.alerts.map((a) => a.code);
		expect(codes).toContain('OVERRIDE_RATE');
		expect(codes).toContain('OOV_JUMP');
		expect(codes).toContain('LATENCY');
	});

	it('stays quiet for a healthy stream', () => {
		const healthy = [...many(30, { probability: 0.1, label: 0, oovCount: 1 }), ...many(30, { probability: 0.9, oovCount: 1 })];
		const s = computeSummary(healthy, { from: T0, to: T0 + HOUR, references });
		expect(evaluateAlerts(s)).toEqual([]);
	});
});
