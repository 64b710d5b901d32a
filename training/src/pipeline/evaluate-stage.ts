/**
 * The evaluate stage of `npm run train`: the calibrated model on the generated test split,
 * the held-out sentence shapes, the frozen evaluation set and the hand-written realistic
 * set (models/eval/realistic.csv, never trained on), each with the "needs review" flags
 * the app would show (same policy function as the classifier).
 */
import type * as tf from '@tensorflow/tfjs';
import { percent } from '../../../src/lib/format/percent.ts';
import { analyze, type Vocabulary } from '../../../src/lib/text/index.ts';
import { REVIEW_SIGNALS } from '../../../src/lib/bundle/model-contract.ts';
import { reviewReasonCodes, type ReviewPolicy } from '../../../src/lib/inference/review-policy.ts';
import type { Sample } from '../data/generator.ts';
import { evaluate, type EvaluationReport } from '../eval/metrics.ts';
import { predict, type Predictions } from '../model/batches.ts';

export interface ScoredSet {
	samples: readonly Sample[];
	predictions: Predictions;
	flagged: boolean[];
	report: EvaluationReport;
}

export async function scoreSet(
	model: tf.LayersModel,
	samples: readonly Sample[],
	vocab: Vocabulary,
	policy: ReviewPolicy,
	threshold: number
): Promise<ScoredSet> {
	const analyzed = samples.map((s) => analyze(s.text, vocab));
	const predictions = await predict(model, analyzed, vocab);
	const R = REVIEW_SIGNALS.length;
	const flagged = analyzed.map(
		(a, i) => reviewReasonCodes(a, predictions.probability[i], predictions.review.subarray(i * R, (i + 1) * R), policy).length > 0
	);
	return { samples, predictions, flagged, report: evaluate(samples, predictions.probability, threshold, flagged) };
}

export async function evaluateSets(
	model: tf.LayersModel,
	sets: Record<string, readonly Sample[]>,
	vocab: Vocabulary,
	policy: ReviewPolicy,
	threshold: number
): Promise<Record<string, ScoredSet>> {
	const out: Record<string, ScoredSet> = {};
	for (const [name, samples] of Object.entries(sets))
		if (samples.length > 0) out[name] = await scoreSet(model, samples, vocab, policy, threshold);
	return out;
}

const pct = (x: number) => percent(x, 2);

/** One line per set for the log: accuracy, and with review flags the share flagged and the error left. */
export function summarize(name: string, r: EvaluationReport): string {
	const review = r.review
		? `, flagged ${pct(r.review.flaggedShare)} (decidable ${pct(r.review.flaggedShareDecidable)}), error among unflagged ${pct(r.review.unflaggedError)}, undecidable flagged ${pct(r.review.undecidableFlagged)}`
		: '';
	return `${name}: accuracy ${pct(r.accuracy)} (n=${r.decidable}${r.count > r.decidable ? ` + ${r.count - r.decidable} undecidable` : ''}), ECE ${r.ece.toFixed(3)}${review}`;
}
