/**
 * Reads what a summary of [from, to) needs: rollup rows for the timeline, summed counts
 * for the distributions, and raw events only for the few minutes at each end that no
 * whole bucket covers. The number of rows read grows with the buckets in the range, not
 * with the events.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { loadEvents } from './load-events.ts';
import { coverRange, ROLLUP_LEVELS, rollupEvents, type CountMetric, type CountRow, type RollupRow } from './rollup.ts';
import type { SummaryInput } from './summary.ts';

interface Range {
	from: number;
	to: number;
	model: string | null;
	/** The timeline's bucket size. */
	bucketMs: number;
}

async function readRows(db: Kysely<Database>, bucketMs: number, from: number, to: number, model: string | null): Promise<RollupRow[]> {
	let q = db
		.selectFrom('telemetry_rollups')
		.selectAll()
		.where('bucket_ms', '=', bucketMs)
		.where('bucket_start', '>=', from)
		.where('bucket_start', '<', to);
	if (model) q = q.where('model_version', '=', model);
	return (await q.execute()).map((r) => ({
		bucketMs: Number(r.bucket_ms),
		bucketStart: Number(r.bucket_start),
		modelVersion: r.model_version,
		appVersion: r.app_version,
		backend: r.backend,
		events: Number(r.events),
		predictions: Number(r.predictions),
		nonCompliant: Number(r.non_compliant),
		tokens: Number(r.tokens),
		oov: Number(r.oov),
		overrides: Number(r.overrides),
		confidenceSum: Number(r.confidence_sum),
		modelErrors: Number(r.model_errors),
		lastSeen: Number(r.last_seen)
	}));
}

/** Count rows of a segment, unpacked (one per bucket, model, metric and key). */
async function readCounts(db: Kysely<Database>, bucketMs: number, from: number, to: number, model: string | null): Promise<CountRow[]> {
	let q = db
		.selectFrom('telemetry_rollup_counts')
		.select(['bucket_start', 'model_version', 'metric', 'counts'])
		.where('bucket_ms', '=', bucketMs)
		.where('bucket_start', '>=', from)
		.where('bucket_start', '<', to);
	if (model) q = q.where('model_version', '=', model);
	return (await q.execute()).flatMap((r) =>
		Object.entries(JSON.parse(r.counts) as Record<string, number>).map(([key, count]) => ({
			bucketMs,
			bucketStart: Number(r.bucket_start),
			modelVersion: r.model_version,
			metric: r.metric as CountMetric,
			key,
			count
		}))
	);
}

export async function loadRollups(db: Kysely<Database>, range: Range): Promise<SummaryInput> {
	const { from, to, model } = range;
	// Timeline rows must fall inside one timeline bucket each: the coarsest level dividing it.
	const timelineLevel = ROLLUP_LEVELS.filter((l) => range.bucketMs % l === 0).at(-1) ?? 0;
	const rowSegments = coverRange(from, to, timelineLevel);
	const countSegments = coverRange(from, to, Infinity);
	const rows: RollupRow[] = [];
	const counts: CountRow[] = [];
	for (const s of rowSegments) if (s.bucketMs !== null) rows.push(...(await readRows(db, s.bucketMs, s.from, s.to, model)));
	for (const s of countSegments) if (s.bucketMs !== null) counts.push(...(await readCounts(db, s.bucketMs, s.from, s.to, model)));
	// The raw ends are the same in both covers (less than the finest bucket each).
	for (const s of countSegments) {
		if (s.bucketMs !== null) continue;
		const { events } = await loadEvents(db, { from: s.from, to: s.to, model });
		const edge = rollupEvents(events, [ROLLUP_LEVELS[0]]);
		rows.push(...edge.rows);
		counts.push(...edge.counts);
	}
	return { rows, counts };
}

/** Time of the oldest raw event still stored, or null. */
export async function oldestRawEvent(db: Kysely<Database>): Promise<number | null> {
	const row = await db
		.selectFrom('telemetry_events')
		.select((eb) => eb.fn.min('time').as('oldest'))
		.executeTakeFirst();
	return row?.oldest == null ? null : Number(row.oldest);
}
