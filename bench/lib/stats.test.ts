import { describe, expect, it } from 'vitest';
import { percentile, speedup, summarize, throughput, timeLoop } from './stats.ts';

describe('percentile', () => {
	it('interpolates between ranks like numpy (R-7)', () => {
		const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
		expect(percentile(sorted, 50)).toBeCloseTo(5.5, 12);
		expect(percentile(sorted, 99)).toBeCloseTo(9.91, 12);
		expect(percentile(sorted, 0)).toBe(1);
		expect(percentile(sorted, 100)).toBe(10);
	});

	it('is NaN for no samples and rejects a percentile outside 0..100', () => {
		expect(percentile([], 50)).toBeNaN();
		expect(() => percentile([1], 101)).toThrow(RangeError);
	});
});

describe('summarize', () => {
	it('sorts unsorted samples and reports the tail', () => {
		const s = summarize([5, 1, 100, 3, 2]);
		expect(s.runs).toBe(5);
		expect(s.p50).toBe(3);
		expect(s.min).toBe(1);
		expect(s.max).toBe(100);
		expect(s.p99).toBeGreaterThan(90);
		expect(s.mean).toBeCloseTo(22.2, 12);
	});
});

describe('ratios', () => {
	it('speedup is baseline over candidate, NaN when a contender is missing', () => {
		expect(speedup(10, 2)).toBe(5);
		expect(speedup(undefined, 2)).toBeNaN();
		expect(speedup(10, 0)).toBeNaN();
	});

	it('throughput converts a batch time to items per second', () => {
		expect(throughput(256, 128)).toBe(2000);
	});
});

describe('timeLoop', () => {
	it('runs warm-up calls untimed and stops at the wanted run count', async () => {
		let calls = 0;
		const samples = await timeLoop(() => calls++, { warmup: 3, runs: 7, maxMs: 60_000 });
		expect(samples).toHaveLength(7);
		expect(calls).toBe(10);
	});

	it('stops at the time budget but keeps the minimum run count', async () => {
		const slow = () => new Promise((r) => setTimeout(r, 5));
		const samples = await timeLoop(slow, { warmup: 0, runs: 1000, maxMs: 1, minRuns: 3 });
		expect(samples.length).toBeGreaterThanOrEqual(3);
		expect(samples.length).toBeLessThan(1000);
	});
});
