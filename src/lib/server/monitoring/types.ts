/** Shapes of the monitoring computations (pure; see summary.ts) and of GET /api/monitoring/summary. */

/** One stored telemetry event, as the monitoring math sees it. */
export interface MonitoringEvent {
	/** Epoch ms. */
	time: number;
	kind: 'prediction' | 'model-error';
	appVersion: string;
	modelVersion: string;
	backend: string;
	latencyMs: number;
	errorCode: string | null;
	label: 0 | 1 | null;
	probability: number | null;
	tokenCount: number | null;
	oovCount: number | null;
	overridden: boolean | null;
	shadowModelVersion: string | null;
	shadowLabel: 0 | 1 | null;
}

export type DriftBand = 'stable' | 'moderate' | 'significant';

export interface ConfidenceHistogram {
	modelVersion: string;
	edges: number[];
	counts: number[];
	proportions: number[];
	/** The manifest's referenceDistribution proportions, or null when the manifest is unknown. */
	reference: number[] | null;
	psi: number | null;
	band: DriftBand | null;
	/** Predictions of this version in the range, and their share labelled non-compliant (p >= 0.5). */
	predictions: number;
	nonCompliantShare: number | null;
	/** Share of the reference (the evaluation set) at p >= 0.5, or null without a reference. */
	referenceNonCompliantShare: number | null;
	/**
	 * PSI against the reference re-weighted to this range's label mix: the change in the
	 * shape of the confidence within each label, which a different label mix alone does not
	 * move (input drift). `psi` above is the raw PSI, label mix included.
	 */
	labelAdjustedPsi: number | null;
}

export interface TimeBucket {
	/** Bucket start, epoch ms. */
	start: number;
	predictions: number;
	byModel: Record<string, number>;
	/** OOV tokens / tokens in this bucket (null without predictions). */
	oovRate: number | null;
	meanTokens: number | null;
	overrideRate: number | null;
	/** Share of this bucket's predictions labelled non-compliant (null without predictions). */
	nonCompliantShare: number | null;
}

export interface LatencyStats {
	backend: string;
	count: number;
	p50: number;
	p95: number;
	p99: number;
}

/**
 * What an alert is about: the output (`label-mix`: more or fewer non-compliant verdicts)
 * apart from the inputs (`input-drift`: text length, unknown words, the confidence shape
 * within each label), the realized quality (overrides), and operations (latency, errors).
 */
export type AlertKind = 'label-mix' | 'input-drift' | 'quality' | 'operations';

/** The filter behind an alert: the page applies it from the alert's link. */
export interface AlertSlice {
	from: string;
	to: string;
	model: string | null;
}

export interface Alert {
	code: 'LABEL_MIX' | 'DRIFT' | 'TOKENS_SHIFT' | 'OOV_JUMP' | 'OVERRIDE_RATE' | 'LATENCY' | 'MODEL_ERRORS' | 'REALIZED_ACCURACY';
	severity: 'warning' | 'critical';
	message: string;
	kind: AlertKind;
	/** What moved, its value, the value it is compared with, and what that comparison value is. */
	measure: { name: string; observed: number; baseline: number | null; against: string } | null;
	slice: AlertSlice;
}

/** The alert rules' thresholds (defaults: alerts.ts). */
export interface AlertThresholds {
	/** Label-adjusted PSI at or above which input drift is critical (psiWarning: a warning). */
	psiCritical: number;
	psiWarning: number;
	/** Non-compliant share vs the reference, in absolute points (0.15 = 15 points). */
	labelMixWarning: number;
	labelMixCritical: number;
	/** Share of predictions technicians overrode (the realized error rate). */
	overrideRate: number;
	/** Latest bucket's OOV rate vs the rest of the range: ratio and absolute rise. */
	oovJumpRatio: number;
	oovJumpAbsolute: number;
	/** Latest bucket's mean token count vs the rest of the range: ratio either way, and absolute tokens. */
	tokensShiftRatio: number;
	tokensShiftAbsolute: number;
	/** p95 latency per backend, ms. */
	latencyP95Ms: number;
	/** Predictions needed before rates are judged (avoids alerts on a handful). */
	minEvents: number;
}

export interface MonitoringSummary {
	from: string;
	to: string;
	model: string | null;
	bucketMs: number;
	/** True when the range held more events than were analysed (the newest were kept). */
	truncated: boolean;
	/** Oldest raw event still stored (ISO), or null when none is; older parts of a range come from rollups. */
	rawDataFrom: string | null;
	/** Days raw events are kept (TELEMETRY_RAW_RETENTION_DAYS); rollups are kept for good. */
	rawRetentionDays: number | null;
	totals: { predictions: number; modelErrors: number };
	timeline: TimeBucket[];
	labelMix: { compliant: number; nonCompliant: number; nonCompliantShare: number | null };
	confidence: ConfidenceHistogram[];
	oovRate: number | null;
	meanTokens: number | null;
	latency: LatencyStats[];
	overrides: { count: number; rate: number | null };
	/** Mean of max(p, 1 - p): the accuracy a calibrated model expects of itself. */
	accuracyEstimate: number | null;
	agreement: { challenger: string; comparisons: number; agreementRate: number }[];
	activeVersions: { modelVersion: string; appVersions: string[]; events: number; share: number; lastSeen: string }[];
	modelErrors: { errorCode: string; modelVersion: string; count: number }[];
	alerts: Alert[];
	/** The thresholds the alerts were judged by (the page shows them). */
	thresholds: AlertThresholds;
}
