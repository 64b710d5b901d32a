import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deletionOf, forEachDeletionHash, hashOf } from './typo-index.ts';
import { editDistance, MAX_CORRECTABLE, Vocabulary } from './vocabulary.ts';

/** The string-map index typo-index.ts replaced, kept here as the reference it must equal. */
function referenceClosest(words: readonly string[]): (word: string) => number {
	const index = new Map(words.map((w, i) => [w, i]));
	const deletionsOf = (w: string) => new Set(Array.from(w, (_, i) => w.slice(0, i) + w.slice(i + 1)));
	const deletes = new Map<string, number[]>();
	words.forEach((w, i) => {
		if (w.length < 3 || !/^\p{L}+$/u.test(w)) return;
		for (const d of deletionsOf(w)) {
			const list = deletes.get(d);
			if (list) list.push(i);
			else deletes.set(d, [i]);
		}
	});
	return (word) => {
		if (word.length < 4 || word.length > MAX_CORRECTABLE || !/^\p{L}+$/u.test(word)) return -1;
		const direct = index.get(word);
		if (direct !== undefined) return direct;
		const max = word.length >= 8 ? 2 : 1;
		let best = -1;
		const consider = (cs: number[] | undefined) =>
			cs?.forEach((c) => {
				if ((best === -1 || c < best) && editDistance(word, words[c], max) <= max) best = c;
			});
		consider(deletes.get(word));
		for (const d of deletionsOf(word)) {
			const exact = index.get(d);
			if (exact !== undefined && (best === -1 || exact < best)) best = exact;
			consider(deletes.get(d));
		}
		return best;
	};
}

/** Typos of `w`: a deletion, an insertion, a substitution and a swap, at positions picked by `seed`. */
function typosOf(w: string, seed: number): string[] {
	const at = (k: number) => (seed * 7 + k * 13) % Math.max(1, w.length);
	const i = at(1);
	const j = Math.min(at(2), w.length - 2);
	return [
		w.slice(0, i) + w.slice(i + 1),
		w.slice(0, i) + 'e' + w.slice(i),
		w.slice(0, i) + (w[i] === 'a' ? 'o' : 'a') + w.slice(i + 1),
		j >= 0 ? w.slice(0, j) + w[j + 1] + w[j] + w.slice(j + 2) : w,
		w + w.slice(0, 2)
	];
}

describe('typo index', () => {
	it('hashes each one-character deletion like the deletion string itself', () => {
		for (const word of ['steel', 'aa', 'x', 'condition', 'straße', 'ünïcödé']) {
			const hashes: number[] = [];
			forEachDeletionHash(word, (h) => hashes.push(h));
			expect(hashes).toEqual(Array.from(word, (_, i) => hashOf(word.slice(0, i) + word.slice(i + 1))));
		}
	});

	it('recognises a one-character deletion and nothing else', () => {
		expect(deletionOf('stel', 'steel')).toBe(true);
		expect(deletionOf('teel', 'steel')).toBe(true);
		expect(deletionOf('stee', 'steel')).toBe(true);
		expect(deletionOf('stle', 'steel')).toBe(false);
		expect(deletionOf('steel', 'steel')).toBe(false);
		expect(deletionOf('st', 'steel')).toBe(false);
	});

	const dir = path.resolve(import.meta.dirname, '../../../models/vocab');
	const files = readdirSync(dir).filter((f) => f.endsWith('.bin'));
	it.each(files)('%s: corrections equal the string-map index on typos of every 7th word', (file) => {
		const vocab = Vocabulary.decode(readFileSync(path.join(dir, file)));
		const reference = referenceClosest(vocab.words);
		let corrected = 0;
		for (let i = 0; i < vocab.size; i += 7) {
			for (const typo of typosOf(vocab.words[i], i)) {
				const expected = reference(typo);
				expect(vocab.closestWord(typo), typo).toBe(expected);
				if (expected !== -1 && vocab.words[expected] !== typo) corrected++;
			}
		}
		// The comparison covered real corrections, not only misses.
		expect(corrected).toBeGreaterThan(1000);
	});
});
