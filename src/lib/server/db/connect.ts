/**
 * Opens the database named by a DatabaseTarget: SQLite (better-sqlite3, WAL) by
 * default, PostgreSQL (pg pool) for scale. Callers only see Kysely<Database>.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { DatabaseTarget } from '../config.ts';
import type { Database } from './schema.ts';
import { migrateToLatest } from './migrations.ts';
import { withStatementCache } from './sqlite-statements.ts';

export interface DatabaseHandle {
	db: Kysely<Database>;
	dialect: DatabaseTarget['dialect'];
	close(): Promise<void>;
}

// pg returns int8 (COUNT(*), bigint columns) as strings to avoid precision loss; our
// bigints are epoch milliseconds and counts, well inside Number.MAX_SAFE_INTEGER.
const INT8_OID = 20;
const pgTypes = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser
};

export async function openDatabase(target: DatabaseTarget, options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
	let db: Kysely<Database>;
	if (target.dialect === 'sqlite') {
		if (target.file !== ':memory:') mkdirSync(path.dirname(target.file), { recursive: true });
		const sqlite = new SQLite(target.file);
		// WAL + synchronous=NORMAL: durable across app crashes, ~10x faster commits.
		sqlite.pragma('journal_mode = WAL');
		sqlite.pragma('synchronous = NORMAL');
		sqlite.pragma('foreign_keys = ON');
		sqlite.pragma('busy_timeout = 5000');
		// 64 MiB of page cache (the default 2 MiB misses on every random event-id insert once
		// telemetry holds millions of rows); checkpoint the WAL every ~40 MB instead of 4 MB.
		sqlite.pragma('cache_size = -65536');
		sqlite.pragma('wal_autocheckpoint = 10000');
		db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
	} else {
		const pool = new pg.Pool({ connectionString: target.url, max: 10, types: pgTypes });
		// An idle client whose connection the server ends (restart, failover, admin
		// termination) emits 'error' on the pool; unhandled, that kills the process.
		// The pool drops that client and the next query opens a new connection.
		pool.on('error', (err) => console.error(`database: idle PostgreSQL connection lost (${err.message}); it will be replaced`));
		db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	}
	if (options.migrate !== false) await migrateToLatest(db);
	return { db, dialect: target.dialect, close: () => db.destroy() };
}
