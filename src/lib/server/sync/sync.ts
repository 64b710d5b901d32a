/**
 * Applies a sync push in one transaction (all or nothing), then reads the pull page.
 * "Later edit wins": a change made from a stale version wins only if its updatedAt is
 * after the stored one (ties keep the stored copy); the loser goes to inventory_history.
 *
 * Ownership: one shared team inventory. Any technician (or admin) may change any item,
 * and every change is attributed: an audit row (who, when, before, after, change id) is
 * written in the same transaction (src/lib/server/audit/audit.ts). The stored verdict is
 * the server's own model's (verify.ts), never the device's claim.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, InventoryTable } from '../db/schema.ts';
import { writeAudit } from '../audit/audit.ts';
import { reconcileVerdict, serverVerdicts, type ServerVerdict, type VerdictModel } from './verify.ts';
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
		source: r.source_document ? { document: r.source_document, page: r.source_page ?? 1 } : null,
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
		source_document: r.source?.document ?? null,
		source_page: r.source?.page ?? null,
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

/** The record as the audit trail keeps it: what the feed returns, plus attribution and verification. */
function auditRecord(r: InventoryTable) {
	return { ...rowToRecord(r), overrideBy: r.override_by ?? null, verified: r.verified === 1 };
}

async function applyChanges(
	tx: Transaction<Database>,
	changes: Change[],
	username: string,
	verdicts: Map<string, ServerVerdict>
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
		const verdict = verdicts.get(change.record.description);
		const audit = { recordId: id, changeId: change.changeId, actor: username, at: now };
		if (!existing) {
			version = 1;
			const row = changeToRow(change, username, version, seq++);
			const note = reconcileVerdict(row, change, verdict, undefined, username);
			await tx.insertInto('inventory').values(row).execute();
			await writeAudit(tx, { ...audit, action: 'create', before: null, after: auditRecord(row), note });
		} else {
			const stale = change.baseVersion !== existing.version;
			const clientWins = !stale || Date.parse(change.record.updatedAt) > existing.updated_at;
			const current = rowToRecord(existing);
			if (clientWins) {
				version = existing.version + 1;
				const row = changeToRow(change, existing.created_by, version, seq++);
				row.created_at = existing.created_at;
				const note = reconcileVerdict(row, change, verdict, existing, username);
				await tx.updateTable('inventory').set(row).where('id', '=', id).execute();
				const action = row.deleted === 1 && existing.deleted === 0 ? 'delete' : 'update';
				const owner = existing.created_by !== username ? `Item created by ${existing.created_by}. ` : '';
				await writeAudit(tx, {
					...audit,
					action,
					before: auditRecord(existing),
					after: auditRecord(row),
					note: owner || note ? `${owner}${note ?? ''}`.trim() : null
				});
				if (stale) {
					await keepHistory(tx, current, 'replaced', change.changeId, now);
					conflicts.push({ id, changeId: change.changeId, winner: 'client', current: rowToRecord(row), loser: current });
				}
			} else {
				status = 'rejected';
				version = existing.version;
				const loser: InventoryRecord = { ...change.record, createdBy: existing.created_by, version: change.baseVersion };
				await keepHistory(tx, loser, 'rejected', change.changeId, now);
				await writeAudit(tx, {
					...audit,
					action: 'rejected',
					before: auditRecord(existing),
					after: null,
					note: 'Lost to a later edit; the refused copy is kept in the history.'
				});
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

/**
 * `model`: the server's champion, to re-check every pushed verdict (verify.ts); null when
 * none is loaded yet (the device's verdicts are then stored unverified).
 */
export async function sync(
	db: Kysely<Database>,
	request: SyncRequest,
	username: string,
	model: VerdictModel | null = null
): Promise<SyncResponse> {
	// Classified before the transaction, so the database is not held while the model runs.
	const verdicts = await serverVerdicts(model, request.changes);
	const pushed = await db.transaction().execute((tx) => applyChanges(tx, request.changes, username, verdicts));
	return { ...(await pull(db, request.cursor)), ...pushed };
}
