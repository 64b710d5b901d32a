/**
 * Alert rules over a monitoring summary. Thresholds are data so the page can show them.
 * A change in the label mix (the output: more non-compliant verdicts) is reported apart
 * from input drift (text length, unknown words, the confidence shape within each label):
 * a batch of old parts raises the first, not the second. Each alert says what moved, by
 * how much, against what, and names the slice (range and model) behind it.
 */
import type { Alert, AlertSlice, AlertThresholds, MonitoringSummary, TimeBucket } from './types.ts';
import { percent } from '../../format/percent.ts';

export type { AlertThresholds };

export const DEFAULT_THRESHOLDS: AlertThresholds = {
	psiCritical: 0.25,
	psiWarning: 0.1,
	labelMixWarning: 0.15,
	labelMixCritical: 0.35,
	overrideRate: 0.1,
	oovJumpRatio: 2,
	oovJumpAbsolute: 0.05,
	tokensShiftRatio: 1.5,
	tokensShiftAbsolute: 2,
	latencyP95Ms: 500,
	minEvents: 30
};

type Summary = Omit<MonitoringSummary, 'alerts' | 'thresholds'>;

const REFERENCE = 'its reference (the evaluation set in the model bundle)';
const points = (d: number) => `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(1)} points`;

/** The latest bucket with predictions compared with the rest of the range (weighted by predictions). */
function latestVsRest(s: Summary): { last: TimeBucket; before: TimeBucket[]; slice: AlertSlice } | null {
	const withData = s.timeline.filter((b) => b.predictions > 0);
	if (withData.length < 2) return null;
	const last = withData[withData.length - 1];
	const to = Math.min(last.start + s.bucketMs, Date.parse(s.to));
	return {
		last,
		before: withData.slice(0, -1),
		slice: { from: new Date(last.start).toISOString(), to: new Date(to).toISOString(), model: s.model }
	};
}

function labelMixAndConfidence(s: Summary, t: AlertThresholds): Alert[] {
	const alerts: Alert[] = [];
	for (const h of s.confidence) {
		if (h.reference === null || h.predictions < t.minEvents || h.nonCompliantShare === null || h.referenceNonCompliantShare === null)
			continue;
		const slice = { from: s.from, to: s.to, model: h.modelVersion };
		const shift = h.nonCompliantShare - h.referenceNonCompliantShare;
		if (Math.abs(shift) >= t.labelMixWarning) {
			alerts.push({
				code: 'LABEL_MIX',
				kind: 'label-mix',
				severity: Math.abs(shift) >= t.labelMixCritical ? 'critical' : 'warning',
				message:
					`Model ${h.modelVersion}: ${percent(h.nonCompliantShare)} of ${h.predictions} predictions were non-compliant, ` +
					`vs ${percent(h.referenceNonCompliantShare)} in ${REFERENCE} (${points(shift)}). This is the output mix: ` +
					`different parts being scanned (e.g. a batch of old stock) move it without any input drift.`,
				measure: { name: 'non-compliant share', observed: h.nonCompliantShare, baseline: h.referenceNonCompliantShare, against: REFERENCE },
				slice
			});
		}
		if (h.labelAdjustedPsi !== null && h.labelAdjustedPsi >= t.psiWarning) {
			alerts.push({
				code: 'DRIFT',
				kind: 'input-drift',
				severity: h.labelAdjustedPsi >= t.psiCritical ? 'critical' : 'warning',
				message:
					`Model ${h.modelVersion}: the confidence within each label moved away from ${REFERENCE}: PSI ${h.labelAdjustedPsi.toFixed(3)} ` +
					`once the reference is re-weighted to this label mix (raw PSI ${h.psi?.toFixed(3)}). The inputs look different ` +
					`from what the model was evaluated on: more uncertain verdicts or unfamiliar descriptions.`,
				measure: { name: 'label-adjusted PSI', observed: h.labelAdjustedPsi, baseline: 0, against: REFERENCE },
				slice
			});
		}
	}
	return alerts;
}

