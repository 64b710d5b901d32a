/**
 * Train / validation / test split with two guarantees:
 *  - de-duplication by normalized text BEFORE splitting, so no test sentence (up to
 *    case, spacing and punctuation) was seen in training;
 *  - whole sentence shapes held out (`heldOutShapes`) to measure unseen phrasing.
 * Labels are split separately (stratified) so every part keeps the label balance.
 */
import { DEFAULT_HELD_OUT_SHAPES, type Sample } from './generator.ts';
import { createRandom } from './random.ts';

export interface Split {
	train: Sample[];
	validation: Sample[];
	test: Sample[];
	/** Samples of the held-out shapes; never in train, validation or test. */
	heldOutShapes: Sample[];
	/** Samples dropped because their normalized text was already seen. */
	duplicates?: number;
	/** Of those, how many had a different label than the first occurrence (label noise in customer data). */
	conflictingDuplicates?: number;
}

export interface SplitOptions {
	seed: number;
	/** Share of the non-held-out samples for validation (default 0.1). */
	validationShare?: number;
	/** Share of the non-held-out samples for test (default 0.1). */
	testShare?: number;
	/** Shape ids to hold out (default DEFAULT_HELD_OUT_SHAPES). Samples without meta are never held out. */
	heldOutShapes?: readonly string[];
}

export class SplitOptionsError extends Error {
	readonly code = 'SPLIT_OPTIONS';
	constructor(message: string) {
		super(message);
		this.name = 'SplitOptionsError';
	}
}

/**
 * The text as far as duplicates are concerned: NFKC, lower case, whitespace collapsed,
 * sentence punctuation dropped. Symbols that change meaning ("#1994", "'94", "1995.5",
 * "S/N") are kept, so "#1994" and "1994" stay different texts.
 */
export function normalizeForDedup(text: string): string {
	return text
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[.,](?!\d)|(?<!\d)[.,]/gu, ' ')
		.replace(/[!?;:()[\]{}"“”|*_\-–—]/gu, ' ')
		.replace(/\s+/gu, ' ')
		.trim();
}

function dedupe(samples: readonly Sample[]): { unique: Sample[]; duplicates: number; conflicting: number } {
	const seen = new Map<string, 0 | 1>();
	const unique: Sample[] = [];
	let conflicting = 0;
	for (const s of samples) {
		const key = normalizeForDedup(s.text);
		const label = seen.get(key);
		if (label === undefined) {
			seen.set(key, s.label);
			unique.push(s);
		} else if (label !== s.label) conflicting++;
	}
	return { unique, duplicates: samples.length - unique.length, conflicting };
}

export function splitDataset(samples: readonly Sample[], options: SplitOptions): Split {
	const { seed, validationShare = 0.1, testShare = 0.1 } = options;
	if (!(validationShare >= 0 && testShare >= 0 && validationShare + testShare < 1)) {
		throw new SplitOptionsError(
			`validationShare (${validationShare}) and testShare (${testShare}) must be >= 0 and leave some data for training (sum < 1)`
		);
	}
	const heldOut = new Set(options.heldOutShapes ?? DEFAULT_HELD_OUT_SHAPES);
	const { unique, duplicates, conflicting } = dedupe(samples);
	const split: Split = { train: [], validation: [], test: [], heldOutShapes: [], duplicates, conflictingDuplicates: conflicting };
	const byLabel: [Sample[], Sample[]] = [[], []];
	for (const s of unique) {
		if (s.meta && heldOut.has(s.meta.shape)) split.heldOutShapes.push(s);
		else byLabel[s.label].push(s);
	}
	const rng = createRandom(seed);
	for (const group of byLabel) {
		rng.shuffle(group);
		const test = Math.round(group.length * testShare);
		const validation = Math.round(group.length * validationShare);
		split.test.push(...group.slice(0, test));
		split.validation.push(...group.slice(test, test + validation));
		split.train.push(...group.slice(test + validation));
	}
	// Interleave the labels again so a prefix of any part is balanced too.
	rng.shuffle(split.train);
	rng.shuffle(split.validation);
	rng.shuffle(split.test);
	return split;
}
