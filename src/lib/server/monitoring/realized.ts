/**
 * Realized performance (reviewed labels) and the label-free estimate beside it. Pure
 * maths over plain rows; realized-store.ts reads the rows. Positive class: non-compliant.
 *
 * - Realized: accuracy, precision and recall of the model's verdicts against the reviewed
 *   labels, with a Wilson 95% interval, per model version and per reason for review. The
 *   audit sample (a random draw of confident verdicts) is the unbiased figure; overrides
 *   and needs-review items are chosen because they look wrong, so they understate accuracy.
 * - Estimated (in the manner of NannyML's CBPE): with calibrated probabilities p = P(non-
 *   compliant), a verdict is right with probability p when it says non-compliant and 1 - p
 *   otherwise, so the expected confusion matrix is E[TP] = sum p over label 1, E[FP] =
 *   sum (1 - p) over label 1, E[FN] = sum p over label 0, E[TN] = sum (1 - p) over label 0.
 */
import type { Alert } from './types.ts';
import { percent } from '../../format/percent.ts';

/** Two-sided 95% normal quantile. */
const Z95 = 1.959963984540054;

/** Wilson score interval for `correct` successes out of `n` (null without data). */
export function wilson(correct: number, n: number, z = Z95): [number, number] | null {
	if (n <= 0) return null;
	const p = correct / n;
	const z2 = z * z;
	const denom = 1 + z2 / n;
	const center = (p + z2 / (2 * n)) / denom;
	const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
	return [Math.max(0, center - half), Math.min(1, center + half)];
}

export interface ReviewedRow {
	modelVersion: string;
	source: string;
	/** The model's label and probability when reviewed. */
	modelLabel: 0 | 1;
	modelProbability: number;
	/** The reviewed label; null when the reviewer rejected the item. */
	label: 0 | 1 | null;
}

export interface RealizedStats {
	reviewed: number;
	correct: number;
	accuracy: number | null;
	ci95: [number, number] | null;
	precision: number | null;
	recall: number | null;
	/** CBPE's expected accuracy of these same verdicts, from their probabilities (compare with accuracy). */
	expectedAccuracy: number | null;
}

export interface RealizedByModel extends RealizedStats {
	modelVersion: string;
	/** The random audit sample of confident verdicts: the unbiased figure. */
	audit: RealizedStats;
	overrides: RealizedStats;
	needsReview: RealizedStats;
	/** Items the reviewers rejected as unusable (not counted above). */
	rejected: number;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export function realizedStats(rows: ReviewedRow[]): RealizedStats {
	let correct = 0;
	let tp = 0;
	let fp = 0;
	let fn = 0;
	let expected = 0;
	const labelled = rows.filter((r) => r.label !== null);
	for (const r of labelled) {
		if (r.modelLabel === r.label) correct++;
		if (r.modelLabel === 1 && r.label === 1) tp++;
		if (r.modelLabel === 1 && r.label === 0) fp++;
		if (r.modelLabel === 0 && r.label === 1) fn++;
		expected += r.modelLabel === 1 ? r.modelProbability : 1 - r.modelProbability;
	}
	const n = labelled.length;
	return {
		reviewed: n,
		correct,
		accuracy: ratio(correct, n),
		ci95: wilson(correct, n),
		precision: ratio(tp, tp + fp),
		recall: ratio(tp, tp + fn),
		expectedAccuracy: ratio(expected, n)
	};
}

export function realizedByModel(rows: ReviewedRow[]): RealizedByModel[] {
	const groups = new Map<string, ReviewedRow[]>();
	for (const r of rows) groups.set(r.modelVersion, [...(groups.get(r.modelVersion) ?? []), r]);
	return [...groups.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([modelVersion, list]) => ({
			modelVersion,
			...realizedStats(list),
			audit: realizedStats(list.filter((r) => r.source === 'audit')),
			overrides: realizedStats(list.filter((r) => r.source === 'override')),
			needsReview: realizedStats(list.filter((r) => r.source === 'needs-review')),
			rejected: list.filter((r) => r.label === null).length
		}));
}

/** Per model and predicted label: how many verdicts and the sum of their P(non-compliant). */
export interface ProbabilitySums {
	modelVersion: string;
	label: 0 | 1;
	count: number;
	probabilitySum: number;
}

export interface EstimatedByModel {
	modelVersion: string;
	/** Verdicts the estimate covers (the synced inventory of that version). */
	items: number;
	accuracy: number | null;
	precision: number | null;
	recall: number | null;
}

/** CBPE: expected accuracy, precision and recall from calibrated probabilities alone. */
export function estimatedByModel(sums: ProbabilitySums[]): EstimatedByModel[] {
	const byModel = new Map<string, { n0: number; s0: number; n1: number; s1: number }>();
	for (const s of sums) {
		const m = byModel.get(s.modelVersion) ?? { n0: 0, s0: 0, n1: 0, s1: 0 };
		if (s.label === 1) {
			m.n1 += s.count;
			m.s1 += s.probabilitySum;
		} else {
			m.n0 += s.count;
			m.s0 += s.probabilitySum;
		}
		byModel.set(s.modelVersion, m);
	}
	return [...byModel.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([modelVersion, { n0, s0, n1, s1 }]) => {
			const tp = s1;
			const fp = n1 - s1;
			const fn = s0;
			const tn = n0 - s0;
			return {
				modelVersion,
				items: n0 + n1,
				accuracy: ratio(tp + tn, n0 + n1),
				precision: ratio(tp, tp + fp),
				recall: ratio(tp, tp + fn)
			};
		});
}

export interface RealizedThresholds {
	/** Realized accuracy of the audit sample below which an alert is raised. */
	accuracy: number;
	/** Audit reviews needed before the figure is judged. */
	minReviewed: number;
}

/**
 * An alert per model whose audit-sample accuracy is below the threshold: critical when the
 * whole 95% interval is below it, a warning otherwise. Overrides are not judged (biased).
 */
export function realizedAlerts(
	byModel: RealizedByModel[],
	t: RealizedThresholds,
	period: { from: string; to: string } = { from: new Date(0).toISOString(), to: new Date().toISOString() }
): Alert[] {
	const alerts: Alert[] = [];
	for (const m of byModel) {
		const a = m.audit;
		if (a.reviewed < t.minReviewed || a.accuracy === null || a.accuracy >= t.accuracy) continue;
		const surely = a.ci95 !== null && a.ci95[1] < t.accuracy;
		alerts.push({
			code: 'REALIZED_ACCURACY',
			severity: surely ? 'critical' : 'warning',
			message: `Model ${m.modelVersion}: reviewed audit sample ${percent(a.accuracy)} correct (${a.correct} of ${a.reviewed}; 95% interval ${percent(a.ci95?.[0])}-${percent(a.ci95?.[1])}), below ${percent(t.accuracy)}.`,
			kind: 'quality',
			measure: {
				name: 'realized accuracy of the audit sample',
				observed: a.accuracy,
				baseline: t.accuracy,
				against: 'the REALIZED_ACCURACY_ALERT threshold'
			},
			// Reviews are counted to date; the slice is the page's period for that model.
			slice: { from: period.from, to: period.to, model: m.modelVersion }
		});
	}
	return alerts;
}
