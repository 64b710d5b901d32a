/** Typed factory for the monitoring service's events (what it reads back from telemetry) in tests. */
import type { MonitoringEvent } from '#lib/server/monitoring/types.ts';

/** The time every event has unless a test gives its own: 2026-11-01 00:00 UTC. */
export const MONITORING_T0 = Date.parse('2026-11-01T00:00:00Z');

/** A confident non-compliant prediction by model v1 at MONITORING_T0, with `overrides` on top. */
export function monitoringEvent(overrides: Partial<MonitoringEvent> = {}): MonitoringEvent {
	return {
		time: MONITORING_T0,
		kind: 'prediction',
		appVersion: '0.1.0',
		modelVersion: 'v1',
		backend: 'wasm',
		latencyMs: 10,
		errorCode: null,
		label: 1,
		probability: 0.9,
		tokenCount: 10,
		oovCount: 0,
		overridden: false,
		shadowModelVersion: null,
		shadowLabel: null,
		...overrides
	};
}
