/**
 * Excluding a session's (or a user's) telemetry from monitoring after the fact.
 *
 * Monitoring reads rollups, so deleting raw events alone would not change it. An exclusion
 * therefore, per page of events and in one transaction: deletes the source's raw events
 * (DELETE ... RETURNING: only the rows this call removed), keeps them in
 * telemetry_excluded_events, and subtracts exactly their rollup contribution (the same
 * rollupEvents() that ingestion added, negated). Sums are then exact again; `last_seen` (a
 * maximum) cannot be subtracted and may stay later than the newest remaining event. Rows
 * and histogram keys that reach zero are removed. Events already past the raw retention
 * have no raw copy left and cannot be subtracted (their rollups stay).
 *
 * A batch in flight while the exclusion is made is caught by the ingest side: after
 * storing, the telemetry route checks the exclusion again and moves its own events.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, TelemetryEventsTable } from '../db/schema.ts';
import { rollupEvents, type Rollup } from '../monitoring/rollup.ts';
import { toMonitoringEvent } from '../monitoring/load-events.ts';
import { writeRollups } from './rollup-store.ts';
import { dialectOf, inListSql, run } from './raw-sql.ts';
import { UserError } from '../auth/users.ts';

const PAGE = 500;

function negate(r: Rollup): Rollup {
	return {
		rows: r.rows.map((x) => ({
			...x,
			events: -x.events,
			predictions: -x.predictions,
			nonCompliant: -x.nonCompliant,
			tokens: -x.tokens,
			oov: -x.oov,
			overrides: -x.overrides,
			confidenceSum: -x.confidenceSum,
			modelErrors: -x.modelErrors
		})),
		counts: r.counts.map((c) => ({ ...c, count: -c.count }))
	};
}

/** Deletes rollup rows and histogram keys that the subtraction brought to zero. */
async function prune(tx: Transaction<Database>, r: Rollup): Promise<void> {
	const starts = r.rows.map((x) => x.bucketStart);
	if (starts.length)
		await tx
			.deleteFrom('telemetry_rollups')
			.where('events', '<=', 0)
			.where('bucket_start', '>=', Math.min(...starts))
			.where('bucket_start', '<=', Math.max(...starts))
			.execute();
	const seen = new Set<string>();
	for (const c of r.counts) {
		const id = `${c.bucketMs}|${c.bucketStart}|${c.modelVersion}|${c.metric}`;
		if (seen.has(id)) continue;
		seen.add(id);
		const where = (q: any) =>
			q
				.where('bucket_ms', '=', c.bucketMs)
				.where('bucket_start', '=', c.bucketStart)
				.where('model_version', '=', c.modelVersion)
				.where('metric', '=', c.metric);
		const row = await where(tx.selectFrom('telemetry_rollup_counts').select('counts')).executeTakeFirst();
		if (!row) continue;
		const kept = Object.fromEntries(Object.entries(JSON.parse(row.counts) as Record<string, number>).filter(([, n]) => n > 1e-9));
		if (Object.keys(kept).length === 0) await where(tx.deleteFrom('telemetry_rollup_counts')).execute();
		else await where(tx.updateTable('telemetry_rollup_counts').set({ counts: JSON.stringify(kept) })).execute();
	}
}

/** Moves every stored event of the given sources out of monitoring; returns how many moved. */
export async function moveExcludedEvents(db: Kysely<Database>, sourceIds: readonly string[], now = Date.now()): Promise<number> {
	let moved = 0;
	for (const sourceId of sourceIds) {
		for (;;) {
			const n = await db.transaction().execute(async (tx) => {
				const ids = await tx.selectFrom('telemetry_events').select('event_id').where('source_id', '=', sourceId).limit(PAGE).execute();
				if (ids.length === 0) return 0;
				const rows = (await tx
					.deleteFrom('telemetry_events')
					.where(
						'event_id',
						'in',
						ids.map((r) => r.event_id)
					)
					.returningAll()
					.execute()) as TelemetryEventsTable[];
				if (rows.length === 0) return -1;
				await tx
					.insertInto('telemetry_excluded_events')
					.values(rows.map((r) => ({ event_id: r.event_id, source_id: sourceId, excluded_at: now, event: JSON.stringify(r) })))
					.onConflict((oc) => oc.column('event_id').doNothing())
					.execute();
				const rollup = rollupEvents(rows.map((r) => toMonitoringEvent({ ...r, time: Number(r.time) })));
				await writeRollups(tx, negate(rollup));
				await prune(tx, rollup);
				return rows.length;
			});
			if (n === 0) break;
			if (n > 0) moved += n;
		}
	}
	return moved;
}

