/**
 * Writes rollup deltas (src/lib/server/monitoring/rollup.ts) with additive upserts, in
 * the caller's transaction: portable SQL (ON CONFLICT ... DO UPDATE on SQLite and
 * PostgreSQL), rows in one fixed order so concurrent batches on PostgreSQL lock them in
 * the same order and never deadlock.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { rollupEvents, type Rollup } from '../monitoring/rollup.ts';
import { MONITORING_COLUMNS, toMonitoringEvent } from '../monitoring/load-events.ts';

// Under SQLite's 32,766 bind parameters: 14 columns x 1,000 rows, 6 x 2,000.
const ROWS_PER_STATEMENT = 1000;
const COUNTS_PER_STATEMENT = 2000;

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
	const counts = rollup.counts
		.map((c) => ({
			bucket_ms: c.bucketMs,
			bucket_start: c.bucketStart,
			model_version: c.modelVersion,
			metric: c.metric,
			key: c.key,
			count: c.count
		}))
		.sort((a, b) =>
			compare(
				[a.bucket_ms, a.bucket_start, a.model_version, a.metric, a.key],
				[b.bucket_ms, b.bucket_start, b.model_version, b.metric, b.key]
			)
		);
	for (let i = 0; i < counts.length; i += COUNTS_PER_STATEMENT) {
		await db
			.insertInto('telemetry_rollup_counts')
			.values(counts.slice(i, i + COUNTS_PER_STATEMENT))
			.onConflict((oc) =>
				oc
					.columns(['bucket_ms', 'bucket_start', 'model_version', 'metric', 'key'])
					.doUpdateSet((eb) => ({ count: eb('telemetry_rollup_counts.count', '+', eb.ref('excluded.count')) }))
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
