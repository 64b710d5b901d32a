/**
 * Turning analyzed texts into tensors, one batch at a time.
 *
 * Texts are analyzed once (tokens and vocabulary rows); each batch is encoded on the
 * fly and padded to its own longest text. Encoding everything up front would take
 * rows x tokens x 134 floats (>1 GB for 100k rows), and padding to the global
 * maximum would multiply the convolution work.
 */
import * as tf from '@tensorflow/tfjs';
import { encode, type AnalyzedText, type Token, type Vocabulary } from '../../../src/lib/text/index.ts';
import { REVIEW_SIGNALS } from '../../../src/lib/bundle/model-contract.ts';
import type { Sample } from '../data/generator.ts';
import { createRandom, type Random } from '../data/random.ts';

/**
 * Per-text training targets, TARGETS floats each:
 *   [label, labelKnown, undecidable, noYear, noMaterial, noCondition, factsKnown, weight]
 * label counts only where labelKnown (a text that cannot be decided has no verdict to
 * learn); the fact signals only where factsKnown (data with fact columns).
 */
export const TARGETS = 4 + REVIEW_SIGNALS.length;
export const T = { label: 0, labelKnown: 1, review: 2, factsKnown: 2 + REVIEW_SIGNALS.length, weight: 3 + REVIEW_SIGNALS.length } as const;

export interface EncodedSet {
	readonly analyzed: readonly AnalyzedText[];
	/** 0/1 per text; NaN where the text cannot be decided. */
	readonly labels: Float32Array;
	/** TARGETS floats per text (see T). */
	readonly targets: Float32Array;
}

export function targetsOf(samples: readonly Sample[]): { labels: Float32Array; targets: Float32Array } {
	const labels = new Float32Array(samples.length);
	const targets = new Float32Array(samples.length * TARGETS);
	samples.forEach((s, i) => {
		const o = i * TARGETS;
		labels[i] = s.label === null ? NaN : s.label;
		targets[o + T.label] = s.label ?? 0;
		targets[o + T.labelKnown] = s.label === null ? 0 : 1;
		targets[o + T.review] = s.label === null ? 1 : 0;
		const m = s.meta;
		if (m) {
			targets[o + T.review + 1] = m.year === null ? 1 : 0;
			targets[o + T.review + 2] = m.material === null || m.material === 'other' ? 1 : 0;
			targets[o + T.review + 3] = m.condition === null ? 1 : 0;
		}
		targets[o + T.factsKnown] = m ? 1 : 0;
		targets[o + T.weight] = s.weight ?? 1;
	});
	return { labels, targets };
}

export interface Batch {
	features: tf.Tensor3D;
	mask: tf.Tensor2D;
	/** [batch, TARGETS] */
	targets: tf.Tensor2D;
}

/**
 * Training-time noise that teaches "words you have not seen carry no verdict":
 * insert random vocabulary words that never occur in the training texts, and drop a
 * few tokens. Rule-agnostic: the pool is every vocabulary word outside the training
 * data, whatever the regulation or the customer's data.
 */
export interface Augmentation {
	/** Vocabulary rows of words absent from the training texts. */
	pool: Int32Array;
	/** Chance that a text gets 1-3 inserted words. */
	insertRate: number;
	/** Chance that each word token (not years or numbers) is dropped. */
	dropRate: number;
	rng: Random;
}

export function unseenWordPool(vocab: Vocabulary, texts: readonly AnalyzedText[], top = 20_000): Int32Array {
	const seen = new Set<number>();
	for (const t of texts) for (const token of t.tokens) if (token.vocabIndex !== -1) seen.add(token.vocabIndex);
	const pool: number[] = [];
	for (let i = 0; i < Math.min(top, vocab.size); i++) if (!seen.has(i) && /^\p{L}+$/u.test(vocab.words[i])) pool.push(i);
	return Int32Array.from(pool);
}