export interface ExclusionTarget {
	sourceId?: string;
	username?: string;
}

/** Records the exclusion, then moves the events it covers. */
export async function excludeTelemetry(
	db: Kysely<Database>,
	target: ExclusionTarget,
	reason: string,
	admin: string
): Promise<{ id: string; sources: number; moved: number }> {
	let userId: string | null = null;
	if (target.username) {
		const user = await db.selectFrom('users').select('id').where('username', '=', target.username.trim().toLowerCase()).executeTakeFirst();
		if (!user) throw new UserError('USER_NOT_FOUND', `no user "${target.username}"`);
		userId = user.id;
	} else if (target.sourceId) {
		const known = await db.selectFrom('telemetry_sources').select('source_id').where('source_id', '=', target.sourceId).executeTakeFirst();
		if (!known) throw new UserError('USER_NOT_FOUND', `no telemetry session "${target.sourceId}"`);
	} else throw new UserError('USER_NOT_FOUND', 'name a session (sourceId) or a user (username) to exclude');
	const id = crypto.randomUUID();
	await db
		.insertInto('telemetry_exclusions')
		.values({ id, source_id: target.sourceId ?? null, user_id: userId, reason, excluded_by: admin, excluded_at: Date.now() })
		.execute();
	const sources = userId
		? (await db.selectFrom('telemetry_sources').select('source_id').where('user_id', '=', userId).execute()).map((r) => r.source_id)
		: [target.sourceId!];
	return { id, sources: sources.length, moved: await moveExcludedEvents(db, sources) };
}

/** Whether a session's (or its user's) telemetry is excluded (asked twice per telemetry batch: fixed SQL, raw-sql.ts). */
export async function isExcluded(db: Kysely<Database>, sourceId: string, userId: string): Promise<boolean> {
	const text =
		dialectOf(db) === 'postgres'
			? 'select 1 as x from telemetry_exclusions where source_id = $1 or user_id = $2 limit 1'
			: 'select 1 as x from telemetry_exclusions where source_id = ? or user_id = ? limit 1';
	return (await run(db, text, [sourceId, userId])).length > 0;
}

/** Event ids among `ids` that were excluded before (a resend is not stored again). */
export async function alreadyExcluded(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await run<{ event_id: string }>(
		db,
		inListSql(dialectOf(db), 'select event_id from telemetry_excluded_events where event_id in', ids.length),
		ids
	);
	return new Set(rows.map((r) => r.event_id));
}

export interface TelemetrySource {
	sourceId: string;
	username: string;
	firstSeen: string;
	lastSeen: string;
	events: number;
	excluded: boolean;
}

/** Sessions that sent telemetry, most recent first. */
export async function listSources(db: Kysely<Database>, limit = 100): Promise<TelemetrySource[]> {
	const rows = await db.selectFrom('telemetry_sources').selectAll().orderBy('last_seen', 'desc').limit(limit).execute();
	const exclusions = await db.selectFrom('telemetry_exclusions').select(['source_id', 'user_id']).execute();
	const bySource = new Set(exclusions.map((e) => e.source_id));
	const byUser = new Set(exclusions.map((e) => e.user_id));
	return rows.map((r) => ({
		sourceId: r.source_id,
		username: r.username,
		firstSeen: new Date(Number(r.first_seen)).toISOString(),
		lastSeen: new Date(Number(r.last_seen)).toISOString(),
		events: Number(r.events),
		excluded: bySource.has(r.source_id) || byUser.has(r.user_id)
	}));
}

/**
 * Raw-data retention for what exclusions keep: excluded events and sessions last seen more
 * than `retentionDays` ago are deleted (the exclusions themselves stay, so a user stays excluded).
 */
export async function purgeExclusionData(db: Kysely<Database>, retentionDays: number, now = Date.now()): Promise<number> {
	const cutoff = now - retentionDays * 86_400_000;
	const events = await db.deleteFrom('telemetry_excluded_events').where('excluded_at', '<', cutoff).executeTakeFirst();
	await db.deleteFrom('telemetry_sources').where('last_seen', '<', cutoff).execute();
	return Number(events.numDeletedRows);
}
