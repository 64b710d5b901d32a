/**
 * The int8 GloVe vocabulary shared by training, the CLI, the server and the browser.
 *
 * Binary layout (little endian), named by the sha256 of its bytes:
 *   0  magic "GLVQ"            4  format version (u32) = 1
 *   8  dimensions (u32)       12  word count (u32)
 *  16  words byte length (u32) 20  reserved (u32) = 0
 *  24  per-row scale, f32[count]
 *      rows, int8[count * dimensions]   value = int8 * scale
 *      words, UTF-8, '\n' separated, most frequent first
 */

import { CodedError } from '../errors.ts';
import { correctable, hashOf, TypoIndex } from './typo-index.ts';

export const VOCAB_MAGIC = 'GLVQ';
export const VOCAB_FORMAT_VERSION = 1;
const HEADER_BYTES = 24;

export class VocabularyFormatError extends CodedError<'VOCABULARY_FORMAT'> {
	constructor(message: string) {
		super('VOCABULARY_FORMAT', message);
	}
}

/** Symmetric per-row int8 quantization: scale = max|x| / 127. */
export function quantizeRow(row: ArrayLike<number>, out: Int8Array, offset: number): number {
	let max = 0;
	for (let j = 0; j < row.length; j++) max = Math.max(max, Math.abs(row[j]));
	const scale = max === 0 ? 1 : max / 127;
	for (let j = 0; j < row.length; j++) out[offset + j] = Math.round(row[j] / scale);
	return scale;
}

export function encodeVocabulary(words: readonly string[], scales: Float32Array, rows: Int8Array, dimensions: number): Uint8Array {
	if (scales.length !== words.length || rows.length !== words.length * dimensions) {
		throw new VocabularyFormatError(
			`encodeVocabulary: ${words.length} words, ${scales.length} scales and ${rows.length} row values do not match ${dimensions} dimensions`
		);
	}
	for (const w of words)
		if (w.includes('\n') || w === '') throw new VocabularyFormatError(`encodeVocabulary: invalid word ${JSON.stringify(w)}`);
	const wordBytes = new TextEncoder().encode(words.join('\n'));
	const total = HEADER_BYTES + scales.byteLength + rows.byteLength + wordBytes.byteLength;
	const bytes = new Uint8Array(total);
	const view = new DataView(bytes.buffer);
	bytes.set(new TextEncoder().encode(VOCAB_MAGIC), 0);
	view.setUint32(4, VOCAB_FORMAT_VERSION, true);
	view.setUint32(8, dimensions, true);
	view.setUint32(12, words.length, true);
	view.setUint32(16, wordBytes.byteLength, true);
	view.setUint32(20, 0, true);
	for (let i = 0; i < scales.length; i++) view.setFloat32(HEADER_BYTES + 4 * i, scales[i], true);
	bytes.set(new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength), HEADER_BYTES + scales.byteLength);
	bytes.set(wordBytes, HEADER_BYTES + scales.byteLength + rows.byteLength);
	return bytes;
}

/** Longest word that typo correction considers. */
export const MAX_CORRECTABLE = 24;

export class Vocabulary {
	readonly words: readonly string[];
	readonly dimensions: number;
	readonly scales: Float32Array;
	readonly rows: Int8Array;
	readonly #index: Map<string, number>;
	#typos: TypoIndex | null = null;

	constructor(words: readonly string[], scales: Float32Array, rows: Int8Array, dimensions: number) {
		this.words = words;
		this.scales = scales;
		this.rows = rows;
		this.dimensions = dimensions;
		this.#index = new Map(words.map((w, i) => [w, i]));
	}

