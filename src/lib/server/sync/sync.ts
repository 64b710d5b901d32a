/**
 * Applies a sync push in one transaction (all or nothing), then reads the pull page.
 * "Later edit wins": a change made from a stale version wins only if its updatedAt is
 * after the stored one (ties keep the stored copy); the loser goes to inventory_history.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, InventoryTable } from '../db/schema.ts';
import {
	MAX_RECORDS_PER_PULL,
	type Change,
	type ChangeResult,
	type Conflict,
	type InventoryRecord,
	type SyncRequest,
	type SyncResponse
} from '../../sync/protocol.ts';
import { withReviews } from '../review/pull.ts';

export function rowToRecord(r: InventoryTable): InventoryRecord {
	return {
		id: r.id,
		description: r.description,
		partNumber: r.part_number ?? null,
		label: r.label as 0 | 1,
		probability: r.probability,
		modelVersion: r.model_version,
		needsReview: r.needs_review === 1,
		override: r.override_label === null ? null : { label: r.override_label as 0 | 1, reason: r.override_reason ?? '' },
		createdBy: r.created_by,
		createdAt: new Date(r.created_at).toISOString(),
		updatedAt: new Date(r.updated_at).toISOString(),
		deleted: r.deleted === 1,
		version: r.version
	};
}

function changeToRow(c: Change, createdBy: string, version: number, seq: number): InventoryTable {
	const r = c.record;
	return {
		id: r.id,
		description: r.description,
		part_number: r.partNumber ?? null,
		label: r.label,
		probability: r.probability,
		model_version: r.modelVersion,
		needs_review: r.needsReview ? 1 : 0,
		override_label: r.override?.label ?? null,
		override_reason: r.override?.reason ?? null,
		created_by: createdBy,
		created_at: Date.parse(r.createdAt),
		updated_at: Date.parse(r.updatedAt),
		deleted: r.deleted ? 1 : 0,
		version,
		seq
	};
}

/** Reserves `count` consecutive feed positions; the row lock orders concurrent pushes. */
export async function reserveSeq(tx: Transaction<Database>, count: number): Promise<number> {
	const { value } = await tx
		.updateTable('counters')
		.set((eb) => ({ value: eb('value', '+', count) }))
		.where('name', '=', 'inventory_seq')
		.returning('value')
		.executeTakeFirstOrThrow();
	return Number(value) - count + 1;
}

async function keepHistory(
	tx: Transaction<Database>,
	record: InventoryRecord,
	reason: 'replaced' | 'rejected',
	changeId: string,
	now: number
) {
	await tx
		.insertInto('inventory_history')
		.values({
			id: crypto.randomUUID(),
			record_id: record.id,
			record: JSON.stringify(record),
			reason,
			change_id: changeId,
			recorded_at: now
		})
		.execute();
}

async function applyChanges(
	tx: Transaction<Database>,
	changes: Change[],
	username: string
): Promise<{ results: ChangeResult[]; conflicts: Conflict[] }> {
	const results: ChangeResult[] = [];
	const conflicts: Conflict[] = [];
	if (changes.length === 0) return { results, conflicts };
	const now = Date.now();
	let seq = await reserveSeq(tx, changes.length);
	for (const change of changes) {
		const id = change.record.id;
		const seen = await tx.selectFrom('sync_changes').select('outcome').where('change_id', '=', change.changeId).executeTakeFirst();
		const existing = await tx.selectFrom('inventory').selectAll().where('id', '=', id).executeTakeFirst();
		if (seen) {
			results.push({ changeId: change.changeId, id, status: 'duplicate', version: existing?.version ?? 0 });
			continue;
		}
		let status: ChangeResult['status'] = 'applied';
		let version: number;
		if (!existing) {
			version = 1;
			await tx
				.insertInto('inventory')
				.values(changeToRow(change, username, version, seq++))
				.execute();
		} else {
			const stale = change.baseVersion !== existing.version;
			const clientWins = !stale || Date.parse(change.record.updatedAt) > existing.updated_at;
			const current = rowToRecord(existing);
			if (clientWins) {
				version = existing.version + 1;
				const row = changeToRow(change, existing.created_by, version, seq++);
				row.created_at = existing.created_at;
				await tx.updateTable('inventory').set(row).where('id', '=', id).execute();
				if (stale) {
					await keepHistory(tx, current, 'replaced', change.changeId, now);
					conflicts.push({ id, changeId: change.changeId, winner: 'client', current: rowToRecord(row), loser: current });
				}
			} else {
				status = 'rejected';
				version = existing.version;
				const loser: InventoryRecord = { ...change.record, createdBy: existing.created_by, version: change.baseVersion };
				await keepHistory(tx, loser, 'rejected', change.changeId, now);
				conflicts.push({ id, changeId: change.changeId, winner: 'server', current, loser });
			}
		}
		await tx.insertInto('sync_changes').values({ change_id: change.changeId, record_id: id, outcome: status, applied_at: now }).execute();
		results.push({ changeId: change.changeId, id, status, version });
	}
	return { results, conflicts };
}

export async function pull(
	db: Kysely<Database>,
	cursor: string | null,
	limit = MAX_RECORDS_PER_PULL
): Promise<Pick<SyncResponse, 'cursor' | 'more' | 'changes'>> {
	const after = cursor === null ? 0 : Number(cursor);
	const rows = await db
		.selectFrom('inventory')
		.selectAll()
		.where('seq', '>', after)
		.orderBy('seq')
		.limit(limit + 1)
		.execute();
	const page = rows.slice(0, limit);
	return {
		cursor: String(page.length ? page[page.length - 1].seq : after),
		more: rows.length > limit,
		changes: await withReviews(db, page.map(rowToRecord))
	};
}

export async function sync(db: Kysely<Database>, request: SyncRequest, username: string): Promise<SyncResponse> {
	const pushed = await db.transaction().execute((tx) => applyChanges(tx, request.changes, username));
	return { ...(await pull(db, request.cursor)), ...pushed };
}
