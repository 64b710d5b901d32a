/**
 * Review decisions in the database: the queue (overridden, needs-review and audit-sampled
 * items without a current review), recording a decision, and the reviews the sync pull
 * carries back to the devices. A review belongs to the description, model verdict and
 * override it saw: after an edit, a re-classification or a new override the item is pending again.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, InventoryTable } from '../db/schema.ts';
import { CodedError } from '../../errors.ts';
import { reserveSeq } from '../sync/sync.ts';
import { isCurrent, reviewsById, toRecordReview, type Review } from './pull.ts';
import { auditDrawSql, inAuditSample } from './audit-sample.ts';
import type { Decision, ReviewItem, ReviewSource } from './contract.ts';

type Row = Selectable<InventoryTable>;

const SOURCE_ORDER: Record<ReviewSource, number> = { override: 0, 'needs-review': 1, audit: 2, other: 3 };

export function sourceOf(row: Pick<Row, 'id' | 'override_label' | 'needs_review'>, auditRate: number): ReviewSource {
	if (row.override_label !== null) return 'override';
	if (row.needs_review === 1) return 'needs-review';
	return inAuditSample(row.id, auditRate) ? 'audit' : 'other';
}

function toItem(row: Row, review: Review | undefined, source: ReviewSource): ReviewItem {
	return {
		id: row.id,
		description: row.description,
		label: row.label as 0 | 1,
		probability: row.probability,
		modelVersion: row.model_version,
		needsReview: row.needs_review === 1,
		override: row.override_label === null ? null : (row.override_label as 0 | 1),
		reason: row.override_reason,
		review: review && isCurrent(review, row) ? toRecordReview(review) : null,
		source,
		partNumber: row.part_number ?? null,
		createdBy: row.created_by,
		updatedAt: new Date(Number(row.updated_at)).toISOString()
	};
}

async function rowsById(db: Kysely<Database>, ids: string[]): Promise<Row[]> {
	const out: Row[] = [];
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		if (chunk.length === 0) break;
		out.push(...(await db.selectFrom('inventory').selectAll().where('id', 'in', chunk).execute()));
	}
	return out;
}

/** Items waiting for a decision: overrides first, then needs-review, then the audit sample; oldest first. */
export async function pendingItems(db: Kysely<Database>, options: { auditRate: number; limit: number }): Promise<ReviewItem[]> {
	const flagged = await db
		.selectFrom('inventory')
		.selectAll()
		.where('deleted', '=', 0)
		.where((eb) => eb.or([eb('override_label', 'is not', null), eb('needs_review', '=', 1)]))
		.execute();
	// Confident verdicts in the audit sample: drawn by the database (the same hash of the id).
	const sampled = await db
		.selectFrom('inventory')
		.selectAll()
		.where('deleted', '=', 0)
		.where('override_label', 'is', null)
		.where('needs_review', '=', 0)
		.where(auditDrawSql(db), '<', options.auditRate)
		.execute();
	const rows = [...flagged, ...sampled];
	const reviews = await reviewsById(
		db,
		rows.map((r) => r.id)
	);
	return rows
		.filter((row) => {
			const review = reviews.get(row.id);
			return !review || !isCurrent(review, row);
		})
		.map((row) => toItem(row, undefined, sourceOf(row, options.auditRate)))
		.sort((a, b) => SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] || a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id))
		.slice(0, options.limit);
}

/** Items with a current decision, most recent first. */
export async function decidedItems(db: Kysely<Database>, options: { auditRate: number; limit: number }): Promise<ReviewItem[]> {
	const rows = await db
		.selectFrom('reviews')
		.innerJoin('inventory', 'inventory.id', 'reviews.item_id')
		.select('reviews.item_id')
		.where('inventory.deleted', '=', 0)
		.whereRef('inventory.description', '=', 'reviews.description')
		.whereRef('inventory.model_version', '=', 'reviews.model_version')
		// Null-safe equality, the same in SQLite (3.39+) and PostgreSQL.
		.where(sql<boolean>`inventory.override_label is not distinct from reviews.override_label`)
		.orderBy('reviews.reviewed_at', 'desc')
		.orderBy('reviews.item_id')
		.limit(options.limit)
		.execute();
	const ids = rows.map((r) => r.item_id);
	const [items, reviews] = await Promise.all([rowsById(db, ids), reviewsById(db, ids)]);
	const byId = new Map(items.map((r) => [r.id, r]));
	return ids.flatMap((id) => {
		const row = byId.get(id);
		const review = reviews.get(id);
		return row && review ? [toItem(row, review, review.source as ReviewSource)] : [];
	});
}

export class ReviewNotFound extends CodedError<'REVIEW_ITEM_NOT_FOUND'> {
	constructor(message: string) {
		super('REVIEW_ITEM_NOT_FOUND', message);
	}
}
export class ReviewConflict extends CodedError<'REVIEW_LABEL_CONFLICT'> {
	constructor(message: string) {
		super('REVIEW_LABEL_CONFLICT', message);
	}
}

/** The label a decision settles on: confirm keeps the shown label, correct takes the other one, reject none. */
export function reviewedLabel(decision: Decision, shown: 0 | 1): 0 | 1 | null {
	if (decision.decision === 'reject') return null;
	if (decision.decision === 'confirm') {
		if (decision.label !== undefined && decision.label !== shown)
			throw new ReviewConflict(`confirm keeps the label shown (${shown}); to set ${decision.label} use "correct"`);
		return shown;
	}
	if (decision.label === shown) throw new ReviewConflict(`the item already shows label ${shown}; use "confirm" to agree with it`);
	return decision.label ?? null;
}

/**
 * Records the decision (replacing an earlier one) and moves the item to the head of the
 * sync feed, so devices pull the review. The item's version does not change: a device's
 * edit made meanwhile still applies.
 */
export async function decide(
	db: Kysely<Database>,
	id: string,
	decision: Decision,
	reviewer: string,
	options: { auditRate: number; now?: number }
): Promise<ReviewItem> {
	return db.transaction().execute(async (tx) => {
		const row = await tx.selectFrom('inventory').selectAll().where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
		if (!row) throw new ReviewNotFound(`No inventory item ${id} (deleted, or not synced yet).`);
		const shown = (row.override_label ?? row.label) as 0 | 1;
		const review: Review = {
			item_id: id,
			decision: decision.decision,
			label: reviewedLabel(decision, shown),
			note: decision.note ? decision.note : null,
			reviewer,
			reviewed_at: options.now ?? Date.now(),
			source: sourceOf(row, options.auditRate),
			description: row.description,
			model_version: row.model_version,
			model_label: row.label,
			model_probability: row.probability,
			override_label: row.override_label
		};
		const { item_id: _, ...update } = review;
		await tx
			.insertInto('reviews')
			.values(review)
			.onConflict((oc) => oc.column('item_id').doUpdateSet(update))
			.execute();
		const seq = await reserveSeq(tx, 1);
		await tx.updateTable('inventory').set({ seq }).where('id', '=', id).execute();
		return toItem({ ...row, seq }, review, review.source as ReviewSource);
	});
}
