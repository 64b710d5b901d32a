/** Typed factory for telemetry events in tests. */
import type { TelemetryEventInput } from '#lib/telemetry/event.ts';

export function predictionEvent(overrides: Partial<Extract<TelemetryEventInput, { label: unknown }>> = {}): TelemetryEventInput {
	return {
		eventId: crypto.randomUUID(),
		time: '2026-11-01T10:00:00.000Z',
		appVersion: '0.1.0',
		modelVersion: 'v1',
		backend: 'wasm',
		threads: 2,
		latencyMs: 12.5,
		label: 1,
		probability: 0.9,
		tokenCount: 8,
		oovCount: 1,
		overridden: false,
		overrideLabel: null,
		shadow: null,
		...overrides
	};
}
