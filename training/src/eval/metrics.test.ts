import { describe, expect, it } from 'vitest';
import { referenceDistributionSchema } from '../../../src/lib/bundle/manifest.ts';
import type { Sample, SampleMeta } from '../data/generator.ts';
import { evaluate, referenceDistribution } from './metrics.ts';
import { renderReport } from './report.ts';

const meta = (year: number, material: string, condition: string, shape = 'csv-row'): SampleMeta => ({ year, material, condition, shape });

// Worked by hand: predictions at 0.5 are 1, 0, 1, 0, 1.
const samples: Sample[] = [
	{ text: 'a', label: 1, meta: meta(1994, 'steel', 'good') },
	{ text: 'b', label: 1, meta: meta(1990, 'iron', 'new', 'json-like') },
	{ text: 'c', label: 0, meta: meta(1995, 'steel', 'good') },
	{ text: 'd', label: 0 },
	{ text: 'e', label: 1, meta: meta(2010, 'plastic', 'fair') }
];
const probabilities = [0.9, 0.4, 0.6, 0.1, 0.8];

describe('evaluate', () => {
	const r = evaluate(samples, probabilities);

	it('computes the confusion matrix and headline metrics with non-compliant as positive', () => {
		expect(r.confusion).toEqual({ tp: 2, fp: 1, tn: 1, fn: 1 });
		expect(r.count).toBe(5);
		expect(r.accuracy).toBeCloseTo(0.6, 12);
		expect(r.precision).toBeCloseTo(2 / 3, 12);
		expect(r.recall).toBeCloseTo(2 / 3, 12);
		expect(r.f1).toBeCloseTo(2 / 3, 12);
	});

	it('computes the expected calibration error over confidence bins', () => {
		// bin 0.9: 2 right at 0.9 -> 0.1; bin 0.6: 2 wrong at 0.6 -> 0.6; bin 0.8: 1 right -> 0.2.
		expect(r.ece).toBeCloseTo((2 * 0.1 + 2 * 0.6 + 0.2) / 5, 12);
		expect(evaluate(samples, [1, 1, 0, 0, 1]).ece).toBe(0);
		expect(evaluate(samples, [1, 0, 0, 0, 1]).ece).toBeCloseTo(0.2, 12); // one confident mistake in five
	});

	it('slices by material, condition, 1990s year and shape; samples without meta only count overall', () => {
		expect(r.slices.material).toEqual({
			iron: { count: 1, decidable: 1, accuracy: 0 },
			plastic: { count: 1, decidable: 1, accuracy: 1 },
			steel: { count: 2, decidable: 2, accuracy: 0.5 }
		});
		expect(r.slices.condition.good).toEqual({ count: 2, decidable: 2, accuracy: 0.5 });
		expect(r.slices.year).toEqual({
			'1990': { count: 1, decidable: 1, accuracy: 0 },
			'1994': { count: 1, decidable: 1, accuracy: 1 },
			'1995': { count: 1, decidable: 1, accuracy: 0 }
		});
		expect(r.slices.shape['json-like']).toEqual({ count: 1, decidable: 1, accuracy: 0 });
		expect(r.slices.shape['csv-row'].count).toBe(3);
	});

	it('honours the threshold and survives no positive predictions', () => {
		const strict = evaluate(samples, probabilities, 0.85);
		expect(strict.confusion).toEqual({ tp: 1, fp: 0, tn: 2, fn: 2 });
		expect(strict.precision).toBe(1);
		expect(strict.recall).toBeCloseTo(1 / 3, 12);
		const none = evaluate(samples, [0, 0, 0, 0, 0]);
		expect([none.precision, none.recall, none.f1]).toEqual([0, 0, 0]);
		expect(evaluate(samples, [0.5, 0, 0, 0, 0]).confusion.tp).toBe(1);
	});

	it('rejects mismatched or invalid probabilities', () => {
		expect(() => evaluate(samples, [0.5])).toThrow(/one probability per sample/);
		expect(() => evaluate(samples, [0.1, 0.2, Number.NaN, 0.3, 0.4])).toThrow(/must be in \[0, 1\]/);
		expect(() => evaluate(samples, [0.1, 0.2, 3, 0.3, 0.4])).toThrow(/sigmoid/);
	});
});

describe('referenceDistribution', () => {
	it('bins probabilities into 20 equal bins whose shares sum to 1', () => {
		const d = referenceDistribution(new Float32Array([0, 0.04, 0.05, 0.5, 0.99, 1]));
		expect(referenceDistributionSchema.parse(d)).toEqual(d);
		expect(d.edges).toHaveLength(21);
		expect(d.edges[0]).toBe(0);
		expect(d.edges[20]).toBe(1);
		expect(d.count).toBe(6);
		expect(d.proportions[0]).toBeCloseTo(2 / 6, 12);
		expect(d.proportions[1]).toBeCloseTo(1 / 6, 12);
		expect(d.proportions[10]).toBeCloseTo(1 / 6, 12);
		expect(d.proportions[19]).toBeCloseTo(2 / 6, 12);
		expect(d.proportions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
		expect(referenceDistribution([0.3], 4).proportions).toEqual([0, 1, 0, 0]);
		expect(() => referenceDistribution([])).toThrow(/at least one/);
	});
});

describe('renderReport', () => {
	it('renders a markdown summary row per set, the confusion matrix and slice tables', () => {
		const md = renderReport('Model v1', {
			test: evaluate(samples, probabilities),
			'held-out shapes': evaluate(samples.slice(0, 2), [0.9, 0.9])
		});
		expect(md).toMatch(/^# Model v1/);
		expect(md).toContain('| test | 5 | 5 | 60.00% | 66.67% | 66.67% | 66.67% |');
		expect(md).toContain('| held-out shapes | 2 | 2 | 100.00% |');
		expect(md).toContain('| actual 1 | 2 | 1 |');
		expect(md).toContain('| actual 0 | 1 | 1 |');
		expect(md).toContain('### By material');
		expect(md).toContain('| steel | 2 | 50.00% |');
		expect(md).toContain('| 1994 | 1 | 100.00% |');
	});

	it('scores what a technician sees: verdicts on decidable rows, flags, and the error left among unflagged verdicts', () => {
		const rows: Sample[] = [
			{ text: 'a', label: 1 },
			{ text: 'b', label: 0 },
			{ text: 'c', label: 0 },
			{ text: 'd', label: null },
			{ text: 'e', label: null }
		];
		// b is wrong but flagged; c is right; d undecidable and flagged; e undecidable and NOT flagged.
		const r = evaluate(rows, [0.9, 0.7, 0.1, 0.5, 0.2], 0.5, [false, true, false, true, false]);
		expect(r.decidable).toBe(3);
		expect(r.accuracy).toBeCloseTo(2 / 3, 10);
		expect(r.review).toEqual({
			flaggedShare: 2 / 5,
			flaggedShareDecidable: 1 / 3,
			unflaggedError: 1 / 3,
			unflagged: 3,
			undecidable: 2,
			undecidableFlagged: 1 / 2
		});
	});
});
