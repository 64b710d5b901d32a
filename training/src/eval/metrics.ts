/**
 * Evaluation of predicted P(non-compliant) against labels. The positive class is 1
 * (non-compliant): precision and recall say how well non-compliant parts are caught.
 * Slices read `Sample.meta` (material, condition, years 1990-1999, sentence shape);
 * samples without meta (customer data) count only in the overall numbers.
 */
import type { ReferenceDistribution } from '../../../src/lib/bundle/manifest.ts';
import type { Sample } from '../data/generator.ts';

export interface Confusion {
	tp: number;
	fp: number;
	tn: number;
	fn: number;
}

export interface SliceResult {
	count: number;
	accuracy: number;
}

export interface EvaluationReport {
	count: number;
	accuracy: number;
	/** Of the samples predicted non-compliant, the share that is. 0 when nothing was predicted non-compliant. */
	precision: number;
	/** Of the non-compliant samples, the share predicted so. 0 when there are none. */
	recall: number;
	f1: number;
	confusion: Confusion;
	/** Expected calibration error, 10 equal-width bins of confidence max(p, 1 - p). */
	ece: number;
	threshold: number;
	/** slices[dimension][value]: "material", "condition", "year" (1990..1999), "shape", "typo". */
	slices: Record<string, Record<string, SliceResult>>;
}

export class EvaluationInputError extends Error {
	readonly code = 'EVALUATION_INPUT';
	constructor(message: string) {
		super(message);
		this.name = 'EvaluationInputError';
	}
}

const ECE_BINS = 10;
const SLICE_YEARS = { from: 1990, to: 1999 };

function checkProbabilities(probabilities: ArrayLike<number>, expected?: number): void {
	if (expected !== undefined && probabilities.length !== expected) {
		throw new EvaluationInputError(
			`Got ${probabilities.length} probabilities for ${expected} samples; pass one probability per sample, in order`
		);
	}
	for (let i = 0; i < probabilities.length; i++) {
		const p = probabilities[i];
		if (!(p >= 0 && p <= 1))
			throw new EvaluationInputError(`Probability ${i} is ${p}; probabilities must be in [0, 1] (apply the sigmoid first)`);
	}
}

/** Top-label ECE: sum over bins of |accuracy - mean confidence| weighted by the bin's share. */
export function expectedCalibrationError(
	labels: ArrayLike<0 | 1>,
	probabilities: ArrayLike<number>,
	threshold = 0.5,
	bins = ECE_BINS
): number {
	const count = new Array<number>(bins).fill(0);
	const correct = new Array<number>(bins).fill(0);
	const confidence = new Array<number>(bins).fill(0);
	for (let i = 0; i < labels.length; i++) {
		const p = probabilities[i];
		const predicted = p >= threshold ? 1 : 0;
		const c = predicted === 1 ? p : 1 - p;
		const b = Math.min(bins - 1, Math.floor(c * bins));
		count[b]++;
		confidence[b] += c;
		if (predicted === labels[i]) correct[b]++;
	}
	let ece = 0;
	for (let b = 0; b < bins; b++)
		if (count[b] > 0) ece += (count[b] / labels.length) * Math.abs(correct[b] / count[b] - confidence[b] / count[b]);
	return ece;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function evaluate(samples: readonly Sample[], probabilities: ArrayLike<number>, threshold = 0.5): EvaluationReport {
	checkProbabilities(probabilities, samples.length);
	const confusion: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
	const slices: Record<string, Record<string, { count: number; correct: number }>> = {};
	const addSlice = (dimension: string, value: string, correct: boolean) => {
		const d = (slices[dimension] ??= {});
		const s = (d[value] ??= { count: 0, correct: 0 });
		s.count++;
		if (correct) s.correct++;
	};
	samples.forEach((sample, i) => {
		const predicted = probabilities[i] >= threshold ? 1 : 0;
		const correct = predicted === sample.label;
		if (predicted === 1) confusion[sample.label === 1 ? 'tp' : 'fp']++;
		else confusion[sample.label === 0 ? 'tn' : 'fn']++;
		const meta = sample.meta;
		if (!meta) return;
		addSlice('material', meta.material, correct);
		addSlice('condition', meta.condition, correct);
		if (meta.year >= SLICE_YEARS.from && meta.year <= SLICE_YEARS.to) addSlice('year', String(meta.year), correct);
		addSlice('shape', meta.shape, correct);
		addSlice('typo', meta.typo ? 'yes' : 'no', correct);
	});
	const precision = ratio(confusion.tp, confusion.tp + confusion.fp);
	const recall = ratio(confusion.tp, confusion.tp + confusion.fn);
	const result: EvaluationReport['slices'] = {};
	for (const [dimension, values] of Object.entries(slices)) {
		result[dimension] = {};
		for (const key of Object.keys(values).sort())
			result[dimension][key] = { count: values[key].count, accuracy: values[key].correct / values[key].count };
	}
	return {
		count: samples.length,
		accuracy: ratio(confusion.tp + confusion.tn, samples.length),
		precision,
		recall,
		f1: ratio(2 * precision * recall, precision + recall),
		confusion,
		ece: expectedCalibrationError(
			samples.map((s) => s.label),
			probabilities,
			threshold
		),
		threshold,
		slices: result
	};
}

/** Histogram of predicted probabilities on `bins` equal bins of [0, 1], for drift checks (PSI). */
export function referenceDistribution(probabilities: ArrayLike<number>, bins = 20): ReferenceDistribution {
	if (!Number.isInteger(bins) || bins < 1) throw new EvaluationInputError(`bins must be a positive integer, got ${bins}`);
	if (probabilities.length === 0) throw new EvaluationInputError('referenceDistribution needs at least one probability');
	checkProbabilities(probabilities);
	const counts = new Array<number>(bins).fill(0);
	for (let i = 0; i < probabilities.length; i++) counts[Math.min(bins - 1, Math.floor(probabilities[i] * bins))]++;
	return {
		edges: Array.from({ length: bins + 1 }, (_, i) => i / bins),
		proportions: counts.map((c) => c / probabilities.length),
		count: probabilities.length
	};
}

export { renderReport } from './report.ts';
