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
}

export interface LatencyStats {
	backend: string;
	count: number;
	p50: number;
	p95: number;
	p99: number;
}

export interface Alert {
	code: 'DRIFT' | 'OVERRIDE_RATE' | 'OOV_JUMP' | 'LATENCY' | 'MODEL_ERRORS' | 'REALIZED_ACCURACY';
	severity: 'warning' | 'critical';
	message: string;
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
}
