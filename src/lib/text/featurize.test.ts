import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, EMBEDDING_DIM, encode, FEATURE_DIM, featurize, MAX_TOKENS } from './featurize.ts';
import { quantizeRow, Vocabulary } from './vocabulary.ts';
import { YEAR_FEATURES } from './years.ts';

// A tiny vocabulary with deterministic rows; "steel" is listed before "step" as the
// vocabulary builder lists domain words first.
const WORDS = ['steel', 'step', 'bracket', 'fair', 'far', 'condition', 'brake', 'caliper', 'built', 'in', 'plastic', 'iron'];
function tinyVocabulary(): Vocabulary {
	const rows = new Int8Array(WORDS.length * EMBEDDING_DIM);
	const scales = new Float32Array(WORDS.length);
	WORDS.forEach((_, i) => {
		const row = Array.from({ length: EMBEDDING_DIM }, (_, j) => Math.sin(i * 31 + j * 7));
		scales[i] = quantizeRow(row, rows, i * EMBEDDING_DIM);
	});
	return new Vocabulary(WORDS, scales, rows, EMBEDDING_DIM);
}
const vocab = tinyVocabulary();
const SHORT_YEAR = EMBEDDING_DIM + YEAR_FEATURES;
const OTHER_NUMBER = SHORT_YEAR + 1;
const YEAR_LIKE_ID = OTHER_NUMBER + 2;
const UNKNOWN_WORD = OTHER_NUMBER + 1;
const row = (features: Float32Array, length: number, b: number, t: number) =>
	features.subarray((b * length + t) * FEATURE_DIM, (b * length + t + 1) * FEATURE_DIM);

describe('analyze', () => {
	it('marks years, other numbers and unknown words', () => {
		const a = analyze('Steel bracket serial 1987, built 1995, zorgblat', vocab);
		expect(a.tokens.map((t) => t.kind)).toEqual(['word', 'word', 'word', 'number', 'word', 'year', 'word']);
		expect(a.tokens[5].year).toBe(1995);
		expect(a.tokens[0].vocabIndex).toBe(vocab.indexOf('steel'));
		expect(a.oovCount).toBe(2); // "serial" and "zorgblat" are not in the tiny vocabulary
	});

	it('corrects typos to a close known word', () => {
		const [stel, fiar, plastik] = analyze('stel fiar plastik', vocab).tokens;
		expect(stel.correctedTo).toBe('steel');
		expect(fiar.correctedTo).toBe('fair');
		expect(plastik.correctedTo).toBe('plastic');
		expect(analyze('stel', vocab).oovCount).toBe(0);
	});

	it('ignores emoji and HTML and truncates a 1 MB description without throwing', () => {
		expect(analyze('<b>steel</b> 🔧 bracket ✅', vocab).tokens.map((t) => t.text)).toEqual(['steel', 'bracket']);
		const a = analyze('steel bracket built 1995 '.repeat(42_000), vocab);
		expect(a.truncated).toBe(true);
		expect(a.tokens).toHaveLength(MAX_TOKENS);
		expect(analyze('steel', vocab).truncated).toBe(false);
	});
});

describe('encode', () => {
	it('writes the embedding, year, number and unknown-word features of each token', () => {
		const { features, mask, length, dim } = featurize(['steel 1995 #1994 zorgblat'], vocab);
		expect(dim).toBe(FEATURE_DIM);
		expect(length).toBe(4);
		expect([...mask]).toEqual([1, 1, 1, 1]);
		const expected = new Float32Array(EMBEDDING_DIM);
		vocab.writeVector(vocab.indexOf('steel'), expected, 0);
		expect([...row(features, length, 0, 0).subarray(0, EMBEDDING_DIM)]).toEqual([...expected]);
		expect(row(features, length, 0, 1)[EMBEDDING_DIM]).toBe(1); // is-year
		expect(row(features, length, 0, 2)[EMBEDDING_DIM]).toBe(0);
		expect(row(features, length, 0, 2)[OTHER_NUMBER]).toBe(1);
		expect(row(features, length, 0, 3)[UNKNOWN_WORD]).toBe(1);
		// "#1994" is an identifier that looks like a year; "1995" is a year.
		expect(row(features, length, 0, 2)[YEAR_LIKE_ID]).toBe(1);
		expect(row(features, length, 0, 1)[YEAR_LIKE_ID]).toBe(0);
		expect(FEATURE_DIM % 2).toBe(0); // see EXTRA_FEATURES: WebGPU needs an even channel count
	});

	it('marks a bare two-digit number as a possible year, with the year it would be', () => {
		const { features, length, analyzed } = featurize(['steel bracket built 94'], vocab);
		expect(analyzed[0].tokens[3]).toMatchObject({ kind: 'number', shortYear: 1994 });
		const r = row(features, length, 0, 3);
		expect(r[EMBEDDING_DIM]).toBe(0); // not a certain year
		expect(r[SHORT_YEAR]).toBe(1);
		expect(r[OTHER_NUMBER]).toBe(0);
		expect(r[EMBEDDING_DIM + 1]).toBeCloseTo((1994 - 1950) / 50); // linear year value
	});

	it('gives a text the same rows alone or padded in a batch with a longer text', () => {
		const short = 'fair steel bracket 1994';
		const long = 'Brake caliper in plastic, built 1999, condition far from fair, serial 2001 and 12000 km';
		const alone = featurize([short], vocab);
		const batch = featurize([long, short], vocab);
		const fixed = featurize([short], vocab, { length: 64 });
		expect(batch.length).toBeGreaterThan(alone.length);
		for (let t = 0; t < alone.length; t++) {
			expect([...row(batch.features, batch.length, 1, t)]).toEqual([...row(alone.features, alone.length, 0, t)]);
			expect([...row(fixed.features, fixed.length, 0, t)]).toEqual([...row(alone.features, alone.length, 0, t)]);
		}
		for (let t = alone.length; t < batch.length; t++) {
			expect(batch.mask[batch.length + t]).toBe(0);
			expect(row(batch.features, batch.length, 1, t).every((x) => x === 0)).toBe(true);
		}
	});

	it('keeps a valid shape for an empty description and can occlude tokens', () => {
		const empty = featurize([''], vocab);
		expect(empty.length).toBe(1);
		expect([...empty.mask]).toEqual([0]);
		const analyzed = [analyze('steel bracket 1995', vocab)];
		const occluded = encode(analyzed, vocab, { occlude: [new Set([2])] });
		expect([...occluded.mask]).toEqual([1, 1, 0]);
		expect(row(occluded.features, 3, 0, 2).every((x) => x === 0)).toBe(true);
	});
});

describe('the shipped vocabulary', () => {
	const dir = path.resolve(import.meta.dirname, '../../../models/vocab');
	const files = readdirSync(dir).filter((f) => f.endsWith('.bin'));

	it.each(files)('%s corrects the typos technicians make in material and condition words', (file) => {
		const shipped = Vocabulary.decode(readFileSync(path.join(dir, file)));
		const corrected = (word: string) => analyze(word, shipped).tokens[0].correctedTo;
		expect(corrected('stel')).toBe('steel');
		expect(corrected('stele')).toBe('steel');
		expect(corrected('fiar')).toBe('fair');
		expect(corrected('iorn')).toBe('iron');
		expect(corrected('plastik')).toBe('plastic');
		expect(corrected('carbn')).toBe('carbon');
		expect(corrected('pooor')).toBe('poor');
	});
});
