/**
 * Bulk load of the monitoring section: N prediction events spread over the last 30 days,
 * in time order, stored as ingestion stores them with the rollups ingestion adds (see
 * bulkLoad). Runs in a child process per
 * engine (`node bench/monitoring/bulk-load.ts URL N NOW`, result as JSON on the last line
 * of stdout) so SQLite and PostgreSQL load at the same time: 10M events each take tens
 * of minutes on this shared machine.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { parseDatabaseUrl } from '#lib/server/config.ts';
import { openDatabase } from '#lib/server/db/connect.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { createApiKey } from '#lib/server/auth/api-keys.ts';
import type { Database, TelemetryEventsTable } from '#lib/server/db/schema.ts';
import { EVENT_COLUMNS, toRow } from '#lib/server/telemetry/ingest.ts';
import { writeRollups } from '#lib/server/telemetry/rollup-store.ts';
import { rollupEvents } from '#lib/server/monitoring/rollup.ts';
import { toMonitoringEvent } from '#lib/server/monitoring/load-events.ts';
import type { RescanEvent, TelemetryEvent } from '#lib/telemetry/event.ts';

const DAY = 86_400_000;

export interface BulkLoadResult {
	loadSeconds: number;
	rollupRows: number;
	rollupCountRows: number;
	analystKey: string;
}

/** Event i of n, spread evenly over (now - 30 d + 1 h, now]: inside the 30-day raw retention. */
export function benchEvent(i: number, n: number, now: number): Exclude<TelemetryEvent, RescanEvent> {
	const time = now - DAY * 30 + 3_600_000 + Math.floor(((i + 1) / n) * (DAY * 30 - 3_600_000));
	const h = (Math.imul(i + 1, 2654435761) >>> 0) / 4294967296;
	const probability = h < 0.5 ? h * h * 2 : 1 - (1 - h) * (1 - h) * 2;
	const label = probability >= 0.5 ? 1 : 0;
	return {
		eventId: crypto.randomUUID(),
		time: new Date(time).toISOString(),
		kind: 'prediction',
		appVersion: i % 5 === 0 ? '0.2.0' : '0.1.0',
		modelVersion: i % 10 === 0 ? 'bench-challenger' : 'bench',
		backend: i % 3 === 0 ? 'webgpu' : 'wasm',
		threads: 2,
		latencyMs: 0.5 + ((i * 7919) % 1000) / 50,
		label,
		probability,
		tokenCount: 6 + (i % 12),
		oovCount: i % 4 === 0 ? 1 : 0,
		overridden: i % 97 === 0,
		overrideLabel: i % 97 === 0 ? ((1 - label) as 0 | 1) : null,
		shadow: i % 4 === 0 ? { modelVersion: 'bench-shadow', label, probability } : null
	} as Exclude<TelemetryEvent, RescanEvent>;
}

/** Events per load step: one transaction of event rows, then their rollups in one more. */
const CHUNK = 50_000;

