import { describe, expect, it } from 'vitest';
import { generate } from '../data/generator.ts';
import { pickGolden } from './golden.ts';

describe('golden examples', () => {
	const samples = generate({ count: 2000, seed: 5, realisticShare: 0 }).map((s) => ({ ...s, label: s.label ?? 0 }));
	// A stand-in model that is right except on a few samples, with spread-out probabilities.
	const candidates = samples.map((sample, i) => ({
		sample,
		probability: i % 97 === 0 ? 1 - sample.label : sample.label === 1 ? 0.6 + (i % 40) / 100 : 0.4 - (i % 40) / 100
	}));

	it('picks 12 distinct, correctly classified examples covering both labels, boundary years and distractor numbers', () => {
		const golden = pickGolden(candidates, 12);
		expect(golden).toHaveLength(12);
		expect(new Set(golden.map((g) => g.sample.text)).size).toBe(12);
		for (const g of golden) expect(g.probability >= 0.5 ? 1 : 0).toBe(g.sample.label);
		expect(new Set(golden.map((g) => g.sample.label))).toEqual(new Set([0, 1]));
		const years = golden.map((g) => g.sample.meta?.year);
		expect(years).toContain(1994);
		expect(years).toContain(1995);
		expect(golden.some((g) => (g.sample.meta?.distractors ?? 0) > 0)).toBe(true);
	});

	it('works for customer data without metadata', () => {
		const plain = candidates.map((c) => ({ ...c, sample: { text: c.sample.text, label: c.sample.label } }));
		const golden = pickGolden(plain, 12);
		expect(golden).toHaveLength(12);
		expect(new Set(golden.map((g) => g.sample.label))).toEqual(new Set([0, 1]));
	});
});
