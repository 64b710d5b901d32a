/**
 * The training loop: Adam + binary cross-entropy, length-bucketed batches, early
 * stopping on validation loss (best weights restored), an optional wall-clock budget.
 */
import * as tf from '@tensorflow/tfjs';
import type { Vocabulary } from '../../../src/lib/text/index.ts';
import { buildModel, parameterCount, type Architecture } from './architectures.ts';
import { epochBatches, makeBatch, predictProbabilities, unseenWordPool, type Augmentation, type EncodedSet } from './batches.ts';
import { createRandom } from '../data/random.ts';
import { silentProgress, type EpochLog, type ProgressSink } from './progress.ts';

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
	progress?: ProgressSink;
	/** Label used in progress output. */
	name?: string;
}

export interface TrainedModel {
	architecture: Architecture;
	model: tf.LayersModel;
	parameters: number;
	history: EpochLog[];
	bestEpoch: number;
	stopReason: 'epochs' | 'early-stopping' | 'budget';
	seconds: number;
	validation: { loss: number; accuracy: number };
}

const EPSILON = 1e-7;

export function binaryCrossEntropy(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
	let sum = 0;
	for (let i = 0; i < labels.length; i++) {
		const p = Math.min(1 - EPSILON, Math.max(EPSILON, probabilities[i]));
		sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
	}
	return labels.length === 0 ? 0 : sum / labels.length;
}

export function accuracyAt(labels: ArrayLike<number>, probabilities: ArrayLike<number>, threshold = 0.5): number {
	let correct = 0;
	for (let i = 0; i < labels.length; i++) if ((probabilities[i] >= threshold ? 1 : 0) === labels[i]) correct++;
	return labels.length === 0 ? 0 : correct / labels.length;
}

export class TrainingError extends Error {
	readonly code = 'TRAINING_FAILED';
	constructor(message: string) {
		super(message);
		this.name = 'TrainingError';
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
	const model = buildModel(architecture, options.seed);
	const optimizer = tf.train.adam(options.learningRate);
	model.compile({ optimizer, loss: 'binaryCrossentropy', metrics: ['accuracy'] });
	const augmentation: Augmentation | undefined = options.augmentation && {
		...options.augmentation,
		pool: unseenWordPool(vocab, train.analyzed),
		rng: createRandom(options.seed ^ 0x5eed)
	};
	const started = performance.now();
	const history: EpochLog[] = [];
	let best: { loss: number; accuracy: number; epoch: number; weights: tf.Tensor[] } | null = null;
	let stopReason: TrainedModel['stopReason'] = 'epochs';
	const validationLabels = validation.labels;

	for (let epoch = 1; epoch <= options.epochs; epoch++) {
		const epochStart = performance.now();
		// AdamOptimizer reads learningRate on every step, so a per-epoch schedule is a plain assignment.
		(optimizer as unknown as { learningRate: number }).learningRate =
			options.learningRate * (options.learningRateDecay ?? 1) ** (epoch - 1);
		const batches = epochBatches(train, options.batchSize, options.seed * 1000 + epoch);
		let lossSum = 0;
		let correct = 0;
		let seen = 0;
		for (let b = 0; b < batches.length; b++) {
			const batch = makeBatch(train, batches[b], vocab, augmentation);
			const [loss, accuracy] = (await model.trainOnBatch([batch.features, batch.mask], batch.labels)) as number[];
			tf.dispose([batch.features, batch.mask, batch.labels]);
			if (!Number.isFinite(loss))
				throw new TrainingError(`${name}: loss became ${loss} at epoch ${epoch}; lower --learning-rate or check the data for empty texts`);
			lossSum += loss * batches[b].length;
			correct += accuracy * batches[b].length;
			seen += batches[b].length;
			progress.batch(name, epoch, options.epochs, b + 1, batches.length, lossSum / seen, (performance.now() - epochStart) / 1000);
		}
		const probabilities =
			validation.analyzed.length > 0 ? await predictProbabilities(model, validation.analyzed, vocab) : new Float32Array(0);
		const valLoss = validation.analyzed.length > 0 ? binaryCrossEntropy(validationLabels, probabilities) : lossSum / seen;
		const valAccuracy = validation.analyzed.length > 0 ? accuracyAt(validationLabels, probabilities) : correct / seen;
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
			accuracy: correct / seen,
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

/** Highest validation accuracy wins; within 0.05 percentage points, the smaller model. */
export function chooseModel(candidates: readonly TrainedModel[], tolerance = 0.0005): TrainedModel {
	if (candidates.length === 0) throw new TrainingError('No candidate model was trained');
	const top = Math.max(...candidates.map((c) => c.validation.accuracy));
	const close = candidates.filter((c) => c.validation.accuracy >= top - tolerance);
	return close.reduce((a, b) => (b.parameters < a.parameters ? b : a));
}
