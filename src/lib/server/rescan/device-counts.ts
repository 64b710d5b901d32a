/**
 * Devices' re-scan counts (telemetry kind "rescan"): stored by ingestion, summed per model
 * version for the monitoring page (GET /api/rescan/devices). Counts only: no text, no ids.
 */
import type { Kysely } from 'kysely';
import type { RescanEvent } from '../../telemetry/event.ts';
import type { Database } from '../db/schema.ts';

/** Inside ingestion's transaction; a resent event is ignored. Returns how many were new. */
export async function storeDeviceRescans(tx: Kysely<Database>, events: readonly RescanEvent[], receivedAt: number): Promise<number> {
	if (events.length === 0) return 0;
	const inserted = await tx
		.insertInto('device_rescans')
		.values(
			events.map((e) => ({
				event_id: e.eventId,
				time: Date.parse(e.time),
				received_at: receivedAt,
				app_version: e.appVersion,
				model_version: e.modelVersion,
				previous_model_version: e.previousModelVersion,
				total: e.total,
				to_non_compliant: e.toNonCompliant,
				to_compliant: e.toCompliant,
				disagree_with_human: e.disagreeWithHuman
			}))
		)
		.onConflict((oc) => oc.column('event_id').doNothing())
		.returning('event_id')
		.execute();
	return inserted.length;
}

export interface DeviceRescanCounts {
	model: string;
	devices: number;
	items: number;
	toNonCompliant: number;
	toCompliant: number;
	disagreeWithHuman: number;
	lastAt: string;
}

/** Sums per model version, newest first (one row per device re-scan; a device re-scans once per model). */
export async function deviceRescanCounts(db: Kysely<Database>, limit = 20): Promise<DeviceRescanCounts[]> {
	const rows = await db
		.selectFrom('device_rescans')
		.select((eb) => [
			'model_version',
			eb.fn.countAll<number>().as('devices'),
			eb.fn.sum<number>('total').as('items'),
			eb.fn.sum<number>('to_non_compliant').as('to_nc'),
			eb.fn.sum<number>('to_compliant').as('to_c'),
			eb.fn.sum<number>('disagree_with_human').as('disagree'),
			eb.fn.max('time').as('last')
		])
		.groupBy('model_version')
		.orderBy('last', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		model: r.model_version,
		devices: Number(r.devices),
		items: Number(r.items),
		toNonCompliant: Number(r.to_nc),
		toCompliant: Number(r.to_c),
		disagreeWithHuman: Number(r.disagree),
		lastAt: new Date(Number(r.last)).toISOString()
	}));
}