export function augment(text: AnalyzedText, a: Augmentation, vocab: Vocabulary): AnalyzedText {
	let tokens: Token[] = text.tokens;
	if (a.dropRate > 0 && tokens.length > 3) tokens = tokens.filter((t) => t.kind !== 'word' || !a.rng.chance(a.dropRate));
	if (a.pool.length > 0 && a.rng.chance(a.insertRate)) {
		tokens = [...tokens];
		const count = a.rng.int(1, 3);
		for (let n = 0; n < count; n++) {
			const index = a.pool[a.rng.int(0, a.pool.length - 1)];
			const word = vocab.words[index];
			tokens.splice(a.rng.int(0, tokens.length), 0, { text: word, start: 0, end: 0, kind: 'word', vocabIndex: index });
		}
	}
	return tokens === text.tokens ? text : { ...text, tokens };
}

export function makeBatch(set: EncodedSet, indices: readonly number[], vocab: Vocabulary, augmentation?: Augmentation): Batch {
	const encoded = encode(
		indices.map((i) => (augmentation ? augment(set.analyzed[i], augmentation, vocab) : set.analyzed[i])),
		vocab
	);
	const targets = new Float32Array(indices.length * TARGETS);
	indices.forEach((i, k) => targets.set(set.targets.subarray(i * TARGETS, (i + 1) * TARGETS), k * TARGETS));
	return {
		features: tf.tensor3d(encoded.features, [encoded.batch, encoded.length, encoded.dim]),
		mask: tf.tensor2d(encoded.mask, [encoded.batch, encoded.length]),
		targets: tf.tensor2d(targets, [indices.length, TARGETS])
	};
}

/**
 * Shuffled batches of similar-length texts: shuffle, cut into pools of `poolBatches`
 * batches, sort each pool by length, cut into batches, shuffle the batch order.
 * Less padding per batch while every epoch still sees a different mix.
 */
export function epochBatches(set: EncodedSet, batchSize: number, seed: number, poolBatches = 32): number[][] {
	const rng = createRandom(seed);
	const order = rng.shuffle(Array.from({ length: set.analyzed.length }, (_, i) => i));
	const batches: number[][] = [];
	const pool = batchSize * poolBatches;
	for (let start = 0; start < order.length; start += pool) {
		const chunk = order.slice(start, start + pool).sort((a, b) => set.analyzed[a].tokens.length - set.analyzed[b].tokens.length);
		for (let b = 0; b < chunk.length; b += batchSize) batches.push(chunk.slice(b, b + batchSize));
	}
	return rng.shuffle(batches);
}

/** Batches in length order, covering every index once (for prediction). */
export function lengthSortedBatches(analyzed: readonly AnalyzedText[], batchSize: number): number[][] {
	const order = Array.from({ length: analyzed.length }, (_, i) => i).sort((a, b) => analyzed[a].tokens.length - analyzed[b].tokens.length);
	const batches: number[][] = [];
	for (let b = 0; b < order.length; b += batchSize) batches.push(order.slice(b, b + batchSize));
	return batches;
}

export interface Predictions {
	/** P(non-compliant) per text. */
	probability: Float32Array;
	/** REVIEW_SIGNALS.length values per text. */
	review: Float32Array;
}

/** Both outputs for every text, in input order. */
export async function predict(
	model: tf.LayersModel,
	analyzed: readonly AnalyzedText[],
	vocab: Vocabulary,
	batchSize = 512
): Promise<Predictions> {
	const R = REVIEW_SIGNALS.length;
	const out: Predictions = { probability: new Float32Array(analyzed.length), review: new Float32Array(analyzed.length * R) };
	const set: EncodedSet = { analyzed, labels: new Float32Array(analyzed.length), targets: new Float32Array(analyzed.length * TARGETS) };
	for (const indices of lengthSortedBatches(analyzed, batchSize)) {
		const batch = makeBatch(set, indices, vocab);
		const [p, r] = model.predict([batch.features, batch.mask]) as tf.Tensor[];
		const [pv, rv] = await Promise.all([p.data(), r.data()]);
		indices.forEach((i, k) => {
			out.probability[i] = pv[k];
			out.review.set(rv.subarray(k * R, (k + 1) * R), i * R);
		});
		tf.dispose([p, r, batch.features, batch.mask, batch.targets]);
	}
	return out;
}

/** P(non-compliant) for every text, in input order. */
export async function predictProbabilities(
	model: tf.LayersModel,
	analyzed: readonly AnalyzedText[],
	vocab: Vocabulary
): Promise<Float32Array> {
	return (await predict(model, analyzed, vocab)).probability;
}
