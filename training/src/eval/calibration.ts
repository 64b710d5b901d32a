/**
 * Honest confidence (issue 12): temperature scaling fitted on held-out hand-written text,
 * and the "needs review" thresholds chosen on the same text for a target error among
 * the verdicts that are NOT flagged. Pure functions over numbers; the pipeline applies
 * the temperature to the model's output layer before export, so ONNX, parity and the
 * app all see calibrated probabilities.
 */
import type { ReviewPolicy } from '../../../src/lib/inference/review-policy.ts';

const EPSILON = 1e-7;
const logit = (p: number) => {
	const q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
	return Math.log(q / (1 - q));
};
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Mean negative log-likelihood of labels under sigmoid(logit(p) / t). */
export function temperedNll(labels: ArrayLike<number>, probabilities: ArrayLike<number>, t: number): number {
	let sum = 0;
	for (let i = 0; i < labels.length; i++) {
		const q = Math.min(1 - EPSILON, Math.max(EPSILON, sigmoid(logit(probabilities[i]) / t)));
		sum -= labels[i] === 1 ? Math.log(q) : Math.log(1 - q);
	}
	return labels.length === 0 ? 0 : sum / labels.length;
}

/** The temperature in [0.25, 8] that minimises the NLL (golden-section search on log t); 1 without data. */
export function fitTemperature(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
	if (labels.length === 0) return 1;
	let lo = Math.log(0.25);
	let hi = Math.log(8);
	const f = (x: number) => temperedNll(labels, probabilities, Math.exp(x));
	const g = (Math.sqrt(5) - 1) / 2;
	let a = hi - g * (hi - lo);
	let b = lo + g * (hi - lo);
	for (let k = 0; k < 60; k++) {
		if (f(a) < f(b)) hi = b;
		else lo = a;
		a = hi - g * (hi - lo);
		b = lo + g * (hi - lo);
	}
	return Math.exp((lo + hi) / 2);
}

export function applyTemperature(p: number, t: number): number {
	return sigmoid(logit(p) / t);
}

export interface PolicyCandidateInput {
	/** 0/1, or null for a text that cannot be decided. */
	labels: ReadonlyArray<0 | 1 | null>;
	/** Calibrated P(non-compliant). */
	probabilities: ArrayLike<number>;
	/** P(undecidable) from the review head. */
	undecidable: ArrayLike<number>;
	/** Texts flagged whatever the thresholds (many unknown words, truncated). */
	alwaysFlagged: readonly boolean[];
}

export interface PolicyChoice {
	policy: Pick<ReviewPolicy, 'minConfidence' | 'undecidableThreshold'>;
	/** On the data it was chosen on. */
	unflaggedError: number;
	flaggedShareDecidable: number;
}

/**
 * Thresholds for "needs review": among all pairs (minimum confidence, P(undecidable)
 * threshold) whose share of flagged decidable texts stays within `maxFlaggedDecidable`,
 * the one with the lowest error among unflagged verdicts (an unflagged undecidable text
 * counts as an error); ties go to fewer flags.
 */
export function chooseReviewPolicy(input: PolicyCandidateInput, maxFlaggedDecidable = 0.15): PolicyChoice {
	const confidences = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97];
	const undecidable = [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
	let best: PolicyChoice | null = null;
	for (const minConfidence of confidences)
		for (const undecidableThreshold of undecidable) {
			let decided = 0;
			let flaggedDecided = 0;
			let unflagged = 0;
			let wrong = 0;
			input.labels.forEach((label, i) => {
				const p = input.probabilities[i];
				const flagged = input.alwaysFlagged[i] || Math.max(p, 1 - p) < minConfidence || input.undecidable[i] >= undecidableThreshold;
				if (label !== null) {
					decided++;
					if (flagged) flaggedDecided++;
				}
				if (!flagged) {
					unflagged++;
					if (label === null || (p >= 0.5 ? 1 : 0) !== label) wrong++;
				}
			});
			const choice: PolicyChoice = {
				policy: { minConfidence, undecidableThreshold },
				unflaggedError: unflagged === 0 ? 0 : wrong / unflagged,
				flaggedShareDecidable: decided === 0 ? 0 : flaggedDecided / decided
			};
			if (choice.flaggedShareDecidable > maxFlaggedDecidable) continue;
			if (
				!best ||
				choice.unflaggedError < best.unflaggedError - 1e-9 ||
				(Math.abs(choice.unflaggedError - best.unflaggedError) <= 1e-9 && choice.flaggedShareDecidable < best.flaggedShareDecidable)
			)
				best = choice;
		}
	return best ?? { policy: { minConfidence: 0.5, undecidableThreshold: 0.8 }, unflaggedError: NaN, flaggedShareDecidable: NaN };
}
