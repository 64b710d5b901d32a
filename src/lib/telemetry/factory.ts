/**
 * The one place telemetry events are built: the inference worker (predictions after the
 * shadow ran, model errors), the PWA (an override of a prediction that already left the
 * device) and the server's /api/classify (backend "server"). Numbers are clamped into the
 * ranges the schema in event.ts accepts, so a slow device never loses its event.
 */
import type { Label } from '../inference/types.ts';
import type { Backend, ModelErrorEvent, PredictionEvent, RescanEvent } from './event.ts';

/** The schema's ceiling for `latencyMs`. */
const MAX_LATENCY_MS = 600_000;

/** Who produced the event: the app build and the backend that ran (or failed to load) the model. */
export interface EventSource {
	appVersion: string;
	backend: Backend;
	threads: number;
}

/** What a prediction event records of a verdict (never the text). */
export interface VerdictFacts {
	/** The model version that gave the verdict. */
	model: string;
	label: Label;
	probability: number;
	tokenCount: number;
	oovCount: number;
}

export interface PredictionDetails {
	latencyMs: number;
	/** Default: a new random id. The worker passes the id it gave the page, so a later override can refer to it. */
	eventId?: string;
	/** The challenger's verdict on the same input, when one ran in shadow. */
	shadow?: Pick<VerdictFacts, 'model' | 'label' | 'probability'> | null;
	/** The technician's label, when they overrode the model. */
	overrideLabel?: Label | null;
	time?: Date;
}

function common(source: EventSource, modelVersion: string, latencyMs: number, eventId: string | undefined, time: Date | undefined) {
	return {
		eventId: eventId ?? crypto.randomUUID(),
		time: (time ?? new Date()).toISOString(),
		appVersion: source.appVersion.slice(0, 64),
		modelVersion,
		backend: source.backend,
		threads: source.threads,
		latencyMs: Math.min(MAX_LATENCY_MS, Math.max(0, latencyMs))
	};
}

export function predictionEvent(source: EventSource, verdict: VerdictFacts, details: PredictionDetails): PredictionEvent {
	const overrideLabel = details.overrideLabel ?? null;
	const shadow = details.shadow ?? null;
	return {
		...common(source, verdict.model, details.latencyMs, details.eventId, details.time),
		kind: 'prediction',
		label: verdict.label,
		probability: verdict.probability,
		tokenCount: verdict.tokenCount,
		oovCount: Math.min(verdict.oovCount, verdict.tokenCount),
		overridden: overrideLabel !== null,
		overrideLabel,
		shadow: shadow ? { modelVersion: shadow.model, label: shadow.label, probability: shadow.probability } : null
	};
}

/** A technician overrode a prediction whose own event already left the device: a separate event, latency 0. */
export function overrideEvent(source: EventSource, verdict: VerdictFacts, overrideLabel: Label): PredictionEvent {
	return predictionEvent(source, verdict, { latencyMs: 0, overrideLabel });
}

/** A model bundle failed to load or self-test; `latencyMs` is the time until the failure. */
export function modelErrorEvent(source: EventSource, modelVersion: string | null, errorCode: string, latencyMs: number): ModelErrorEvent {
	return { ...common(source, modelVersion ?? 'unknown', latencyMs, undefined, undefined), kind: 'model-error', errorCode };
}

/** Counts of a finished inventory re-scan under `modelVersion` (no text, no ids); latency = the run's duration. */
export interface RescanCounts {
	modelVersion: string;
	previousModelVersion: string | null;
	total: number;
	toNonCompliant: number;
	toCompliant: number;
	disagreeWithHuman: number;
	durationMs: number;
}

export function rescanEvent(source: EventSource, counts: RescanCounts): RescanEvent {
	const { modelVersion, previousModelVersion, total, toNonCompliant, toCompliant, disagreeWithHuman, durationMs } = counts;
	return {
		...common(source, modelVersion, durationMs, undefined, undefined),
		kind: 'rescan',
		previousModelVersion,
		total,
		toNonCompliant,
		toCompliant,
		disagreeWithHuman
	};
}

export interface ServerRunInfo {
	appVersion: string;
	threads: number;
	/** Model time for the whole request, in milliseconds. */
	latencyMs: number;
	time?: Date;
}

/**
 * Server predictions produce the same anonymized events as devices (backend "server"):
 * no text, no user, no address. Latency is the request's model time shared out over its
 * descriptions, as one batch run serves them all.
 */
export function serverPredictionEvents(
	verdicts: readonly VerdictFacts[],
	shadow: readonly VerdictFacts[] | null,
	run: ServerRunInfo
): PredictionEvent[] {
	const source: EventSource = { appVersion: run.appVersion, backend: 'server', threads: run.threads };
	const time = run.time ?? new Date();
	const latencyMs = verdicts.length > 0 ? run.latencyMs / verdicts.length : 0;
	return verdicts.map((v, i) => predictionEvent(source, v, { latencyMs, time, shadow: shadow?.[i] ?? null }));
}