	static decode(input: ArrayBuffer | Uint8Array): Vocabulary {
		const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
		if (bytes.byteLength < HEADER_BYTES)
			throw new VocabularyFormatError(`Vocabulary file is ${bytes.byteLength} bytes, too short for a header`);
		const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		const magic = new TextDecoder().decode(bytes.subarray(0, 4));
		if (magic !== VOCAB_MAGIC)
			throw new VocabularyFormatError(`Not a vocabulary file (magic ${JSON.stringify(magic)}, expected ${VOCAB_MAGIC})`);
		const version = view.getUint32(4, true);
		if (version !== VOCAB_FORMAT_VERSION)
			throw new VocabularyFormatError(`Vocabulary format ${version} is not supported (expected ${VOCAB_FORMAT_VERSION})`);
		const dimensions = view.getUint32(8, true);
		const count = view.getUint32(12, true);
		const wordBytes = view.getUint32(16, true);
		const expected = HEADER_BYTES + 4 * count + count * dimensions + wordBytes;
		if (bytes.byteLength !== expected)
			throw new VocabularyFormatError(`Vocabulary file is ${bytes.byteLength} bytes, header says ${expected}`);
		const scales = new Float32Array(count);
		for (let i = 0; i < count; i++) scales[i] = view.getFloat32(HEADER_BYTES + 4 * i, true);
		const rowsAt = HEADER_BYTES + 4 * count;
		const rows = new Int8Array(bytes.slice(rowsAt, rowsAt + count * dimensions).buffer);
		const words = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(rowsAt + count * dimensions)).split('\n');
		if (words.length !== count) throw new VocabularyFormatError(`Vocabulary lists ${words.length} words, header says ${count}`);
		return new Vocabulary(words, scales, rows, dimensions);
	}

	encode(): Uint8Array {
		return encodeVocabulary(this.words, this.scales, this.rows, this.dimensions);
	}

	get size(): number {
		return this.words.length;
	}

	indexOf(word: string): number {
		return this.#index.get(word) ?? -1;
	}

	/** Write the dequantized row of word `index` into out[offset...]. */
	writeVector(index: number, out: Float32Array, offset: number): void {
		const scale = this.scales[index];
		const base = index * this.dimensions;
		for (let j = 0; j < this.dimensions; j++) out[offset + j] = this.rows[base + j] * scale;
	}

	/**
	 * The most frequent known word within a small edit distance of `word` (typos such
	 * as "stell", "plastik", "conditon"), or -1. SymSpell-style: every one-character
	 * deletion of each word points back to the word (typo-index.ts, built on first use).
	 */
	/** Builds the typo index now rather than at the first closestWord (model load: overlapped with session start). */
	prepareTypoIndex(): void {
		this.#typos ??= new TypoIndex(this.words);
	}

	closestWord(word: string): number {
		// Past MAX_CORRECTABLE letters it is not a typo of a word, and the search costs
		// O(length^2) (a 2,000-letter "word" took ~50 ms: a request of them stalled a server).
		if (word.length < 4 || word.length > MAX_CORRECTABLE || !correctable(word)) return -1;
		const direct = this.#index.get(word);
		if (direct !== undefined) return direct;
		const typos = (this.#typos ??= new TypoIndex(this.words));
		const maxDistance = word.length >= 8 ? 2 : 1;
		let best = -1;
		const consider = (candidates: number[]) => {
			for (const c of candidates) {
				if ((best === -1 || c < best) && editDistance(word, this.words[c], maxDistance) <= maxDistance) best = c;
			}
		};
		consider(typos.wordsDeletingTo(word, hashOf(word)));
		for (const d of deletionsOf(word)) {
			const exact = this.#index.get(d);
			if (exact !== undefined && (best === -1 || exact < best)) best = exact;
			consider(typos.wordsDeletingTo(d, hashOf(d)));
		}
		return best;
	}
}

function deletionsOf(word: string): Set<string> {
	const out = new Set<string>();
	for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
	return out;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps), capped at max + 1. */
export function editDistance(a: string, b: string, max: number): number {
	if (Math.abs(a.length - b.length) > max) return max + 1;
	const rows = a.length + 1;
	const cols = b.length + 1;
	const d = new Array<number>(rows * cols);
	for (let i = 0; i < rows; i++) d[i * cols] = i;
	for (let j = 0; j < cols; j++) d[j] = j;
	for (let i = 1; i < rows; i++) {
		let rowMin = Infinity;
		for (let j = 1; j < cols; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
			d[i * cols + j] = v;
			rowMin = Math.min(rowMin, v);
		}
		if (rowMin > max) return max + 1;
	}
	return d[rows * cols - 1];
}