function inputFeatures(s: Summary, t: AlertThresholds): Alert[] {
	const split = latestVsRest(s);
	if (!split || split.last.predictions < t.minEvents) return [];
	const { last, before, slice } = split;
	const alerts: Alert[] = [];
	const predictions = before.reduce((a, b) => a + b.predictions, 0);
	const tokens = before.reduce((a, b) => a + b.predictions * (b.meanTokens ?? 0), 0);
	const oov = before.reduce((a, b) => a + b.predictions * (b.meanTokens ?? 0) * (b.oovRate ?? 0), 0);
	const against = 'the earlier part of the range';
	const oovBaseline = tokens ? oov / tokens : 0;
	const oovRate = last.oovRate ?? 0;
	if (oovRate - oovBaseline >= t.oovJumpAbsolute && oovRate >= oovBaseline * t.oovJumpRatio) {
		alerts.push({
			code: 'OOV_JUMP',
			kind: 'input-drift',
			severity: 'warning',
			message: `Unknown-word rate rose to ${percent(oovRate)} in the latest period, from ${percent(oovBaseline)} in ${against} (${points(oovRate - oovBaseline)}): new kinds of descriptions?`,
			measure: { name: 'unknown-word rate', observed: oovRate, baseline: oovBaseline, against },
			slice
		});
	}
	const meanBefore = predictions ? tokens / predictions : null;
	const meanLast = last.meanTokens;
	if (meanBefore && meanLast !== null) {
		const ratio = meanLast / meanBefore;
		if (Math.abs(meanLast - meanBefore) >= t.tokensShiftAbsolute && (ratio >= t.tokensShiftRatio || ratio <= 1 / t.tokensShiftRatio)) {
			alerts.push({
				code: 'TOKENS_SHIFT',
				kind: 'input-drift',
				severity: 'warning',
				message: `Descriptions averaged ${meanLast.toFixed(1)} words in the latest period vs ${meanBefore.toFixed(1)} in ${against} (${ratio.toFixed(1)}×): a different source or format of descriptions?`,
				measure: { name: 'mean tokens per description', observed: meanLast, baseline: meanBefore, against },
				slice
			});
		}
	}
	return alerts;
}

export function evaluateAlerts(s: Summary, t: AlertThresholds = DEFAULT_THRESHOLDS): Alert[] {
	const whole: AlertSlice = { from: s.from, to: s.to, model: s.model };
	const alerts: Alert[] = [...labelMixAndConfidence(s, t), ...inputFeatures(s, t)];
	if (s.overrides.rate !== null && s.totals.predictions >= t.minEvents && s.overrides.rate > t.overrideRate) {
		alerts.push({
			code: 'OVERRIDE_RATE',
			kind: 'quality',
			severity: 'critical',
			message: `Technicians overrode ${percent(s.overrides.rate)} of predictions (threshold ${percent(t.overrideRate)}): the model is wrong that often in their judgement.`,
			measure: { name: 'override rate', observed: s.overrides.rate, baseline: t.overrideRate, against: 'the alert threshold' },
			slice: whole
		});
	}
	for (const l of s.latency) {
		if (l.count >= t.minEvents && l.p95 > t.latencyP95Ms) {
			alerts.push({
				code: 'LATENCY',
				kind: 'operations',
				severity: 'warning',
				message: `${l.backend}: 95% of verdicts took up to ${l.p95.toFixed(0)} ms (threshold ${t.latencyP95Ms} ms).`,
				measure: { name: `p95 latency, ${l.backend} (ms)`, observed: l.p95, baseline: t.latencyP95Ms, against: 'the alert threshold' },
				slice: whole
			});
		}
	}
	if (s.totals.modelErrors > 0) {
		const codes = [...new Set(s.modelErrors.map((e) => e.errorCode))].join(', ');
		const models = [...new Set(s.modelErrors.map((e) => e.modelVersion))];
		alerts.push({
			code: 'MODEL_ERRORS',
			kind: 'operations',
			severity: 'critical',
			message: `${s.totals.modelErrors} model load failure(s) or refused bundles on devices or the server (${codes}).`,
			measure: null,
			slice: { ...whole, model: models.length === 1 ? models[0] : s.model }
		});
	}
	return alerts;
}
