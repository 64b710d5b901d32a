/**
 * The hot statements of ingestion as fixed SQL text with bound values, run without
 * Kysely's query builder: building and compiling a 50-row insert node by node cost more
 * than SQLite took to run it. The text depends only on the dialect, the table and the
 * number of rows, so it is built once per shape (and SQLite's prepared statement is
 * reused, db/sqlite-statements.ts).
 */
import { CompiledQuery, PostgresAdapter, type Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(db: Kysely<any>): Dialect {
	return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

const texts = new Map<string, string>();

/**
 * `head` + ` values (?, ?), (?, ?) ` + `tail` for `rows` rows of `columns` values, with
 * PostgreSQL's `$1` placeholders where needed. Cached by shape.
 */
export function valuesSql(dialect: Dialect, head: string, columns: number, rows: number, tail: string): string {
	const id = `${dialect}\u0000${head}\u0000${columns}\u0000${rows}\u0000${tail}`;
	let text = texts.get(id);
	if (text === undefined) {
		const tuples: string[] = [];
		let n = 0;
		for (let r = 0; r < rows; r++) {
			const marks: string[] = [];
			for (let c = 0; c < columns; c++) marks.push(dialect === 'postgres' ? `$${++n}` : '?');
			tuples.push(`(${marks.join(', ')})`);
		}
		text = `${head} values ${tuples.join(', ')} ${tail}`;
		// A handful of shapes in practice (rows per batch); bound the cache anyway.
		if (texts.size > 2000) texts.clear();
		texts.set(id, text);
	}
	return text;
}

/** `head` + ` (?, ?, ...)` with `n` placeholders (an IN list). Cached by shape. */
export function inListSql(dialect: Dialect, head: string, n: number): string {
	const id = `in\u0000${dialect}\u0000${head}\u0000${n}`;
	let text = texts.get(id);
	if (text === undefined) {
		const marks = Array.from({ length: n }, (_, i) => (dialect === 'postgres' ? `$${i + 1}` : '?'));
		text = `${head} (${marks.join(', ')})`;
		if (texts.size > 2000) texts.clear();
		texts.set(id, text);
	}
	return text;
}

export async function run<R = unknown>(db: Kysely<any>, text: string, params: readonly unknown[]): Promise<R[]> {
	const result = await db.executeQuery<R>(CompiledQuery.raw(text, params as unknown[]));
	return result.rows;
}
