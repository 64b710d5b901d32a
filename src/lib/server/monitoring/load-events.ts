/** Reads raw telemetry for the monitoring summary: one indexed range scan, newest first, capped. */
import type { Kysely } from 'kysely';
import type { Database, TelemetryEventsTable } from '../db/schema.ts';
import type { MonitoringEvent } from './types.ts';

/** Most raw events one read returns (~30 MB of rows); beyond it the newest are kept. */
export const MAX_SUMMARY_EVENTS = 200_000;

/** The columns the monitoring maths reads. */
export const MONITORING_COLUMNS = [
	'time',
	'kind',
	'app_version',
	'model_version',
	'backend',
	'latency_ms',
	'error_code',
	'label',
	'probability',
	'token_count',
	'oov_count',
	'overridden',
	'shadow_model_version',
	'shadow_label'
] as const;

type MonitoringRow = Pick<TelemetryEventsTable, (typeof MONITORING_COLUMNS)[number]>;

export function toMonitoringEvent(r: MonitoringRow): MonitoringEvent {
	return {
		time: r.time,
		kind: r.kind === 'model-error' ? 'model-error' : 'prediction',
		appVersion: r.app_version,
		modelVersion: r.model_version,
		backend: r.backend,
		latencyMs: r.latency_ms,
		errorCode: r.error_code,
		label: r.label as 0 | 1 | null,
		probability: r.probability,
		tokenCount: r.token_count,
		oovCount: r.oov_count,
		overridden: r.overridden === null ? null : r.overridden === 1,
		shadowModelVersion: r.shadow_model_version,
		shadowLabel: r.shadow_label as 0 | 1 | null
	};
}

export async function loadEvents(
	db: Kysely<Database>,
	range: { from: number; to: number; model?: string | null },
	limit = MAX_SUMMARY_EVENTS
): Promise<{ events: MonitoringEvent[]; truncated: boolean }> {
	let q = db.selectFrom('telemetry_events').select(MONITORING_COLUMNS).where('time', '>=', range.from).where('time', '<', range.to);
	if (range.model) q = q.where('model_version', '=', range.model);
	const rows = await q
		.orderBy('time', 'desc')
		.limit(limit + 1)
		.execute();
	const truncated = rows.length > limit;
	return { events: rows.slice(0, limit).map(toMonitoringEvent), truncated };
}
