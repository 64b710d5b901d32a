/**
 * better-sqlite3 behind Kysely with a statement cache: Kysely prepares every query
 * afresh, and parsing a many-row insert (a telemetry batch: 50-500 rows x 19 values)
 * costs as much as running it. Statements are kept by their SQL text (the values are
 * bound at each run), the least recently used dropped past `max`. Kysely runs one query
 * at a time on its single SQLite connection, so a cached statement is never busy twice.
 */
import type { Database as SqliteHandle, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

export function withStatementCache(sqlite: SqliteHandle, max = 200): SqliteDatabase {
	const cache = new Map<string, Statement>();
	return {
		prepare(sql: string) {
			let statement = cache.get(sql);
			if (statement) cache.delete(sql);
			else {
				statement = sqlite.prepare(sql);
				if (cache.size >= max) cache.delete(cache.keys().next().value as string);
			}
			cache.set(sql, statement);
			return statement;
		},
		close: () => sqlite.close()
	};
}
