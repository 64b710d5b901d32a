import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVocabulary, isWordLike, loadVocabulary } from './build.ts';
import { streamGlove } from './glove-stream.ts';

// A tiny stand-in for the wink GloVe JSON (same layout, 4 dimensions instead of 100).
const words = ['the', ',', 'vectors', '1995', 'steel', 'carbon-fiber', '"', 'café', 'iron', 'zebra'];
const vector = (i: number) => [0.5 - i / 10, i / 7, -1.25 + i / 3, i % 2 === 0 ? 0.03 : -0.9];
function fakeGlove(dir: string, options: { truncate?: boolean } = {}): string {
	const entries = words.map((w, i) => `${JSON.stringify(w)}:[${[...vector(i), 1.5, i].join(',')}]`).join(',');
	let json = `{"precision":8,"l2NormIndex":4,"wordIndex":5,"size":${words.length},"dimensions":4,"words":${JSON.stringify(words)},"vectors":{${entries}},"unkVector":[0,0,0,0,0,-1]}`;
	if (options.truncate) json = json.slice(0, json.indexOf('"iron":'));
	const file = path.join(dir, options.truncate ? 'truncated.json' : 'glove.json');
	writeFileSync(file, json);
	return file;
}

describe('streamGlove', () => {
	it('returns the same vectors whatever the chunk size, including escaped and non-ASCII words', async () => {
		const file = fakeGlove(mkdtempSync(path.join(tmpdir(), 'glove-')));
		const read = async (chunkBytes: number) => {
			const got = new Map<string, number[]>();
			const header = await streamGlove(file, { select: (h) => new Set(h.words), onVector: (w, v) => got.set(w, [...v]), chunkBytes });
			return { header, got };
		};
		const big = await read(1 << 20);
		expect(big.header).toEqual({ dimensions: 4, words });
		expect(big.got.size).toBe(words.length);
		for (const [i, w] of words.entries()) for (const [j, x] of vector(i).entries()) expect(big.got.get(w)![j]).toBeCloseTo(x, 6);
		for (const size of [3, 7, 64]) expect(await read(size)).toEqual(big);
	});

	it('reports a truncated file instead of building a partial vocabulary', async () => {
		const file = fakeGlove(mkdtempSync(path.join(tmpdir(), 'glove-')), { truncate: true });
		await expect(streamGlove(file, { select: (h) => new Set(h.words), onVector: () => {}, chunkBytes: 16 })).rejects.toMatchObject({
			code: 'EMBEDDINGS_FORMAT'
		});
	});
});

describe('buildVocabulary', () => {
	it('keeps the top word-like words plus extras, domain words first, and round-trips through the file', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'vocab-'));
		const progress: number[] = [];
		const result = await buildVocabulary({
			topWords: 3,
			extraWords: ['Cast Iron', 'carbon-fiber', 'plastic', 'steel'],
			outDir: path.join(dir, 'out'),
			embeddingsFile: fakeGlove(dir),
			onProgress: (f) => progress.push(f)
		});
		// Top 3 word-like: the, vectors, steel (",", "1995" and "carbon-fiber" are not tokens the featurizer looks up).
		// Extras are split like the featurizer splits them: cast, iron, carbon, fiber, plastic, steel.
		expect(result.missing).toEqual(['carbon', 'cast', 'fiber', 'plastic']);
		expect(result.words).toBe(4);
		const bytes = readFileSync(result.path);
		const sha = createHash('sha256').update(bytes).digest('hex');
		expect(result.sha256).toBe(sha);
		expect(path.basename(result.path)).toBe(`${sha.slice(0, 16)}.bin`);
		expect(result.bytes).toBe(statSync(result.path).size);
		expect(progress.at(-1)).toBe(1);

		const vocab = await loadVocabulary(result.path);
		expect(vocab.words).toEqual(['steel', 'iron', 'the', 'vectors']);
		expect(vocab.dimensions).toBe(4);
		const row = new Float32Array(4);
		for (const w of vocab.words) {
			vocab.writeVector(vocab.indexOf(w), row, 0);
			const original = vector(words.indexOf(w));
			const step = Math.max(...original.map(Math.abs)) / 127;
			for (let j = 0; j < 4; j++) expect(Math.abs(row[j] - original[j])).toBeLessThanOrEqual(step / 2 + 1e-6);
		}
	});

	it('refuses a vocabulary file whose bytes do not match its hash name', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'vocab-'));
		const result = await buildVocabulary({ topWords: 5, outDir: dir, embeddingsFile: fakeGlove(dir) });
		const bytes = readFileSync(result.path);
		bytes[bytes.length - 1] ^= 1;
		mkdirSync(path.join(dir, 'bad'));
		const copy = path.join(dir, 'bad', path.basename(result.path));
		writeFileSync(copy, bytes);
		await expect(loadVocabulary(copy)).rejects.toThrow(/corrupted.*npm run vocab/);
	});
});

describe('isWordLike', () => {
	it('accepts only lower-case letter runs the tokenizer can produce', () => {
		expect(['steel', 'café', 'über'].every(isWordLike)).toBe(true);
		expect(['1995', 'carbon-fiber', "n't", ',', 'Steel', 'mp3', ''].some(isWordLike)).toBe(false);
	});
});
