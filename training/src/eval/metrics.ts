/**
 * Evaluation of predicted P(non-compliant) against labels. The positive class is 1
 * (non-compliant): precision and recall say how well non-compliant parts are caught.
 * Verdict metrics count the decidable samples (label 0 or 1); with the "needs review"
 * flags of each sample, the report adds what a technician experiences: the share
 * flagged, the error among verdicts NOT flagged (an undecidable text shown as a final
 * verdict counts as an error), and how many undecidable texts were flagged.
 * Slices read `Sample.meta` (material, condition, years 1990-1999, shape, phenomenon);
 * samples without meta (customer data) count only in the overall numbers.
 */
import type { ReferenceDistribution } from '../../../src/lib/bundle/manifest.ts';
import type { Sample } from '../data/generator.ts';
import { CodedError } from '../../../src/lib/errors.ts';

export interface Confusion {
	tp: number;
	fp: number;
	tn: number;
	fn: number;
}

export interface SliceResult {
	count: number;
	/** Rows of the slice with a label 0 or 1 (absent in reports written before undecidable rows existed). */
	decidable?: number;
	/** Over the decidable samples of the slice (0 when it has none). */
	accuracy: number;
	/** With review flags: share flagged, error among the unflagged, and silent errors (wrong or undecidable AND unflagged) over all rows. */
	flagged?: number;
	unflaggedError?: number;
	silentError?: number;
}

export interface ReviewResult {
	/** Share of all samples flagged "needs review". */
	flaggedShare: number;
	/** Share of the decidable samples flagged (the cost of review on text that has an answer). */
	flaggedShareDecidable: number;
	/** Unflagged samples with a wrong verdict, or undecidable, over all unflagged samples. */
	unflaggedError: number;
	unflagged: number;
	undecidable: number;
	/** Share of the undecidable samples that were flagged. */
	undecidableFlagged: number;
}

export interface EvaluationReport {
	count: number;
	/** Samples with a label 0 or 1 (the rest cannot be decided from their text). */
	decidable: number;
	/** Over the decidable samples. */
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
	/** Present when review flags were given. */
	review?: ReviewResult;
	/** slices[dimension][value]: "material", "condition", "year" (1990..1999), "shape", "typo", "phenomenon". */
	slices: Record<string, Record<string, SliceResult>>;
}

export class EvaluationInputError extends CodedError<'EVALUATION_INPUT'> {
	constructor(message: string) {
		super('EVALUATION_INPUT', message);
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

interface Tally {
	count: number;
	decided: number;
	correct: number;
	flagged: number;
	unflagged: number;
	unflaggedWrong: number;
}

const tally = (): Tally => ({ count: 0, decided: 0, correct: 0, flagged: 0, unflagged: 0, unflaggedWrong: 0 });

function add(t: Tally, label: 0 | 1 | null, correct: boolean, flagged: boolean | undefined): void {
	t.count++;
	if (label !== null) {
		t.decided++;
		if (correct) t.correct++;
	}
	if (flagged === undefined) return;
	if (flagged) t.flagged++;
	else {
		t.unflagged++;
		if (label === null || !correct) t.unflaggedWrong++;
	}
}

/**
 * @param flagged per sample, whether the app shows it as "needs review" (optional)
 */
export function evaluate(
	samples: readonly Sample[],
	probabilities: ArrayLike<number>,
	threshold = 0.5,
	flagged?: readonly boolean[]
): EvaluationReport {
	checkProbabilities(probabilities, samples.length);
	if (flagged && flagged.length !== samples.length)
		throw new EvaluationInputError(`Got ${flagged.length} review flags for ${samples.length} samples; pass one per sample`);
	const confusion: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
	const slices: Record<string, Record<string, Tally>> = {};
	const all = tally();
	const undecided = tally();
	const decidedLabels: (0 | 1)[] = [];
	const decidedProbabilities: number[] = [];
	samples.forEach((sample, i) => {
		const predicted = probabilities[i] >= threshold ? 1 : 0;
		const correct = predicted === sample.label;
		const f = flagged?.[i];
		add(all, sample.label, correct, f);
		if (sample.label === null) add(undecided, null, false, f);
		else {
			decidedLabels.push(sample.label);
			decidedProbabilities.push(probabilities[i]);
			if (predicted === 1) confusion[sample.label === 1 ? 'tp' : 'fp']++;
			else confusion[sample.label === 0 ? 'tn' : 'fn']++;
		}
		const meta = sample.meta;
		if (!meta) return;
		const slice = (dimension: string, value: string | null) =>
			add(((slices[dimension] ??= {})[value ?? 'not stated'] ??= tally()), sample.label, correct, f);
		slice('material', meta.material);
		slice('condition', meta.condition);
		if (meta.year !== null && meta.year >= SLICE_YEARS.from && meta.year <= SLICE_YEARS.to) slice('year', String(meta.year));
		slice('shape', meta.shape);
		slice('typo', meta.typo ? 'yes' : 'no');
		if (meta.phenomenon) slice('phenomenon', meta.phenomenon);
	});
	const precision = ratio(confusion.tp, confusion.tp + confusion.fp);
	const recall = ratio(confusion.tp, confusion.tp + confusion.fn);
	const result: EvaluationReport['slices'] = {};
	for (const [dimension, values] of Object.entries(slices)) {
		result[dimension] = {};
		for (const key of Object.keys(values).sort()) {
			const t = values[key];
			const r: SliceResult = { count: t.count, decidable: t.decided, accuracy: ratio(t.correct, t.decided) };
			if (flagged) {
				r.flagged = ratio(t.flagged, t.count);
				r.unflaggedError = ratio(t.unflaggedWrong, t.unflagged);
				r.silentError = ratio(t.unflaggedWrong, t.count);
			}
			result[dimension][key] = r;
		}
	}
	const report: EvaluationReport = {
		count: samples.length,
		decidable: all.decided,
		accuracy: ratio(all.correct, all.decided),
		precision,
		recall,
		f1: ratio(2 * precision * recall, precision + recall),
		confusion,
		ece: expectedCalibrationError(decidedLabels, decidedProbabilities, threshold),
		threshold,
		slices: result
	};
	if (flagged) {
		report.review = {
			flaggedShare: ratio(all.flagged, all.count),
			flaggedShareDecidable: ratio(all.flagged - undecided.flagged, all.decided),
			unflaggedError: ratio(all.unflaggedWrong, all.unflagged),
			unflagged: all.unflagged,
			undecidable: undecided.count,
			undecidableFlagged: ratio(undecided.flagged, undecided.count)
		};
	}
	return report;
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
