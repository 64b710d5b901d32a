/**
 * Reviews as the devices see them: the sync pull adds each record's current review
 * (src/lib/server/sync/sync.ts calls withReviews). A review is current while the item has
 * the description, model version and override it saw.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, ReviewsTable } from '../db/schema.ts';
import type { InventoryRecord, RecordReview } from '../../sync/protocol.ts';

export type Review = Selectable<ReviewsTable>;

/** The review still applies: same description, same model verdict and same override as reviewed. */
export function isCurrent(
	review: Pick<Review, 'description' | 'model_version' | 'override_label'>,
	row: { description: string; model_version: string; override_label: number | null }
): boolean {
	return (
		review.description === row.description && review.model_version === row.model_version && review.override_label === row.override_label
	);
}

export function toRecordReview(r: Review): RecordReview {
	return {
		decision: r.decision,
		label: r.label === null ? null : (r.label as 0 | 1),
		note: r.note,
		reviewer: r.reviewer,
		reviewedAt: new Date(Number(r.reviewed_at)).toISOString(),
		modelVersion: r.model_version
	};
}

export async function reviewsById(db: Kysely<Database>, ids: string[]): Promise<Map<string, Review>> {
	const out = new Map<string, Review>();
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		if (chunk.length === 0) break;
		for (const r of await db.selectFrom('reviews').selectAll().where('item_id', 'in', chunk).execute()) out.set(r.item_id, r);
	}
	return out;
}

/** The sync pull's records with their current reviews added (records without one are left as they are). */
export async function withReviews(db: Kysely<Database>, records: InventoryRecord[]): Promise<InventoryRecord[]> {
	const reviews = await reviewsById(
		db,
		records.map((r) => r.id)
	);
	if (reviews.size === 0) return records;
	return records.map((r) => {
		const review = reviews.get(r.id);
		return review &&
			isCurrent(review, { description: r.description, model_version: r.modelVersion, override_label: r.override?.label ?? null })
			? { ...r, review: toRecordReview(review) }
			: r;
	});
}
