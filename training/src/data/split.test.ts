import { describe, expect, it } from 'vitest';
import { DEFAULT_HELD_OUT_SHAPES, generate, type Sample } from './generator.ts';
import { normalizeForDedup, splitDataset } from './split.ts';

describe('normalizeForDedup', () => {
	it('ignores case, spacing and sentence punctuation', () => {
		expect(normalizeForDedup('Steel  bracket, 1995; FAIR.')).toBe(normalizeForDedup('steel bracket 1995 fair'));
		expect(normalizeForDedup('ｓｔｅｅｌ bracket')).toBe('steel bracket');
	});

	it('keeps symbols and decimals that change what a number means', () => {
		expect(normalizeForDedup('bracket #1994')).not.toBe(normalizeForDedup('bracket 1994'));
		expect(normalizeForDedup("built '94")).not.toBe(normalizeForDedup('built 94'));
		expect(normalizeForDedup('1995.5 mm')).not.toBe(normalizeForDedup('1995 5 mm'));
	});
});

describe('splitDataset', () => {
	const samples = generate({ count: 8000, seed: 9 });
	const split = splitDataset(samples, { seed: 1 });
	const keys = (part: Sample[]) => new Set(part.map((s) => normalizeForDedup(s.text)));

	it('never puts a test or validation text (normalized) in training', () => {
		const train = keys(split.train);
		for (const s of [...split.test, ...split.validation, ...split.heldOutShapes])
			expect(train.has(normalizeForDedup(s.text)), s.text).toBe(false);
		const test = keys(split.test);
		for (const s of split.validation) expect(test.has(normalizeForDedup(s.text))).toBe(false);
	});

	it('drops near-duplicates before splitting', () => {
		const base: Sample[] = [
			{ text: 'Steel bracket 1995 good', label: 0 },
			{ text: 'steel bracket, 1995, good.', label: 0 },
			{ text: 'STEEL  BRACKET 1995 GOOD', label: 1 },
			{ text: 'iron axle 1980 poor', label: 1 }
		];
		const s = splitDataset(base, { seed: 3, validationShare: 0, testShare: 0.5 });
		expect(s.train.length + s.test.length + s.validation.length).toBe(2);
		expect(s.duplicates).toBe(2);
		expect(s.conflictingDuplicates).toBe(1);
	});

	it('keeps the held-out shapes out of train, validation and test', () => {
		expect(split.heldOutShapes.length).toBeGreaterThan(0);
		for (const s of split.heldOutShapes) expect(DEFAULT_HELD_OUT_SHAPES).toContain(s.meta!.shape);
		for (const s of [...split.train, ...split.validation, ...split.test]) expect(DEFAULT_HELD_OUT_SHAPES).not.toContain(s.meta!.shape);
	});

	it('uses the requested shares, keeps labels balanced, loses nothing else', () => {
		const rest = split.train.length + split.validation.length + split.test.length;
		expect(rest + split.heldOutShapes.length + split.duplicates!).toBe(samples.length);
		expect(split.test.length / rest).toBeCloseTo(0.1, 1);
		expect(split.validation.length / rest).toBeCloseTo(0.1, 1);
		const decided = split.test.filter((s) => s.label !== null);
		const positives = decided.filter((s) => s.label === 1).length / decided.length;
		expect(positives).toBeGreaterThan(0.45);
		expect(positives).toBeLessThan(0.55);
	});

	it('keeps texts that differ only by their numbers in the same part', () => {
		const twins = Array.from({ length: 200 }, (_, i) => [
			{ text: `steel bracket ${1900 + i} good ${i}`, label: 0 as const },
			{ text: `steel bracket ${2099 - i} good ${i}`, label: 1 as const }
		]).flat();
		const s = splitDataset(twins, { seed: 3 });
		const part = (text: string) =>
			s.train.some((x) => x.text === text) ? 'train' : s.validation.some((x) => x.text === text) ? 'validation' : 'test';
		for (let i = 0; i < twins.length; i += 2) expect(part(twins[i].text)).toBe(part(twins[i + 1].text));
	});

	it('is deterministic per seed, and customer samples without meta are never held out', () => {
		expect(splitDataset(samples, { seed: 1 })).toEqual(split);
		const plain = samples.slice(0, 500).map(({ text, label }) => ({ text, label }));
		expect(splitDataset(plain, { seed: 1 }).heldOutShapes).toEqual([]);
		expect(() => splitDataset(samples, { seed: 1, testShare: 0.6, validationShare: 0.5 })).toThrow(/leave some data/);
	});
});
