import { describe, expect, it } from 'vitest';
import { FIELD_EVAL_SHARE, fieldDraw, fieldPart, normalizeFieldText } from './field-split.ts';

describe('frozen field split', () => {
	it('depends only on the normalized text', () => {
		const t = 'Iron bracket, built 2004, good condition';
		expect(fieldPart('  IRON   bracket, built 2004, good condition ')).toBe(fieldPart(t));
		expect(fieldDraw('Ｉron bracket, built 2004, good condition')).toBe(fieldDraw(t)); // NFKC: full-width I
		expect(normalizeFieldText('A\tb  C')).toBe('a b c');
	});

	it('keeps known texts in their parts (a change here would move texts between parts: do not)', () => {
		// Pinned values: the split must never change from one release to the next.
		const pinned = [
			'Steel component manufactured in 1995 in fair condition',
			'Iron bracket, built 2004, good condition',
			'plastic cap 1987 poor'
		];
		expect(pinned.map((t) => Number(fieldDraw(t).toFixed(6)))).toMatchInlineSnapshot(`
			[
			  0.972591,
			  0.166652,
			  0.987272,
			]
		`);
	});

	it('sends about a quarter of texts to field-eval', () => {
		const texts = Array.from({ length: 8000 }, (_, i) => `Steel part ${i} made ${1950 + (i % 70)} in good condition`);
		const share = texts.filter((t) => fieldPart(t) === 'field-eval').length / texts.length;
		// Binomial(8000, 0.25): sd 0.0048; 5 sd either side.
		expect(Math.abs(share - FIELD_EVAL_SHARE)).toBeLessThan(0.025);
	});
});
