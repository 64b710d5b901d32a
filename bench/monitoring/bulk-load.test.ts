/**
 * The monitoring bench measures summaries on data its bulk loader wrote, so that data
 * must be what ingestion would have stored: the same events through bulkLoadInto and
 * through storeEvents (50 per batch, eight batches at a time as concurrent requests
 * send them, plus resent batches) give the same rollups, row for row, on both engines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import { openDatabase, type DatabaseHandle } from '#lib/server/db/connect.ts';
import { storeEvents } from '#lib/server/telemetry/ingest.ts';
import type { RescanEvent, TelemetryEvent } from '#lib/telemetry/event.ts';
import { benchEvent, bulkLoadInto } from './bulk-load.ts';

const N = 3_000;
const NOW = Date.parse('2026-11-20T12:00:00Z');

type Stored = Exclude<TelemetryEvent, RescanEvent>;

/** Bench events with a model error now and then (the loader stores any event kind). */
function knownEvents(): Stored[] {
	return Array.from({ length: N }, (_, i) => {
		const e = benchEvent(i, N, NOW);
		if (i % 50 !== 7) return e;
		const { eventId, time, appVersion, modelVersion, backend, threads, latencyMs } = e;
		return { eventId, time, appVersion, modelVersion, backend, threads, latencyMs, kind: 'model-error', errorCode: 'BUNDLE_INTEGRITY' };
	});
}

const TEXT_COLUMNS = new Set(['model_version', 'app_version', 'backend', 'metric']);
/** PostgreSQL may hand back numbers as strings: compare numbers. */
const numbers = (row: object): Record<string, unknown> =>
	Object.fromEntries(Object.entries(row).map(([k, v]) => [k, TEXT_COLUMNS.has(k) || k === 'counts' ? v : Number(v)]));

async function rollupsOf(db: DatabaseHandle['db']) {
	const rows = await db
		.selectFrom('telemetry_rollups')
		.selectAll()
		.orderBy('bucket_ms')
		.orderBy('bucket_start')
		.orderBy('model_version')
		.orderBy('app_version')
		.orderBy('backend')
		.execute();
	const counts = await db
		.selectFrom('telemetry_rollup_counts')
		.selectAll()
		.orderBy('bucket_ms')
		.orderBy('bucket_start')
		.orderBy('model_version')
		.orderBy('metric')
		.execute();
	return {
		rows: rows.map(numbers),
		counts: counts.map((c): Record<string, unknown> => ({ ...numbers(c), counts: JSON.parse(c.counts) as Record<string, number> }))
	};
}

/** A database for the bulk loader: SQLite needs its file (the loader opens a second connection). */
async function openForBulk(engine: ReturnType<typeof testDatabases>[number]): Promise<{ handle: DatabaseHandle; file: string | null }> {
	if (engine.name === 'postgres') return { handle: await engine.open(), file: null };
	const dir = mkdtempSync(path.join(os.tmpdir(), 'bulk-load-test-'));
	const file = path.join(dir, 'bulk.sqlite');
	const handle = await openDatabase({ dialect: 'sqlite', file });
	return {
		handle: { ...handle, close: async () => (await handle.close(), rmSync(dir, { recursive: true, force: true })) },
		file
	};
}

describe.each(testDatabases())('bench bulk load on $name', (engine) => {
	it('gives the rollups storeEvents gives, row for row', async () => {
		const events = knownEvents();
		const bulk = await openForBulk(engine);
		const stored = await engine.open();
		try {
			await bulkLoadInto(bulk.handle.db, bulk.file, N, (i) => events[i]);

			const batches = Array.from({ length: N / 50 }, (_, b) => events.slice(b * 50, b * 50 + 50));
			let accepted = 0;
			for (let b = 0; b < batches.length; b += 8) {
				const results = await Promise.all(batches.slice(b, b + 8).map((batch) => storeEvents(stored.db, batch)));
				accepted += results.reduce((sum, r) => sum + r.accepted, 0);
			}
			// Resends, alone and mixed into concurrent batches, change nothing.
			const resent = await Promise.all([storeEvents(stored.db, batches[0]), storeEvents(stored.db, [...batches[1], ...batches[1]])]);
			expect(accepted).toBe(N);
			expect(resent.map((r) => [r.accepted, r.duplicates])).toEqual([
				[0, 50],
				[0, 100]
			]);

			const a = await rollupsOf(bulk.handle.db);
			const b = await rollupsOf(stored.db);
			expect(a.rows.length).toBeGreaterThan(100);
			expect(b.rows.length).toBe(a.rows.length);
			a.rows.forEach((row, i) => {
				const { confidence_sum, ...rest } = row;
				const { confidence_sum: other, ...restB } = b.rows[i];
				expect(restB).toEqual(rest);
				expect(other as number).toBeCloseTo(confidence_sum as number, 9);
			});
			expect(b.counts).toEqual(a.counts);
			expect(a.counts.some((c) => c.metric === 'error')).toBe(true);
		} finally {
			await bulk.handle.close();
			await stored.close();
		}
	});
});
