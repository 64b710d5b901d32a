/**
 * Writes rollup deltas (src/lib/server/monitoring/rollup.ts) in the caller's transaction:
 * additive upserts for the sums (ON CONFLICT ... DO UPDATE, on SQLite and PostgreSQL),
 * locked read-add-write for the count histograms; rows in one fixed order, so concurrent
 * batches on PostgreSQL lock them in the same order and do not deadlock.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { rollupEvents, type CountRow, type Rollup } from '../monitoring/rollup.ts';
import { MONITORING_COLUMNS, toMonitoringEvent } from '../monitoring/load-events.ts';

// Under SQLite's 32,766 bind parameters: 14 columns x 1,000 rows; 5 x 1,000 counts rows.
const ROWS_PER_STATEMENT = 1000;
const COUNTS_PER_STATEMENT = 1000;
// SQLite parses a chain of ORs as a tree at most 1,000 deep.
const KEYS_PER_SELECT = 200;

const compare = (a: (string | number)[], b: (string | number)[]) => {
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
	return 0;
};

export async function writeRollups(db: Kysely<Database>, rollup: Rollup): Promise<void> {
	const rows = rollup.rows
		.map((r) => ({
			bucket_ms: r.bucketMs,
			bucket_start: r.bucketStart,
			model_version: r.modelVersion,
			app_version: r.appVersion,
			backend: r.backend,
			events: r.events,
			predictions: r.predictions,
			non_compliant: r.nonCompliant,
			tokens: r.tokens,
			oov: r.oov,
			overrides: r.overrides,
			confidence_sum: r.confidenceSum,
			model_errors: r.modelErrors,
			last_seen: r.lastSeen
		}))
		.sort((a, b) =>
			compare(
				[a.bucket_ms, a.bucket_start, a.model_version, a.app_version, a.backend],
				[b.bucket_ms, b.bucket_start, b.model_version, b.app_version, b.backend]
			)
		);
	for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
		await db
			.insertInto('telemetry_rollups')
			.values(rows.slice(i, i + ROWS_PER_STATEMENT))
			.onConflict((oc) =>
				oc.columns(['bucket_ms', 'bucket_start', 'model_version', 'app_version', 'backend']).doUpdateSet((eb) => {
					const add = (
						c: 'events' | 'predictions' | 'non_compliant' | 'tokens' | 'oov' | 'overrides' | 'confidence_sum' | 'model_errors'
					) => eb(`telemetry_rollups.${c}`, '+', eb.ref(`excluded.${c}`));
					return {
						events: add('events'),
						predictions: add('predictions'),
						non_compliant: add('non_compliant'),
						tokens: add('tokens'),
						oov: add('oov'),
						overrides: add('overrides'),
						confidence_sum: add('confidence_sum'),
						model_errors: add('model_errors'),
						last_seen: sql<number>`case when excluded.last_seen > telemetry_rollups.last_seen then excluded.last_seen else telemetry_rollups.last_seen end`
					};
				})
			)
			.execute();
	}
	await addCounts(db, rollup.counts);
}

/**
 * Counts are kept as one JSON object per (bucket, model, metric): ensure the rows exist,
 * read them (locked on PostgreSQL, so concurrent batches add up instead of overwriting),
 * add, write back. SQLite runs one write transaction at a time.
 */
async function addCounts(db: Kysely<Database>, counts: readonly CountRow[]): Promise<void> {
	const groups = new Map<
		string,
		{ bucket_ms: number; bucket_start: number; model_version: string; metric: string; add: Map<string, number> }
	>();
	for (const c of counts) {
		const id = JSON.stringify([c.bucketMs, c.bucketStart, c.modelVersion, c.metric]);
		let g = groups.get(id);
		if (!g)
			groups.set(
				id,
				(g = { bucket_ms: c.bucketMs, bucket_start: c.bucketStart, model_version: c.modelVersion, metric: c.metric, add: new Map() })
			);
		g.add.set(c.key, (g.add.get(c.key) ?? 0) + c.count);
	}
	const keys = [...groups.values()].sort((a, b) =>
		compare([a.bucket_ms, a.bucket_start, a.model_version, a.metric], [b.bucket_ms, b.bucket_start, b.model_version, b.metric])
	);
	if (keys.length === 0) return;
	for (let i = 0; i < keys.length; i += COUNTS_PER_STATEMENT) {
		await db
			.insertInto('telemetry_rollup_counts')
			.values(keys.slice(i, i + COUNTS_PER_STATEMENT).map(({ add: _, ...k }) => ({ ...k, counts: '{}' })))
			.onConflict((oc) => oc.doNothing())
			.execute();
	}
	const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
	for (let i = 0; i < keys.length; i += KEYS_PER_SELECT) {
		const page = keys.slice(i, i + KEYS_PER_SELECT);
		let q = db
			.selectFrom('telemetry_rollup_counts')
			.selectAll()
			.where((eb) =>
				eb.or(
					page.map((k) =>
						eb.and([
							eb('bucket_ms', '=', k.bucket_ms),
							eb('bucket_start', '=', k.bucket_start),
							eb('model_version', '=', k.model_version),
							eb('metric', '=', k.metric)
						])
					)
				)
			)
			.orderBy('bucket_ms')
			.orderBy('bucket_start')
			.orderBy('model_version')
			.orderBy('metric');
		if (postgres) q = q.forUpdate();
		const merged = (await q.execute()).flatMap((row) => {
			const g = groups.get(JSON.stringify([Number(row.bucket_ms), Number(row.bucket_start), row.model_version, row.metric]));
			if (!g) return [];
			const counts = JSON.parse(row.counts) as Record<string, number>;
			for (const [key, n] of g.add) counts[key] = (counts[key] ?? 0) + n;
			const { add: _, ...k } = g;
			return [{ ...k, counts: JSON.stringify(counts) }];
		});
		// One statement writes them all back (the rows exist and are locked: this only updates).
		if (merged.length)
			await db
				.insertInto('telemetry_rollup_counts')
				.values(merged)
				.onConflict((oc) =>
					oc.columns(['bucket_ms', 'bucket_start', 'model_version', 'metric']).doUpdateSet((eb) => ({ counts: eb.ref('excluded.counts') }))
				)
				.execute();
	}
}

/** Rolls up every stored raw event, in pages (run once, by the migration that adds rollups). */
export async function backfillRollups(db: Kysely<any>, pageSize = 20_000): Promise<number> {
	const typed = db as Kysely<Database>;
	let after: string | null = null;
	let total = 0;
	for (;;) {
		let q = typed.selectFrom('telemetry_events').select([...MONITORING_COLUMNS, 'event_id']);
		if (after !== null) q = q.where('event_id', '>', after);
		const page = await q.orderBy('event_id').limit(pageSize).execute();
		if (page.length === 0) return total;
		await writeRollups(typed, rollupEvents(page.map(toMonitoringEvent)));
		total += page.length;
		after = page[page.length - 1].event_id;
	}
}
