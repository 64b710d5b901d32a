/**
 * The inventory audit trail: one row per sync change the server applied (and per change
 * it refused), written in the same transaction as the change, so a change and its audit
 * row exist together or not at all. Admins read it per item (GET /api/admin/audit?item=ID).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, InventoryAuditTable } from '../db/schema.ts';
import type { InventoryRecord } from '../../sync/protocol.ts';

export type AuditAction = InventoryAuditTable['action'];

export interface AuditEntry {
	id: string;
	recordId: string;
	changeId: string | null;
	actor: string;
	action: AuditAction;
	/** ISO 8601, server time. */
	at: string;
	before: InventoryRecord | null;
	after: InventoryRecord | null;
	note: string | null;
}

export async function writeAudit(
	tx: Transaction<Database>,
	entry: {
		recordId: string;
		changeId: string;
		actor: string;
		action: AuditAction;
		at: number;
		before: InventoryRecord | null;
		after: InventoryRecord | null;
		note?: string | null;
	}
): Promise<void> {
	await tx
		.insertInto('inventory_audit')
		.values({
			id: crypto.randomUUID(),
			record_id: entry.recordId,
			change_id: entry.changeId,
			actor: entry.actor,
			action: entry.action,
			at: entry.at,
			before: entry.before ? JSON.stringify(entry.before) : null,
			after: entry.after ? JSON.stringify(entry.after) : null,
			note: entry.note ?? null
		})
		.execute();
}

/** The audit trail of one item, oldest first. */
export async function auditOf(db: Kysely<Database>, recordId: string, limit = 500): Promise<AuditEntry[]> {
	const rows = await db
		.selectFrom('inventory_audit')
		.selectAll()
		.where('record_id', '=', recordId)
		.orderBy('at')
		.orderBy('id')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		recordId: r.record_id,
		changeId: r.change_id,
		actor: r.actor,
		action: r.action,
		at: new Date(Number(r.at)).toISOString(),
		before: r.before ? (JSON.parse(r.before) as InventoryRecord) : null,
		after: r.after ? (JSON.parse(r.after) as InventoryRecord) : null,
		note: r.note
	}));
}

/** Items whose id, description or part number contains `q` (for the admin's item search), newest first. */
export async function findItems(db: Kysely<Database>, q: string, limit = 20) {
	// Wildcards typed by the admin are dropped rather than escaped (LIKE escapes differ by engine).
	const like = `%${q.toLowerCase().replace(/[\\%_]/g, '')}%`;
	const rows = await db
		.selectFrom('inventory')
		.select(['id', 'description', 'part_number', 'created_by', 'updated_at', 'deleted', 'version'])
		.where((eb) =>
			eb.or([eb('id', '=', q), eb(eb.fn('lower', ['description']), 'like', like), eb(eb.fn('lower', ['part_number']), 'like', like)])
		)
		.orderBy('updated_at', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		description: r.description,
		partNumber: r.part_number,
		createdBy: r.created_by,
		updatedAt: new Date(Number(r.updated_at)).toISOString(),
		deleted: r.deleted === 1,
		version: r.version
	}));
}