/** Event rows into SQLite: one prepared single-row insert, run per row in one transaction (Kysely would compile each row). */
function sqliteInserter(file: string): { insert(rows: TelemetryEventsTable[]): void; close(): void } {
	const sqlite = new SQLite(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('cache_size = -262144');
	const statement = sqlite.prepare(
		`insert into telemetry_events (${COLUMNS.join(', ')}) values (${COLUMNS.map((c) => `@${c}`).join(', ')})`
	);
	const insertAll = sqlite.transaction((rows: TelemetryEventsTable[]) => {
		for (const row of rows) statement.run(row);
	});
	return { insert: (rows) => insertAll(rows), close: () => sqlite.close() };
}

/** Event rows into PostgreSQL: one insert ... select from unnest(one array per column) per chunk. */
async function postgresInsert(db: Kysely<Database>, rows: TelemetryEventsTable[]): Promise<void> {
	const arrays = COLUMNS.map((c) => sql`${rows.map((r) => r[c])}::${sql.raw(PG_TYPES[c])}[]`);
	await sql`insert into telemetry_events (${sql.join(COLUMNS.map((c) => sql.ref(c)))}) select * from unnest(${sql.join(arrays)})`.execute(
		db
	);
}

/** Ingestion's columns without `source_id` (bulk-loaded events come from no session). */
const COLUMNS = EVENT_COLUMNS.filter((c): c is Exclude<(typeof EVENT_COLUMNS)[number], 'source_id'> => c !== 'source_id');

const PG_TYPES: Record<(typeof COLUMNS)[number], string> = {
	event_id: 'text',
	time: 'bigint',
	received_at: 'bigint',
	kind: 'text',
	app_version: 'text',
	model_version: 'text',
	backend: 'text',
	threads: 'integer',
	latency_ms: 'double precision',
	error_code: 'text',
	label: 'integer',
	probability: 'double precision',
	token_count: 'integer',
	oov_count: 'integer',
	overridden: 'integer',
	override_label: 'integer',
	shadow_model_version: 'text',
	shadow_label: 'integer',
	shadow_probability: 'double precision'
};

/**
 * Writes events `0..n-1` (`eventAt(i)`) into an open database as ingestion would store
 * them: the rows are its `toRow`, the rollups what it adds (`rollupEvents` + `writeRollups`,
 * per 50,000 events: sums, so the same totals as per request; bulk-load.test.ts checks
 * that row for row against `storeEvents`). SQLite rows go through `sqliteFile` (a second
 * connection, prepared single-row inserts), PostgreSQL rows through unnest. Returns seconds.
 */
export async function bulkLoadInto(
	db: Kysely<Database>,
	sqliteFile: string | null,
	n: number,
	eventAt: (i: number) => Exclude<TelemetryEvent, RescanEvent>,
	log: (line: string) => void = () => {}
): Promise<number> {
	const inserter = sqliteFile === null ? null : sqliteInserter(sqliteFile);
	try {
		const t0 = performance.now();
		let next = Date.now() + 30_000;
		for (let i = 0; i < n; i += CHUNK) {
			const receivedAt = Date.now();
			const rows = Array.from({ length: Math.min(CHUNK, n - i) }, (_, j) => toRow(eventAt(i + j), receivedAt));
			if (inserter) inserter.insert(rows);
			else await db.transaction().execute((tx) => postgresInsert(tx, rows));
			await db.transaction().execute((tx) => writeRollups(tx, rollupEvents(rows.map(toMonitoringEvent))));
			if (Date.now() > next) {
				log(`loaded ${(i + rows.length).toLocaleString('en')} of ${n.toLocaleString('en')}`);
				next = Date.now() + 30_000;
			}
		}
		return (performance.now() - t0) / 1000;
	} finally {
		inserter?.close();
	}
}

/**
 * Loads `n` bench events into the database at `url` (migrated on open) with bulkLoadInto
 * and adds an analyst with an API key. Written without the per-request path (insert-or-
 * ignore, returning, one transaction per batch): 10M events through that take hours on
 * this shared machine. Ingestion itself is timed over HTTP on the loaded database.
 */
export async function bulkLoad(url: string, n: number, now: number, log: (line: string) => void): Promise<BulkLoadResult> {
	const target = parseDatabaseUrl(url);
	const database = await openDatabase(target);
	try {
		const sqliteFile = target.dialect === 'sqlite' ? target.file : null;
		const loadSeconds = await bulkLoadInto(database.db, sqliteFile, n, (i) => benchEvent(i, n, now), log);
		const count = async (table: string) =>
			Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(database.db)).rows[0].n);
		await createUser(database.db, { username: 'bench-analyst', password: crypto.randomUUID(), role: 'analyst' });
		const analystKey = (await createApiKey(database.db, 'bench-analyst', { scopes: ['read'] })).key;
		return {
			loadSeconds,
			rollupRows: await count('telemetry_rollups'),
			rollupCountRows: await count('telemetry_rollup_counts'),
			analystKey
		};
	} finally {
		await database.close();
	}
}

const SELF = fileURLToPath(import.meta.url);

/** bulkLoad in a child process (same niceness), killed after `timeoutMs`. */
export function bulkLoadInChild(
	url: string,
	n: number,
	now: number,
	timeoutMs: number,
	log: (line: string) => void
): Promise<BulkLoadResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [SELF, url, String(n), String(now)], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d: Buffer) => {
			err = (err + d).slice(-4000);
			for (const line of String(d).split('\n')) if (line.startsWith('loaded ')) log(`    ${line}`);
		});
		const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('exit', (code) => {
			clearTimeout(killer);
			const last = out.trim().split('\n').pop() ?? '';
			if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as BulkLoadResult);
			else reject(new Error(`bulk load exited with ${code ?? 'a kill (time limit)'}: ${err.slice(-500)}`));
		});
	});
}

if (process.argv[1] === SELF) {
	const [url, n, now] = process.argv.slice(2);
	const result = await bulkLoad(url, Number(n), Number(now), (line) => process.stderr.write(`${line}\n`));
	process.stdout.write(`${JSON.stringify(result)}\n`);
}
