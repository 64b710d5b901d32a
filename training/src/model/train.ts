/**
 * The training loop: Adam on a multi-task loss (the verdict where a text can be decided,
 * the review signals everywhere, each row weighted), length-bucketed batches, early
 * stopping on validation loss (best weights restored), an optional wall-clock budget.
 */
import * as tf from '@tensorflow/tfjs';
import type { Vocabulary } from '../../../src/lib/text/index.ts';
import { REVIEW_SIGNALS } from '../../../src/lib/bundle/model-contract.ts';
import { buildModel, parameterCount, type Architecture } from './architectures.ts';
import {
	epochBatches,
	makeBatch,
	predict,
	T,
	TARGETS,
	unseenWordPool,
	type Augmentation,
	type EncodedSet,
	type Predictions
} from './batches.ts';
import { createRandom } from '../data/random.ts';
import { silentProgress, type EpochLog, type ProgressSink } from './progress.ts';
import { CodedError } from '../../../src/lib/errors.ts';

export interface TrainOptions {
	epochs: number;
	batchSize: number;
	learningRate: number;
	/** Learning rate multiplier per epoch (default 1: constant). */
	learningRateDecay?: number;
	/** Word insertion/dropout noise (default none). */
	augmentation?: { insertRate: number; dropRate: number };
	/** Epochs without a validation-loss improvement before stopping. */
	patience: number;
	seed: number;
	/** Stop before an epoch that would end past this many seconds (default: no limit). */
	budgetSeconds?: number;
	/** Weight of the review-signal losses against the verdict loss (default 0.5). */
	reviewWeight?: number;
	progress?: ProgressSink;
	/** Label used in progress output. */
	name?: string;
	/** Start from this model (of `architecture`, e.g. a champion read back from ONNX) instead of random weights. */
	initialModel?: tf.LayersModel;
}

export interface TrainedModel {
	architecture: Architecture;
	model: tf.LayersModel;
	parameters: number;
	history: EpochLog[];
	bestEpoch: number;
	stopReason: 'epochs' | 'early-stopping' | 'budget';
	seconds: number;
	/** Weighted multi-task loss and verdict accuracy (decidable rows) on the validation set. */
	validation: { loss: number; accuracy: number };
}

const EPSILON = 1e-7;
const R = REVIEW_SIGNALS.length;

export function binaryCrossEntropy(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
	let sum = 0;
	let n = 0;
	for (let i = 0; i < labels.length; i++) {
		if (Number.isNaN(labels[i])) continue;
		const p = Math.min(1 - EPSILON, Math.max(EPSILON, probabilities[i]));
		sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
		n++;
	}
	return n === 0 ? 0 : sum / n;
}

/** Accuracy over the texts that have a label (NaN labels are skipped). */
export function accuracyAt(labels: ArrayLike<number>, probabilities: ArrayLike<number>, threshold = 0.5): number {
	let correct = 0;
	let n = 0;
	for (let i = 0; i < labels.length; i++) {
		if (Number.isNaN(labels[i])) continue;
		n++;
		if ((probabilities[i] >= threshold ? 1 : 0) === labels[i]) correct++;
	}
	return n === 0 ? 0 : correct / n;
}

const bce = (t: number, p: number) => {
	const q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
	return -(t * Math.log(q) + (1 - t) * Math.log(1 - q));
};

/** The training loss, in plain numbers (validation): the same formula as `lossTensor`. */
export function multiTaskLoss(targets: Float32Array, predictions: Predictions, reviewWeight = 0.5): number {
	let total = 0;
	let weights = 0;
	for (let i = 0; i < predictions.probability.length; i++) {
		const o = i * TARGETS;
		const w = targets[o + T.weight];
		let loss = targets[o + T.labelKnown] * bce(targets[o + T.label], predictions.probability[i]);
		for (let k = 0; k < R; k++) {
			const known = k === 0 ? 1 : targets[o + T.factsKnown];
			loss += reviewWeight * known * bce(targets[o + T.review + k], predictions.review[i * R + k]);
		}
		total += w * loss;
		weights += w;
	}
	return weights === 0 ? 0 : total / weights;
}

function lossTensor(p: tf.Tensor, r: tf.Tensor, y: tf.Tensor2D, reviewWeight: number): tf.Scalar {
	const B = y.shape[0];
	const col = (from: number, size: number) => tf.slice(y, [0, from], [B, size]);
	const bceT = (t: tf.Tensor, q: tf.Tensor) => {
		const c = tf.clipByValue(q, EPSILON, 1 - EPSILON);
		return tf.neg(tf.add(tf.mul(t, tf.log(c)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, c)))));
	};
	const verdict = tf.mul(bceT(col(T.label, 1), p), col(T.labelKnown, 1));
	const known = tf.concat([tf.onesLike(col(T.factsKnown, 1)), tf.tile(col(T.factsKnown, 1), [1, R - 1])], 1);
	const review = tf.sum(tf.mul(bceT(col(T.review, R), r), known), 1, true);
	const w = col(T.weight, 1);
	return tf.div(tf.sum(tf.mul(w, tf.add(verdict, tf.mul(review, reviewWeight)))), tf.maximum(tf.sum(w), EPSILON)) as tf.Scalar;
}

export class TrainingError extends CodedError<'TRAINING_FAILED'> {
	constructor(message: string) {
		super('TRAINING_FAILED', message);
	}
}

