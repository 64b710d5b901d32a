import { describe, expect, it } from 'vitest';
import { applyTemperature, chooseReviewPolicy, fitTemperature, temperedNll } from './calibration.ts';

describe('temperature scaling', () => {
	it('finds the temperature that undoes a known over-confidence', () => {
		// Labels drawn so that the true probability is sigmoid(z), while the model reports sigmoid(3z).
		const labels: number[] = [];
		const reported: number[] = [];
		for (let i = 0; i < 4000; i++) {
			const z = ((i % 200) - 100) / 25;
			const p = 1 / (1 + Math.exp(-z));
			labels.push((i * 0.6180339887) % 1 < p ? 1 : 0);
			reported.push(1 / (1 + Math.exp(-3 * z)));
		}
		const t = fitTemperature(labels, reported);
		expect(t).toBeGreaterThan(2.5);
		expect(t).toBeLessThan(3.5);
		expect(temperedNll(labels, reported, t)).toBeLessThan(temperedNll(labels, reported, 1));
		expect(applyTemperature(0.5, t)).toBeCloseTo(0.5, 10);
		expect(applyTemperature(0.99, 2)).toBeLessThan(0.99);
	});

	it('is 1 without data', () => {
		expect(fitTemperature([], [])).toBe(1);
	});
});

describe('review thresholds', () => {
	it('flags the undecidable and the unsure, within the flag budget, for the lowest unflagged error', () => {
		const labels = [1, 0, 1, 0, null, null, 1, 0, 1, 0] as const;
		const probabilities = [0.99, 0.01, 0.98, 0.55, 0.3, 0.2, 0.97, 0.02, 0.99, 0.03];
		const undecidable = [0.1, 0.1, 0.1, 0.1, 0.9, 0.75, 0.1, 0.1, 0.1, 0.1];
		const choice = chooseReviewPolicy({ labels: [...labels], probabilities, undecidable, alwaysFlagged: labels.map(() => false) }, 0.15);
		expect(choice.unflaggedError).toBe(0);
		expect(choice.flaggedShareDecidable).toBeCloseTo(1 / 8, 10); // only the 0.55 verdict
		expect(choice.policy.undecidableThreshold).toBeLessThanOrEqual(0.7);
		// With no room for flags on decidable rows, the unsure wrong verdict stays unflagged.
		expect(
			chooseReviewPolicy({ labels: [...labels], probabilities, undecidable, alwaysFlagged: labels.map(() => false) }, 0).unflaggedError
		).toBeCloseTo(1 / 8, 10);
	});
});
