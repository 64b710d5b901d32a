/**
 * The model stages of `npm run train`: train every candidate architecture, choose on the
 * validation loss (held-out hand-written text weighs half of it), calibrate the chosen
 * model's verdict with a temperature, and choose the "needs review" thresholds.
 */
import * as tf from '@tensorflow/tfjs';
import { analyze, type AnalyzedText, type Vocabulary } from '../../../src/lib/text/index.ts';
import { REVIEW_SIGNALS } from '../../../src/lib/bundle/model-contract.ts';
import { reviewReasonCodes, type ReviewPolicy } from '../../../src/lib/inference/review-policy.ts';
import type { Sample } from '../data/generator.ts';
import { applyTemperature, chooseReviewPolicy, fitTemperature, type PolicyChoice } from '../eval/calibration.ts';
import { LAYER } from '../model/architectures.ts';
import { predict, targetsOf, TARGETS, T, type EncodedSet } from '../model/batches.ts';
import type { ProgressSink } from '../model/progress.ts';
import { chooseModel, trainModel, type TrainedModel } from '../model/train.ts';
import { REVIEW_DEFAULTS } from './bundle.ts';
import type { TrainConfig } from './config.ts';
import type { WarmStart } from './warm-start.ts';

export function toSet(samples: readonly Sample[], vocab: Vocabulary): EncodedSet {
	return { analyzed: samples.map((s) => analyze(s.text, vocab)), ...targetsOf(samples) };
}

/** Generated validation rows plus held-out hand-written rows, each half of the total weight. */
export function validationSet(generated: EncodedSet, handWritten: EncodedSet): EncodedSet {
	const g = generated.analyzed.length;
	const h = handWritten.analyzed.length;
	if (h === 0) return generated;
	const targets = new Float32Array((g + h) * TARGETS);
	targets.set(generated.targets, 0);
	targets.set(handWritten.targets, g * TARGETS);
	const generatedWeight = g === 0 ? 0 : h / g;
	for (let i = 0; i < g; i++) targets[i * TARGETS + T.weight] = generatedWeight;
	for (let i = g; i < g + h; i++) targets[i * TARGETS + T.weight] = 1;
	const labels = new Float32Array(g + h);
	labels.set(generated.labels, 0);
	labels.set(handWritten.labels, g);
	return { analyzed: [...generated.analyzed, ...handWritten.analyzed], labels, targets };
}

export async function trainCandidates(
	config: TrainConfig,
	train: EncodedSet,
	validation: EncodedSet,
	vocab: Vocabulary,
	progress: ProgressSink,
	log: (line: string) => void,
	warm: WarmStart | null = null
): Promise<{ candidates: TrainedModel[]; chosen: TrainedModel }> {
	const candidates: TrainedModel[] = [];
	const started = performance.now();
	// A warm start fine-tunes the one architecture it was trained with.
	const architectures = warm ? [warm.architecture] : config.architectures;
	for (const [i, architecture] of architectures.entries()) {
		const spent = (performance.now() - started) / 1000;
		// Split what is left of the budget evenly over the candidates still to train.
		const share = (config.trainBudgetSeconds - spent) / (architectures.length - i);
		const result = await trainModel(architecture, train, validation, vocab, {
			epochs: config.epochs,
			batchSize: config.batchSize,
			learningRate: config.learningRate,
			learningRateDecay: config.learningRateDecay,
			patience: config.patience,
			seed: config.seed,
			budgetSeconds: Math.max(1, share),
			augmentation: config.augmentation ?? undefined,
			initialModel: warm?.model(config.seed),
			progress,
			name: architecture.kind
		});
		log(
			`  ${architecture.kind}: validation loss ${result.validation.loss.toFixed(4)}, accuracy ${(100 * result.validation.accuracy).toFixed(2)}%, ` +
				`best epoch ${result.bestEpoch}/${result.history.length} (${result.stopReason}), ${result.parameters} parameters, ${Math.round(result.seconds)} s`
		);
		candidates.push(result);
	}
	return { candidates, chosen: chooseModel(candidates) };
}

export interface Calibration {
	temperature: number;
	review: ReviewPolicy;
	choice: PolicyChoice;
	/** Held-out hand-written rows it was fitted on. */
	samples: number;
}

/** Scale the verdict logit by 1/temperature inside the model, so every runtime sees calibrated numbers. */
function bakeTemperature(model: tf.LayersModel, temperature: number): void {
	const layer = model.getLayer(LAYER.output);
	const scaled = layer.getWeights().map((w) => tf.div(w, temperature));
	layer.setWeights(scaled);
	tf.dispose(scaled);
}

export function alwaysFlagged(analyzed: readonly AnalyzedText[], maxUnknownShare: number): boolean[] {
	const policy: ReviewPolicy = { minConfidence: 0.5, maxUnknownShare, undecidableThreshold: 1.01 };
	return analyzed.map((a) => reviewReasonCodes(a, 0, null, policy).length > 0);
}

/**
 * Fit the temperature on the held-out hand-written rows that have a label, bake it into
 * the model, then choose the review thresholds on all held-out rows.
 */
export async function calibrate(
	model: tf.LayersModel,
	holdout: readonly Sample[],
	set: EncodedSet,
	vocab: Vocabulary,
	maxFlaggedShare: number
): Promise<Calibration> {
	if (holdout.length === 0) {
		return {
			temperature: 1,
			review: REVIEW_DEFAULTS,
			choice: { policy: REVIEW_DEFAULTS, unflaggedError: NaN, flaggedShareDecidable: NaN },
			samples: 0
		};
	}
	const raw = await predict(model, set.analyzed, vocab);
	const decided = holdout.map((s, i) => [s.label, raw.probability[i]] as const).filter(([l]) => l !== null);
	const temperature = fitTemperature(
		decided.map(([l]) => l as number),
		decided.map(([, p]) => p)
	);
	bakeTemperature(model, temperature);
	const R = REVIEW_SIGNALS.length;
	const calibrated = Float32Array.from(raw.probability, (p) => applyTemperature(p, temperature));
	const choice = chooseReviewPolicy(
		{
			labels: holdout.map((s) => s.label),
			probabilities: calibrated,
			undecidable: Float32Array.from({ length: holdout.length }, (_, i) => raw.review[i * R]),
			alwaysFlagged: alwaysFlagged(set.analyzed, REVIEW_DEFAULTS.maxUnknownShare)
		},
		maxFlaggedShare
	);
	return { temperature, review: { ...REVIEW_DEFAULTS, ...choice.policy }, choice, samples: holdout.length };
}