export async function trainModel(
	architecture: Architecture,
	train: EncodedSet,
	validation: EncodedSet,
	vocab: Vocabulary,
	options: TrainOptions
): Promise<TrainedModel> {
	if (train.analyzed.length === 0)
		throw new TrainingError('The training split is empty: provide more labelled rows (--rows or a larger --data file)');
	const progress = options.progress ?? silentProgress;
	const name = options.name ?? architecture.kind;
	const model = options.initialModel ?? buildModel(architecture, options.seed);
	const optimizer = tf.train.adam(options.learningRate);
	const reviewWeight = options.reviewWeight ?? 0.5;
	const augmentation: Augmentation | undefined = options.augmentation && {
		...options.augmentation,
		pool: unseenWordPool(vocab, train.analyzed),
		rng: createRandom(options.seed ^ 0x5eed)
	};
	const started = performance.now();
	const history: EpochLog[] = [];
	let best: { loss: number; accuracy: number; epoch: number; weights: tf.Tensor[] } | null = null;
	let stopReason: TrainedModel['stopReason'] = 'epochs';

	for (let epoch = 1; epoch <= options.epochs; epoch++) {
		const epochStart = performance.now();
		// AdamOptimizer reads learningRate on every step, so a per-epoch schedule is a plain assignment.
		(optimizer as unknown as { learningRate: number }).learningRate =
			options.learningRate * (options.learningRateDecay ?? 1) ** (epoch - 1);
		const batches = epochBatches(train, options.batchSize, options.seed * 1000 + epoch);
		let lossSum = 0;
		let correct = 0;
		let decided = 0;
		let seen = 0;
		for (let b = 0; b < batches.length; b++) {
			const batch = makeBatch(train, batches[b], vocab, augmentation);
			let hits: tf.Tensor | null = null;
			let known: tf.Tensor | null = null;
			const loss = optimizer.minimize(() => {
				const [p, r] = model.apply([batch.features, batch.mask], { training: true }) as tf.Tensor[];
				const labelKnown = tf.slice(batch.targets, [0, T.labelKnown], [batch.targets.shape[0], 1]);
				const label = tf.slice(batch.targets, [0, T.label], [batch.targets.shape[0], 1]);
				hits = tf.keep(tf.sum(tf.mul(tf.cast(tf.equal(tf.greaterEqual(p, 0.5), tf.cast(label, 'bool')), 'float32'), labelKnown)));
				known = tf.keep(tf.sum(labelKnown));
				return lossTensor(p, r, batch.targets, reviewWeight);
			}, true) as tf.Scalar;
			const [lossValue, hitValue, knownValue] = await Promise.all([loss.data(), hits!.data(), known!.data()]);
			tf.dispose([loss, hits!, known!, batch.features, batch.mask, batch.targets]);
			if (!Number.isFinite(lossValue[0]))
				throw new TrainingError(
					`${name}: loss became ${lossValue[0]} at epoch ${epoch}; lower --learning-rate or check the data for empty texts`
				);
			lossSum += lossValue[0] * batches[b].length;
			correct += hitValue[0];
			decided += knownValue[0];
			seen += batches[b].length;
			progress.batch(name, epoch, options.epochs, b + 1, batches.length, lossSum / seen, (performance.now() - epochStart) / 1000);
		}
		const predictions = validation.analyzed.length > 0 ? await predict(model, validation.analyzed, vocab) : null;
		const valLoss = predictions ? multiTaskLoss(validation.targets, predictions, reviewWeight) : lossSum / seen;
		const valAccuracy = predictions ? accuracyAt(validation.labels, predictions.probability) : correct / Math.max(1, decided);
		const seconds = (performance.now() - epochStart) / 1000;
		const improved = best === null || valLoss < best.loss;
		if (improved) {
			if (best) tf.dispose(best.weights);
			best = { loss: valLoss, accuracy: valAccuracy, epoch, weights: model.getWeights().map((w) => w.clone()) };
		}
		const elapsed = (performance.now() - started) / 1000;
		const log: EpochLog = {
			epoch,
			epochs: options.epochs,
			loss: lossSum / seen,
			accuracy: correct / Math.max(1, decided),
			valLoss,
			valAccuracy,
			seconds,
			etaSeconds: seconds * (options.epochs - epoch),
			improved
		};
		history.push(log);
		progress.epoch(name, log);
		if (best && epoch - best.epoch >= options.patience) {
			stopReason = 'early-stopping';
			break;
		}
		if (options.budgetSeconds !== undefined && epoch < options.epochs && elapsed + seconds > options.budgetSeconds) {
			stopReason = 'budget';
			progress.line(
				`  [${name}] stopping after epoch ${epoch}: another epoch would exceed the ${options.budgetSeconds.toFixed(0)} s budget`
			);
			break;
		}
	}
	// best is set after the first epoch; epochs >= 1 is validated by the CLI.
	const kept = best!;
	model.setWeights(kept.weights);
	tf.dispose(kept.weights);
	return {
		architecture,
		model,
		parameters: parameterCount(model),
		history,
		bestEpoch: kept.epoch,
		stopReason,
		seconds: (performance.now() - started) / 1000,
		validation: { loss: kept.loss, accuracy: kept.accuracy }
	};
}

/**
 * Lowest validation loss wins (the validation set holds hand-written text when there is
 * any, so this is chosen on text from outside the generator); within 2% of the best
 * loss, the smaller model.
 */
export function chooseModel(candidates: readonly TrainedModel[], tolerance = 0.02): TrainedModel {
	if (candidates.length === 0) throw new TrainingError('No candidate model was trained');
	const best = Math.min(...candidates.map((c) => c.validation.loss));
	const close = candidates.filter((c) => c.validation.loss <= best * (1 + tolerance));
	return close.reduce((a, b) => (b.parameters < a.parameters ? b : a));
}
