/**
 * The random audit sample of confident verdicts. An item is in the sample when a hash of
 * its id falls below the rate: deterministic (the same item stays in or out whatever the
 * order of reads, on every server), unbiased (sha256 is uniform whatever ids the devices
 * generate), and nested (raising the rate keeps every item already sampled).
 */
import { createHash } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The item's draw in [0, 1): the first 32 bits of sha256("audit:" + id). */
export function auditDraw(id: string): number {
	return createHash('sha256').update(`audit:${id}`).digest().readUInt32BE(0) / 2 ** 32;
}

export function inAuditSample(id: string, rate: number): boolean {
	return auditDraw(id) < rate;
}

/**
 * The same draw in SQL, for `inventory.id`: the queue selects the sample in the database
 * instead of reading every confident id. PostgreSQL computes sha256 itself; SQLite calls
 * `audit_draw`, which db/connect.ts registers on every connection (this function).
 */
export function auditDrawSql(db: Kysely<Database>): RawBuilder<number> {
	if (db.getExecutor().adapter instanceof PostgresAdapter)
		return sql<number>`(('x' || substr(encode(sha256(convert_to('audit:' || inventory.id, 'UTF8')), 'hex'), 1, 8))::bit(32)::bigint / 4294967296.0)`;
	return sql<number>`audit_draw(inventory.id)`;
}
