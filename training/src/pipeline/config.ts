/**
 * Training configuration with documented defaults, one place for `npm run train`,
 * the release pipeline and tests.
 */
import path from 'node:path';
import { ConfigError } from '../../../src/lib/node/errors.ts';
import { resolveModelsDir } from '../../../src/lib/registry/models-dir.ts';
import { DEFAULT_REGULATION_ID } from '../data/regulation.ts';
import { DILATED_DEFAULT, DILATED_SMALL, type Architecture } from '../model/architectures.ts';
import { DEFAULT_FEEDBACK_WEIGHT } from '../data/feedback.ts';

export { ConfigError };

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
export const DEFAULT_HAND_WRITTEN_DIR = path.join(REPO_ROOT, 'training', 'data', 'hand-written');

export interface TrainConfig {
	/** Tiny data, 3 epochs of the dilated model, committed vocabulary: < 60 s, for tests and the release dry run. */
	quick: boolean;
	/** Customer CSV (text,label) instead of synthetic data. */
	dataFile: string | null;
	/** Regulation that labels generated and hand-written rows (training/regulations/<id>.json). Default cutoff-1995. */
	regulation: string;
	/** Synthetic rows to generate (ignored with dataFile). Default 60000; quick 3000. */
	rows: number;
	/** Hand-written supplement folder (synthetic mode only); null disables it. Default training/data/hand-written. */
	handWrittenDir: string | null;
	/**
	 * Training weight of a hand-written row against a generated one. Default 4: the
	 * supplement is ~1.3k rows against ~48k generated; at 4 it carries about a tenth of the
	 * loss, enough to teach real phrasing without letting its few hundred voices dominate
	 * (1 and 8 were worse on the held-out hand-written part, see README "Model quality").
	 */
	handWrittenWeight: number;
	/**
	 * Largest share of decidable held-out hand-written texts that may be flagged for review
	 * when choosing the thresholds. Default 0.2: the held-out quarter includes the
	 * supplements' deliberately adversarial rows (negated years, past/current condition,
	 * near-descriptions), on which more is flagged than on ordinary text; on the realistic
	 * evaluation set this budget flags well under 15% of decidable descriptions.
	 */
	maxFlaggedShare: number;
	/** Maximum epochs per candidate. Default 14; quick 3. */
	epochs: number;
	/** Seed of the generator, the split, weight init and batch order. Default 1. */
	seed: number;
	modelsDir: string;
	/** Register the new version in registry.json (the first one becomes champion). Default true. */
	register: boolean;
	/** Default 256. */
	batchSize: number;
	/** Adam learning rate; default 0.002, times learningRateDecay (0.8) each epoch. */
	learningRate: number;
	learningRateDecay: number;
	/** Early stopping patience in epochs (validation loss). Default 3. */
	patience: number;
	/** Wall-clock budget for training all candidates, seconds. Default 720 (the whole run must stay < 15 min). */
	trainBudgetSeconds: number;
	/** Word insertion/dropout noise for generalization to unseen phrasing; null disables it. */
	augmentation: { insertRate: number; dropRate: number } | null;
	/**
	 * Candidates, trained in order; the lowest validation loss wins (the smaller one when
	 * close). Default the dilated model alone: compared by `--architectures conv,dilated-small,dilated`
	 * it won on held-out hand-written text (README "Model quality"), and one candidate keeps
	 * the full run within 15 minutes here. Quick: the small dilated model.
	 */
	architectures: Architecture[];
	/** Minimum samples for the ONNX parity gate. Default 1000. */
	paritySamples: number;
	/** Field labels from `npm run feedback -- export` (--feedback); null: none. */
	feedbackFile: string | null;
	/** Weight of a field-train row (default 8; the argument is at DEFAULT_FEEDBACK_WEIGHT). */
	feedbackWeight: number;
	/**
	 * Warm start (--init): "champion" or a registered version to fine-tune instead of training
	 * from random weights (its architecture and vocabulary; pipeline/warm-start.ts). Changes the
	 * defaults to FINE_TUNE's: fewer epochs and a lower learning rate. Null: from scratch.
	 */
	init: string | null;
}

/**
 * Fine-tuning defaults (--init). A lower learning rate so the first steps do not undo the
 * champion (Adam at 0.002 moves every weight by ~0.002 a step whatever the gradient), and
 * few epochs: the model already knows the generated and hand-written data.
 */
export const FINE_TUNE = { epochs: 4, quickEpochs: 2, learningRate: 0.0005 } as const;

export function makeConfig(overrides: Partial<TrainConfig> = {}): TrainConfig {
	const quick = overrides.quick ?? false;
	const warm = overrides.init != null;
	const config: TrainConfig = {
		quick,
		dataFile: null,
		regulation: DEFAULT_REGULATION_ID,
		rows: quick ? 3000 : 60_000,
		handWrittenDir: DEFAULT_HAND_WRITTEN_DIR,
		handWrittenWeight: 4,
		maxFlaggedShare: 0.2,
		epochs: warm ? (quick ? FINE_TUNE.quickEpochs : FINE_TUNE.epochs) : quick ? 3 : 14,
		seed: 1,
		modelsDir: resolveModelsDir(),
		register: true,
		batchSize: quick ? 128 : 256,
		learningRate: warm ? FINE_TUNE.learningRate : 0.002,
		learningRateDecay: 0.8,
		patience: 3,
		trainBudgetSeconds: quick ? 30 : 720,
		augmentation: { insertRate: 0.3, dropRate: 0.03 },
		architectures: quick ? [DILATED_SMALL] : [DILATED_DEFAULT],
		paritySamples: 1000,
		feedbackFile: null,
		feedbackWeight: DEFAULT_FEEDBACK_WEIGHT,
		init: null,
		...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined))
	};
	const positiveInt = (name: keyof TrainConfig) => {
		const v = config[name];
		if (!Number.isInteger(v) || (v as number) < 1) throw new ConfigError(`${name} must be a positive integer, got ${String(v)}`);
	};
	(['rows', 'epochs', 'batchSize', 'patience', 'paritySamples', 'trainBudgetSeconds'] as const).forEach(positiveInt);
	if (!Number.isInteger(config.seed) || config.seed < 0) throw new ConfigError(`seed must be a non-negative integer, got ${config.seed}`);
	if (!(config.learningRate > 0)) throw new ConfigError(`learningRate must be > 0, got ${config.learningRate}`);
	if (!(config.handWrittenWeight > 0)) throw new ConfigError(`handWrittenWeight must be > 0, got ${config.handWrittenWeight}`);
	if (!(config.feedbackWeight > 0)) throw new ConfigError(`feedbackWeight must be > 0, got ${config.feedbackWeight}`);
	if (!(config.maxFlaggedShare >= 0 && config.maxFlaggedShare <= 1))
		throw new ConfigError(`maxFlaggedShare must be in [0, 1], got ${config.maxFlaggedShare}`);
	if (config.architectures.length === 0) throw new ConfigError('architectures must list at least one candidate');
	config.modelsDir = path.resolve(config.modelsDir);
	return config;
}
