/**
 * Server predictions produce the same anonymized telemetry events as devices
 * (backend "server"): no text, no user, no address. Latency is the request's model
 * time shared out over its descriptions, as one batch run serves them all.
 */
import type { Classification } from '#lib/inference/types.ts';
import type { PredictionEvent } from '#lib/telemetry/event.ts';

export interface ServerRunInfo {
	appVersion: string;
	threads: number;
	/** Model time for the whole request, in milliseconds. */
	latencyMs: number;
	time?: Date;
}

export function serverPredictionEvents(
	verdicts: readonly Classification[],
	shadow: readonly Classification[] | null,
	run: ServerRunInfo
): PredictionEvent[] {
	const time = (run.time ?? new Date()).toISOString();
	const latencyMs = verdicts.length > 0 ? run.latencyMs / verdicts.length : 0;
	return verdicts.map((v, i) => ({
		eventId: crypto.randomUUID(),
		time,
		appVersion: run.appVersion.slice(0, 64),
		modelVersion: v.model,
		backend: 'server',
		threads: run.threads,
		latencyMs,
		kind: 'prediction',
		label: v.label,
		probability: v.probability,
		tokenCount: v.tokenCount,
		oovCount: v.oovCount,
		overridden: false,
		overrideLabel: null,
		shadow: shadow ? { modelVersion: shadow[i].model, label: shadow[i].label, probability: shadow[i].probability } : null
	}));
}
