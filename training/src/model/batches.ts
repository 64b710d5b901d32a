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
import { createRandom, type Random } from '../data/random.ts';

export interface EncodedSet {
	readonly analyzed: readonly AnalyzedText[];
	/** 0/1 per text. */
	readonly labels: Float32Array;
}

export interface Batch {
	features: tf.Tensor3D;
	mask: tf.Tensor2D;
	labels: tf.Tensor2D;
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
	const labels = new Float32Array(indices.length);
	indices.forEach((i, k) => (labels[k] = set.labels[i]));
	return {
		features: tf.tensor3d(encoded.features, [encoded.batch, encoded.length, encoded.dim]),
		mask: tf.tensor2d(encoded.mask, [encoded.batch, encoded.length]),
		labels: tf.tensor2d(labels, [indices.length, 1])
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

/** P(non-compliant) for every text, in input order. */
export async function predictProbabilities(
	model: tf.LayersModel,
	analyzed: readonly AnalyzedText[],
	vocab: Vocabulary,
	batchSize = 512
): Promise<Float32Array> {
	const out = new Float32Array(analyzed.length);
	const set: EncodedSet = { analyzed, labels: new Float32Array(analyzed.length) };
	for (const indices of lengthSortedBatches(analyzed, batchSize)) {
		const batch = makeBatch(set, indices, vocab);
		const prediction = model.predict([batch.features, batch.mask]) as tf.Tensor;
		const values = await prediction.data();
		indices.forEach((i, k) => (out[i] = values[k]));
		prediction.dispose();
		tf.dispose([batch.features, batch.mask, batch.labels]);
	}
	return out;
}
