import { describe, expect, it } from 'vitest';
import { MAX_INPUT_CHARS, tokenize } from './tokenize.ts';

describe('tokenize', () => {
	it('keeps offsets into the original text, through accents, emoji and symbols', () => {
		const text = 'Stéel 🚗 brake—caliper, ½ “poor” 🔧🔧 built 1995 ✅';
		const tokens = tokenize(text);
		expect(tokens.map((t) => t.norm)).toEqual(['stéel', 'brake', 'caliper', 'poor', 'built', '1995']);
		for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
	});

	it('normalizes width and case for lookup but keeps the surface text', () => {
		const [t] = tokenize('ＳＴＥＥＬ');
		expect(t.text).toBe('ＳＴＥＥＬ');
		expect(t.norm).toBe('steel');
	});

	it('skips HTML tags, not the text between them', () => {
		const tokens = tokenize('<b class="x1995">steel</b> <br/>bracket <img src=a1994.png> a < b');
		expect(tokens.map((t) => t.norm)).toEqual(['steel', 'bracket', 'a', 'b']);
	});

	it('splits a number glued to a unit but keeps decades, ordinals and ids whole', () => {
		const kinds = (text: string) => tokenize(text).map((t) => `${t.norm}:${t.kind}`);
		expect(kinds('1995mm')).toEqual(['1995:number', 'mm:word']);
		expect(kinds('1990s 3rd')).toEqual(['1990s:number', '3rd:number']);
		expect(kinds('SN1994 a12b')).toEqual(['sn1994:code', 'a12b:code']);
	});

	it('cuts a huge description instead of failing', () => {
		const huge = 'steel bracket 1995 '.repeat(60_000); // ~1.1 MB
		const tokens = tokenize(huge);
		expect(tokens.length).toBeGreaterThan(0);
		expect(tokens.at(-1)!.end).toBeLessThanOrEqual(MAX_INPUT_CHARS);
	});
});
