import { describe, expect, it } from 'vitest';
import { findYears, tokenize } from '../../../src/lib/text/index.ts';
import { DEFAULT_HELD_OUT_SHAPES, generate, generatorLexicon, SHAPE_IDS, type Sample } from './generator.ts';

// The regulation, restated independently of the generator so a bug there shows here.
const expectedLabel = (s: Sample) => {
	const m = s.meta!;
	if ((m.year !== null && m.year < 1995) || ['fair', 'poor'].includes(m.condition ?? '') || ['plastic', 'iron'].includes(m.material ?? ''))
		return 1;
	if (m.year === null || m.condition === null || m.material === null || m.material === 'other') return null;
	return 0;
};

describe('generate (classic sentence shapes)', () => {
	const samples = generate({ count: 6000, seed: 42, realisticShare: 0 });

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
		const odd = generate({ count: 7, seed: 1, realisticShare: 0 });
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
			expect(text, s.text).toMatch(materialWords[s.meta!.material!]);
			expect(text, s.text).toMatch(conditionWords[s.meta!.condition!]);
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

	it('oversamples the years around the 1995 cut-off and covers 1900-1949', () => {
		const near = samples.filter((s) => s.meta!.year! >= 1989 && s.meta!.year! <= 2001).length;
		expect(near / samples.length).toBeGreaterThan(0.45);
		const years = samples.map((s) => s.meta!.year!);
		expect(years.filter((y) => y < 1950).length / years.length).toBeGreaterThan(0.05);
		expect(Math.min(...years)).toBeLessThan(1910);
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

describe('generate (realistic compositions)', () => {
	const samples = generate({ count: 6000, seed: 7 });
	const composed = samples.filter((s) => s.meta!.shape === 'realistic');

	it('labels every sample by the regulation recomputed from its facts, null where it cannot be decided', () => {
		for (const s of samples) expect(s.label, s.text).toBe(expectedLabel(s));
	});

	it('mixes classic and realistic samples, with about a fifth that cannot be decided', () => {
		expect(composed.length / samples.length).toBeGreaterThan(0.6);
		const undecidable = samples.filter((s) => s.label === null).length / samples.length;
		expect(undecidable).toBeGreaterThan(0.15);
		expect(undecidable).toBeLessThan(0.25);
	});

	it('exercises the phenomena of real writing', () => {
		const seen = new Set(composed.map((s) => s.meta!.phenomenon));
		for (const p of [
			'negation',
			'history',
			'other-year',
			'identifier',
			'typo',
			'uppercase',
			'missing-fact',
			'unknown-material',
			'not-a-description',
			'decisive-partial'
		])
			expect(seen, p).toContain(p);
	});

	it('writes corrections and past conditions that disagree with the facts, and years of other things', () => {
		const texts = composed.map((s) => s.text.toLowerCase());
		expect(texts.some((t) => /actual part is|listed as .* in error|not .* as labelled/.test(t))).toBe(true);
		expect(texts.some((t) => /(reconditioned|refurbished|re-inspected).*now|re-inspected:/.test(t))).toBe(true);
		expect(texts.some((t) => /(last inspection|installed on a|fitted to a|iso 9001:)\s*\d{4}/.test(t))).toBe(true);
		expect(texts.some((t) => /\b(built|mfd|made|my|yr|from|mfg) \d\d\b/.test(t))).toBe(true);
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
