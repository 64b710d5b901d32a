/**
 * Raw telemetry retention: events older than the retention window are deleted; the
 * rollups (what the monitoring page reads) are kept. Idempotent: running it again, or
 * on two servers at once, deletes nothing more.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

const DAY = 86_400_000;

/** Deletes raw events older than `retentionDays` before `now`; returns how many. */
export async function purgeRawEvents(db: Kysely<Database>, retentionDays: number, now = Date.now()): Promise<number> {
	const result = await db
		.deleteFrom('telemetry_events')
		.where('time', '<', now - retentionDays * DAY)
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}
