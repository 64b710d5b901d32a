/** Alert rules over a monitoring summary. Thresholds are data so the page can show them. */
import type { Alert, MonitoringSummary } from './types.ts';
import { percent } from '../../format/percent.ts';

export interface AlertThresholds {
	/** PSI at or above which drift is critical (0.1 is a warning). */
	psiCritical: number;
	psiWarning: number;
	/** Share of predictions technicians overrode (the realized error rate). */
	overrideRate: number;
	/** Latest bucket's OOV rate vs the rest of the range: ratio and absolute rise. */
	oovJumpRatio: number;
	oovJumpAbsolute: number;
	/** p95 latency per backend, ms. */
	latencyP95Ms: number;
	/** Predictions needed before rates are judged (avoids alerts on a handful). */
	minEvents: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = {
	psiCritical: 0.25,
	psiWarning: 0.1,
	overrideRate: 0.1,
	oovJumpRatio: 2,
	oovJumpAbsolute: 0.05,
	latencyP95Ms: 500,
	minEvents: 30
};

export function evaluateAlerts(s: Omit<MonitoringSummary, 'alerts'>, t: AlertThresholds = DEFAULT_THRESHOLDS): Alert[] {
	const alerts: Alert[] = [];
	for (const h of s.confidence) {
		if (h.psi === null || h.counts.reduce((a, b) => a + b, 0) < t.minEvents) continue;
		if (h.psi >= t.psiWarning) {
			alerts.push({
				code: 'DRIFT',
				severity: h.psi >= t.psiCritical ? 'critical' : 'warning',
				message: `Model ${h.modelVersion}: confidence distribution drifted from its reference (PSI ${h.psi.toFixed(3)}).`
			});
		}
	}
	if (s.overrides.rate !== null && s.totals.predictions >= t.minEvents && s.overrides.rate > t.overrideRate) {
		alerts.push({
			code: 'OVERRIDE_RATE',
			severity: 'critical',
			message: `Technicians overrode ${percent(s.overrides.rate)} of predictions (threshold ${percent(t.overrideRate)}).`
		});
	}
	const withOov = s.timeline.filter((b) => b.oovRate !== null && b.predictions > 0);
	if (withOov.length >= 2) {
		const last = withOov[withOov.length - 1];
		const before = withOov.slice(0, -1);
		const tokens = before.reduce((a, b) => a + b.predictions * (b.meanTokens ?? 0), 0);
		const oov = before.reduce((a, b) => a + b.predictions * (b.meanTokens ?? 0) * (b.oovRate ?? 0), 0);
		const baseline = tokens ? oov / tokens : 0;
		const rate = last.oovRate ?? 0;
		if (last.predictions >= t.minEvents && rate - baseline >= t.oovJumpAbsolute && rate >= baseline * t.oovJumpRatio) {
			alerts.push({
				code: 'OOV_JUMP',
				severity: 'warning',
				message: `Unknown-word rate jumped to ${percent(rate)} in the latest period (was ${percent(baseline)}): new kinds of descriptions?`
			});
		}
	}
	for (const l of s.latency) {
		if (l.count >= t.minEvents && l.p95 > t.latencyP95Ms) {
			alerts.push({
				code: 'LATENCY',
				severity: 'warning',
				message: `${l.backend}: p95 latency ${l.p95.toFixed(0)} ms (threshold ${t.latencyP95Ms} ms).`
			});
		}
	}
	if (s.totals.modelErrors > 0) {
		const codes = [...new Set(s.modelErrors.map((e) => e.errorCode))].join(', ');
		alerts.push({
			code: 'MODEL_ERRORS',
			severity: 'critical',
			message: `${s.totals.modelErrors} model load failure(s) or refused bundles on devices or the server (${codes}).`
		});
	}
	return alerts;
}
