import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, backoffDelay } from './backoff.ts';

describe('telemetry backoff', () => {
	it('doubles the wait after each failure and stays under the cap', () => {
		const waits = [1, 2, 3, 4].map((n) => backoffDelay(n, 0.999));
		for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1] * 1.9);
		expect(backoffDelay(50, 0.999)).toBeLessThanOrEqual(BACKOFF_MAX_MS);
	});

	it('spreads devices that failed together', () => {
		expect(backoffDelay(3, 0)).toBeLessThan(backoffDelay(3, 0.9));
	});
});
