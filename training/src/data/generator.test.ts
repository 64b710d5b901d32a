import { describe, expect, it } from 'vitest';
import { findYears, tokenize } from '../../../src/lib/text/index.ts';
import { DEFAULT_HELD_OUT_SHAPES, generate, generatorLexicon, SHAPE_IDS, type Sample } from './generator.ts';

// The regulation, restated independently of the generator so a bug there shows here.
const expectedLabel = (s: Sample) =>
	s.meta!.year < 1995 || ['fair', 'poor'].includes(s.meta!.condition) || ['plastic', 'iron'].includes(s.meta!.material) ? 1 : 0;

describe('generate', () => {
	const samples = generate({ count: 6000, seed: 42 });

	it('is deterministic per seed and differs across seeds', () => {
		expect(generate({ count: 500, seed: 42 })).toEqual(generate({ count: 500, seed: 42 }));
		const other = generate({ count: 500, seed: 43 }).map((s) => s.text);
		const same = generate({ count: 500, seed: 42 }).map((s) => s.text);
		expect(other).not.toEqual(same);
	});

	it('labels every sample by the regulation, recomputed from its attributes', () => {
		for (const s of samples) expect(s.label, s.text).toBe(expectedLabel(s));
	});

	it('balances labels', () => {
		expect(samples.filter((s) => s.label === 1).length).toBe(3000);
		const odd = generate({ count: 7, seed: 1 });
		expect(Math.abs(odd.filter((s) => s.label === 1).length - 3.5)).toBe(0.5);
	});

	it('writes each attribute as text the model can see', () => {
		for (const s of samples.slice(0, 2000)) {
			const text = s.text.toLowerCase();
			if (s.meta!.typo) continue;
			const materialWords: Record<string, RegExp> = {
				steel: /steel|stainless/,
				'carbon fiber': /carbon[\s-]+fib(er|re)/,
				plastic: /plastic|pvc|polypropylene/,
				iron: /iron/
			};
			const conditionWords: Record<string, RegExp> = {
				new: /new|unused|mint/,
				good: /good|excellent|like new/,
				fair: /fair/,
				poor: /poor|bad|damaged/
			};
			expect(text, s.text).toMatch(materialWords[s.meta!.material]);
			expect(text, s.text).toMatch(conditionWords[s.meta!.condition]);
		}
	});

	it('uses every shape, and the held-out shapes are real shape ids', () => {
		const used = new Set(samples.map((s) => s.meta!.shape));
		expect([...used].sort()).toEqual([...SHAPE_IDS].sort());
		expect(SHAPE_IDS.length).toBeGreaterThanOrEqual(25);
		for (const id of DEFAULT_HELD_OUT_SHAPES) expect(SHAPE_IDS).toContain(id);
	});

	it('restricts to the requested shapes and rejects unknown ones', () => {
		const only = generate({ count: 200, seed: 5, shapes: ['csv-row', 'json-like'] });
		expect(new Set(only.map((s) => s.meta!.shape))).toEqual(new Set(['csv-row', 'json-like']));
		expect(() => generate({ count: 10, seed: 5, shapes: ['no-such-shape'] })).toThrow(/Known shapes/);
	});

	it('oversamples the years around the 1995 cut-off', () => {
		const nineties = samples.filter((s) => s.meta!.year >= 1990 && s.meta!.year <= 1999).length;
		expect(nineties / samples.length).toBeGreaterThan(0.4);
		const years = samples.map((s) => s.meta!.year);
		expect(Math.min(...years)).toBeLessThan(1960);
		expect(Math.max(...years)).toBeGreaterThan(2020);
	});

	it('includes numbers that are not years, and the featurizer finds exactly the manufacturing year', () => {
		let withDistractors = 0;
		let fourDigitDistractors = 0;
		for (const s of samples) {
			if (s.meta!.distractors) withDistractors++;
			const tokens = tokenize(s.text);
			const years = [...findYears(tokens, s.text).values()];
			const fourDigit = tokens.filter(
				(t) => t.kind === 'number' && /^\d{4}$/.test(t.norm) && Number(t.norm) >= 1900 && Number(t.norm) <= 2099
			);
			if (fourDigit.length > years.length) fourDigitDistractors++;
			// "dated-log" starts with an inspection date: a second, later year.
			if (s.meta!.shape === 'dated-log') {
				expect(years, s.text).toContain(s.meta!.year);
				expect(years.length, s.text).toBe(2);
			} else expect(years, s.text).toEqual([s.meta!.year]);
		}
		expect(withDistractors / samples.length).toBeGreaterThan(0.4);
		expect(fourDigitDistractors / samples.length).toBeGreaterThan(0.15);
	});

	it('writes years in several forms and misspells about 5% of samples', () => {
		const texts = samples.map((s) => s.text);
		expect(texts.some((t) => /['’]\d\d\b/.test(t))).toBe(true);
		expect(texts.some((t) => /\b\d\d\/\d{4}\b/.test(t))).toBe(true);
		expect(texts.some((t) => /\b\d{4}-\d\d\b/.test(t))).toBe(true);
		const typos = samples.filter((s) => s.meta!.typo).length / samples.length;
		expect(typos).toBeGreaterThan(0.03);
		expect(typos).toBeLessThan(0.07);
	});
});

describe('generatorLexicon', () => {
	it('lists the attribute words lower-cased and no numbers', () => {
		const lexicon = generatorLexicon();
		for (const w of [
			'steel',
			'carbon',
			'fibre',
			'plastic',
			'iron',
			'cast',
			'wrought',
			'fair',
			'poor',
			'excellent',
			'caliper',
			'serial',
			'condition'
		]) {
			expect(lexicon).toContain(w);
		}
		expect(lexicon.every((w) => w === w.toLowerCase() && !/\d/.test(w))).toBe(true);
	});
});
