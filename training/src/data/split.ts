/**
 * Train / validation / test split with three guarantees:
 *  - de-duplication by normalized text BEFORE splitting, so no test sentence (up to
 *    case, spacing and punctuation) was seen in training;
 *  - texts equal up to their numbers ("steel bracket 1994" and "steel bracket 2003") go
 *    to the same part, by a hash of that skeleton: the test split cannot be passed by
 *    recalling a training row with other numbers;
 *  - whole sentence shapes held out (`heldOutShapes`) to measure unseen phrasing.
 */
import { DEFAULT_HELD_OUT_SHAPES, type Sample } from './generator.ts';
import { createRandom } from './random.ts';
import { CodedError } from '../../../src/lib/errors.ts';

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

export class SplitOptionsError extends CodedError<'SPLIT_OPTIONS'> {
	constructor(message: string) {
		super('SPLIT_OPTIONS', message);
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

/** The text with every digit replaced by 0: rows with the same skeleton differ only by numbers. */
export function skeletonOf(text: string): string {
	return normalizeForDedup(text).replace(/\p{Nd}/gu, '0');
}

/** A deterministic number in [0, 1) for a key (FNV-1a, 32 bit), different per seed. */
export function hashFraction(key: string, seed: number): number {
	let h = (0x811c9dc5 ^ seed) >>> 0;
	for (let i = 0; i < key.length; i++) {
		h ^= key.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h / 4294967296;
}

function dedupe(samples: readonly Sample[]): { unique: Sample[]; duplicates: number; conflicting: number } {
	const seen = new Map<string, Sample['label']>();
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
	for (const s of unique) {
		if (s.meta && heldOut.has(s.meta.shape)) {
			split.heldOutShapes.push(s);
			continue;
		}
		const f = hashFraction(skeletonOf(s.text), seed);
		(f < testShare ? split.test : f < testShare + validationShare ? split.validation : split.train).push(s);
	}
	const rng = createRandom(seed);
	rng.shuffle(split.train);
	rng.shuffle(split.validation);
	rng.shuffle(split.test);
	return split;
}
