/**
 * The typo index behind Vocabulary.closestWord (SymSpell-style): for every correctable
 * word, each of its one-character deletions points back to the word. Built on first use,
 * which is the model's self-test at load: the earlier Map of ~160,000 deletion strings
 * took ~0.5-1 s on a loaded tablet, most of a cold start. This one never builds the
 * strings: each deletion is a 32-bit polynomial hash computed from prefix and suffix
 * hashes, stored with its word as one float64 (hash * 2^21 + word) in one sorted array
 * (~20 ms). A hash names candidates only: `deletionOf` confirms each one against the real
 * string, so the candidates are exactly those of the string map, and the corrections equal.
 */

const BASE = 0x01000193;
/** Words per vocabulary the packed key can hold (hash * WORD_SLOTS + word < 2^53). */
const WORD_SLOTS = 2 ** 21;

/** Whether a word takes part in typo correction (as a candidate or as a query). */
export const correctable = (word: string): boolean => /^\p{L}+$/u.test(word);

/** Polynomial hash of `s` (UTF-16 code units), mod 2^32. */
export function hashOf(s: string): number {
	let h = 0;
	for (let k = 0; k < s.length; k++) h = (Math.imul(h, BASE) + s.charCodeAt(k)) >>> 0;
	return h;
}

let suffix = new Uint32Array(32);
let power = new Uint32Array(32);

/**
 * Calls `each(h)` with the hash of `word` without its code unit i, for every i (twice
 * where two deletions give the same string, e.g. "stel" from "steel"), from prefix and
 * suffix hashes: no deletion string is built.
 */
export function forEachDeletionHash(word: string, each: (hash: number) => void): void {
	const n = word.length;
	if (suffix.length <= n) {
		suffix = new Uint32Array(2 * n + 2);
		power = new Uint32Array(2 * n + 2);
	}
	power[0] = 1;
	for (let k = 1; k <= n; k++) power[k] = Math.imul(power[k - 1], BASE) >>> 0;
	suffix[n] = 0;
	for (let k = n - 1; k >= 0; k--) suffix[k] = (Math.imul(word.charCodeAt(k), power[n - 1 - k]) + suffix[k + 1]) >>> 0;
	let prefix = 0;
	for (let i = 0; i < n; i++) {
		each((Math.imul(prefix, power[n - 1 - i]) + suffix[i + 1]) >>> 0);
		prefix = (Math.imul(prefix, BASE) + word.charCodeAt(i)) >>> 0;
	}
}

/** Whether `short` is `long` with exactly one code unit removed. */
export function deletionOf(short: string, long: string): boolean {
	if (long.length !== short.length + 1) return false;
	let i = 0;
	while (i < short.length && short.charCodeAt(i) === long.charCodeAt(i)) i++;
	for (let j = i; j < short.length; j++) if (short.charCodeAt(j) !== long.charCodeAt(j + 1)) return false;
	return true;
}

export class TypoIndex {
	readonly #words: readonly string[];
	/** Sorted hash * WORD_SLOTS + word index, one per (word, deletion position). */
	readonly #keys: Float64Array;

	constructor(words: readonly string[]) {
		if (words.length >= WORD_SLOTS) throw new RangeError(`The typo index holds at most ${WORD_SLOTS - 1} words (got ${words.length}).`);
		this.#words = words;
		let total = 0;
		const indexed: number[] = [];
		words.forEach((w, i) => {
			if (w.length < 3 || !correctable(w)) return;
			indexed.push(i);
			total += w.length;
		});
		const keys = new Float64Array(total);
		let at = 0;
		for (const i of indexed) forEachDeletionHash(words[i], (h) => (keys[at++] = h * WORD_SLOTS + i));
		this.#keys = keys.sort();
	}

	/**
	 * Indexes of the words that `deletion` is a one-character deletion of (each once or more;
	 * ascending), given `hash` = hashOf(deletion).
	 */
	wordsDeletingTo(deletion: string, hash: number): number[] {
		const keys = this.#keys;
		const lowest = hash * WORD_SLOTS;
		let lo = 0;
		let hi = keys.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (keys[mid] < lowest) lo = mid + 1;
			else hi = mid;
		}
		const out: number[] = [];
		for (let k = lo; k < keys.length && keys[k] < lowest + WORD_SLOTS; k++) {
			const word = keys[k] - lowest;
			if (deletionOf(deletion, this.#words[word])) out.push(word);
		}
		return out;
	}
}
