/**
 * A tiny seeded PRNG (mulberry32) and the sampling helpers the generator needs.
 * Deterministic across platforms: same seed, same dataset.
 */

export interface Random {
	/** Uniform in [0, 1). */
	next(): number;
	/** Uniform integer in [min, max] (inclusive). */
	int(min: number, max: number): number;
	chance(p: number): boolean;
	pick<T>(items: readonly T[]): T;
	/** Pick by weight; weights need not sum to 1. */
	weighted<T>(items: ReadonlyArray<readonly [T, number]>): T;
	shuffle<T>(items: T[]): T[];
}

export function createRandom(seed: number): Random {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	return {
		next,
		int,
		chance: (p) => next() < p,
		pick: (items) => items[Math.floor(next() * items.length)],
		weighted(items) {
			const total = items.reduce((s, [, w]) => s + w, 0);
			let r = next() * total;
			for (const [item, w] of items) {
				r -= w;
				if (r < 0) return item;
			}
			return items[items.length - 1][0];
		},
		shuffle(items) {
			for (let i = items.length - 1; i > 0; i--) {
				const j = Math.floor(next() * (i + 1));
				[items[i], items[j]] = [items[j], items[i]];
			}
			return items;
		}
	};
}
