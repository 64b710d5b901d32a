/**
 * Writes rollup deltas (src/lib/server/monitoring/rollup.ts) in the caller's transaction,
 * one additive upsert per distinct key (ON CONFLICT ... DO UPDATE, on SQLite and
 * PostgreSQL): the sums add up column by column, the count histograms (one JSON object per
 * bucket, model and metric) merge key by key inside the database (json_each), so a batch
 * costs two statements whatever its size. Rows go in one fixed order, so concurrent
 * batches on PostgreSQL lock them in the same order and do not deadlock; the upsert locks
 * and re-reads a row another transaction changed, so concurrent additions never overwrite.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { rollupEvents, type CountRow, type Rollup, type RollupRow } from '../monitoring/rollup.ts';
import { MONITORING_COLUMNS, toMonitoringEvent } from '../monitoring/load-events.ts';
import { dialectOf, run, valuesSql, type Dialect } from './raw-sql.ts';

// Under SQLite's 32,766 bind parameters: 14 columns x 1,000 rows; 5 x 1,000 counts rows.
const ROWS_PER_STATEMENT = 1000;

const compare = (a: (string | number)[], b: (string | number)[]) => {
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
	return 0;
};

const SUMS = ['events', 'predictions', 'non_compliant', 'tokens', 'oov', 'overrides', 'confidence_sum', 'model_errors'] as const;
const ROW_COLUMNS = ['bucket_ms', 'bucket_start', 'model_version', 'app_version', 'backend', ...SUMS, 'last_seen'];
const ROW_KEY = 'bucket_ms, bucket_start, model_version, app_version, backend';
const ROWS_TAIL =
	`on conflict (${ROW_KEY}) do update set ` +
	SUMS.map((c) => `${c} = telemetry_rollups.${c} + excluded.${c}`).join(', ') +
	', last_seen = case when excluded.last_seen > telemetry_rollups.last_seen then excluded.last_seen else telemetry_rollups.last_seen end';

const COUNTS_KEY = 'bucket_ms, bucket_start, model_version, metric';
/** The stored object plus the delta, key by key (keys that cancel out stay, at 0; exclusion.ts prunes them). */
const MERGE: Record<Dialect, string> = {
	sqlite:
		'(select json_group_object(key, total) from (select key, sum(value) as total from (' +
		'select key, value from json_each(telemetry_rollup_counts.counts) union all select key, value from json_each(excluded.counts)' +
		') group by key))',
	postgres:
		"(select coalesce(json_object_agg(key, total), '{}')::text from (select key, sum(value::numeric) as total from (" +
		'select key, value from json_each_text(telemetry_rollup_counts.counts::json) union all ' +
		'select key, value from json_each_text(excluded.counts::json)) u group by key) s)'
};

function rowValues(r: RollupRow): (string | number)[] {
	return [
		r.bucketMs,
		r.bucketStart,
		r.modelVersion,
		r.appVersion,
		r.backend,
		r.events,
		r.predictions,
		r.nonCompliant,
		r.tokens,
		r.oov,
		r.overrides,
		r.confidenceSum,
		r.modelErrors,
		r.lastSeen
	];
}

export async function writeRollups(db: Kysely<Database>, rollup: Rollup): Promise<void> {
	const dialect = dialectOf(db);
	const rows = rollup.rows.map(rowValues).sort((a, b) => compare(a.slice(0, 5), b.slice(0, 5)));
	for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
		const page = rows.slice(i, i + ROWS_PER_STATEMENT);
		const head = `insert into telemetry_rollups (${ROW_COLUMNS.join(', ')})`;
		await run(db, valuesSql(dialect, head, ROW_COLUMNS.length, page.length, ROWS_TAIL), page.flat());
	}
	await addCounts(db, dialect, rollup.counts);
}

/** Adds count deltas: one JSON object of deltas per (bucket, model, metric), merged by the upsert. */
async function addCounts(db: Kysely<Database>, dialect: Dialect, counts: readonly CountRow[]): Promise<void> {
	const groups = new Map<string, { key: (string | number)[]; add: Record<string, number> }>();
	for (const c of counts) {
		const id = `${c.bucketMs}\u0000${c.bucketStart}\u0000${c.modelVersion}\u0000${c.metric}`;
		let g = groups.get(id);
		if (!g)
			groups.set(
				id,
				(g = { key: [c.bucketMs, c.bucketStart, c.modelVersion, c.metric], add: Object.create(null) as Record<string, number> })
			);
		g.add[c.key] = (g.add[c.key] ?? 0) + c.count;
	}
	const values = [...groups.values()].sort((a, b) => compare(a.key, b.key)).map((g) => [...g.key, JSON.stringify(g.add)]);
	const head = `insert into telemetry_rollup_counts (${COUNTS_KEY}, counts)`;
	const tail = `on conflict (${COUNTS_KEY}) do update set counts = ${MERGE[dialect]}`;
	for (let i = 0; i < values.length; i += ROWS_PER_STATEMENT) {
		const page = values.slice(i, i + ROWS_PER_STATEMENT);
		await run(db, valuesSql(dialect, head, 5, page.length, tail), page.flat());
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
