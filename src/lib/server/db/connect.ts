/**
 * Opens the database named by a DatabaseTarget: SQLite (better-sqlite3, WAL) by
 * default, PostgreSQL (pg pool) for scale. Callers only see Kysely<Database>.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { auditDraw } from '../review/audit-sample.ts';
import pg from 'pg';
import {
	Kysely,
	PostgresDialect,
	SqliteDialect,
	SqliteDriver,
	sql,
	type DatabaseConnection,
	type Driver,
	type SqliteDatabase
} from 'kysely';
import type { DatabaseTarget } from '../config.ts';
import type { Database } from './schema.ts';
import { migrateToLatest, pendingMigrations } from './migrations.ts';
import { noteStorageFailure, storageFailureOf } from './storage-status.ts';
import { withStatementCache } from './sqlite-statements.ts';

export interface DatabaseHandle {
	db: Kysely<Database>;
	dialect: DatabaseTarget['dialect'];
	close(): Promise<void>;
	/** Whether the database accepts writes right now (a read-only file, a read-only PostgreSQL), for /api/health. */
	writable?(): Promise<boolean>;
}

/**
 * SQLite ends a transaction by itself when a statement fails with SQLITE_FULL (and some
 * other errors); Kysely's ROLLBACK then throws "cannot rollback - no transaction is
 * active" and that error replaces the real cause. Skip the ROLLBACK when SQLite already
 * rolled back, so the caller sees SQLITE_FULL / SQLITE_READONLY.
 */
class SqliteRollbackSafeDialect extends SqliteDialect {
	readonly #sqlite: SQLite.Database;
	readonly #database: SqliteDatabase;
	/** `database`: what Kysely runs queries on (the statement cache over `sqlite`). */
	constructor(sqlite: SQLite.Database, database: SqliteDatabase) {
		super({ database });
		this.#sqlite = sqlite;
		this.#database = database;
	}
	override createDriver(): Driver {
		const sqlite = this.#sqlite;
		return new (class extends SqliteDriver {
			override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
				if (!sqlite.inTransaction) return;
				await super.rollbackTransaction(connection);
			}
		})({ database: this.#database });
	}
}

// pg returns int8 (COUNT(*), bigint columns) as strings to avoid precision loss; our
// bigints are epoch milliseconds and counts, well inside Number.MAX_SAFE_INTEGER.
const INT8_OID = 20;
const pgTypes = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser
};

export async function openDatabase(
	target: DatabaseTarget,
	options: { migrate?: boolean; /** SQLite: open the file read-only (degraded-storage tests, read replicas). */ readonly?: boolean } = {}
): Promise<DatabaseHandle> {
	let db: Kysely<Database>;
	let writable: () => Promise<boolean>;
	if (target.dialect === 'sqlite') {
		if (target.file !== ':memory:' && !options.readonly) mkdirSync(path.dirname(target.file), { recursive: true });
		const sqlite = new SQLite(target.file, { readonly: options.readonly ?? false });
		// WAL + synchronous=NORMAL: durable across app crashes, ~10x faster commits.
		if (!options.readonly) sqlite.pragma('journal_mode = WAL');
		sqlite.pragma('synchronous = NORMAL');
		sqlite.pragma('foreign_keys = ON');
		// The review queue draws its audit sample in SQL (review/audit-sample.ts auditDrawSql).
		sqlite.function('audit_draw', { deterministic: true }, (id: unknown) => auditDraw(String(id)));
		sqlite.pragma('busy_timeout = 5000');
		// 64 MiB of page cache (the default 2 MiB misses on every random event-id insert once
		// telemetry holds millions of rows); checkpoint the WAL every ~40 MB instead of 4 MB.
		// (A read-only file cannot change its WAL settings; the pragmas are harmless there.)
		sqlite.pragma('cache_size = -65536');
		if (!sqlite.readonly) sqlite.pragma('wal_autocheckpoint = 10000');
		// Statement journals (every multi-row insert or upsert writes one, for a rollback to the
		// statement's start) and temporary indexes in memory, not in temp files: a telemetry
		// batch spent a third of its SQLite time writing its statement journal to disk.
		sqlite.pragma('temp_store = MEMORY');
		db = new Kysely<Database>({ dialect: new SqliteRollbackSafeDialect(sqlite, withStatementCache(sqlite)) });
		writable = async () => !sqlite.readonly;
	} else {
		const pool = new pg.Pool({ connectionString: target.url, max: 10, types: pgTypes });
		// An idle client whose connection the server ends (restart, failover, admin
		// termination) emits 'error' on the pool; unhandled, that kills the process.
		// The pool drops that client and the next query opens a new connection.
		pool.on('error', (err) => console.error(`database: idle PostgreSQL connection lost (${err.message}); it will be replaced`));
		db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
		// default_transaction_read_only (set per database or role) or a hot standby.
		writable = async () => {
			const { rows } = await sql<{
				ro: string;
				standby: boolean;
			}>`select current_setting('transaction_read_only') as ro, pg_is_in_recovery() as standby`.execute(db);
			return rows[0]?.ro !== 'on' && rows[0]?.standby !== true;
		};
	}
	if (options.migrate !== false && !options.readonly) await migrateOrServeReadOnly(db);
	return { db, dialect: target.dialect, close: () => db.destroy(), writable };
}

/**
 * A server (re)started while its database refuses writes (read-only PostgreSQL, full disk)
 * still serves reads when the schema is already up to date; with migrations pending it
 * cannot, and says why.
 */
async function migrateOrServeReadOnly(db: Kysely<Database>): Promise<void> {
	try {
		await migrateToLatest(db);
	} catch (e) {
		if (!storageFailureOf(e) || (await pendingMigrations(db)).length > 0) throw e;
		noteStorageFailure(e, 'start-up: the schema is up to date, so reads are served; writes answer 503 until storage accepts them');
	}
}
