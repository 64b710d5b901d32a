/**
 * Field labels for training and evaluation: reviewed inventory items with a label
 * (confirm or correct; rejected items are not labels), de-duplicated by normalized text
 * (the latest review of a text wins), each assigned its frozen part (src/lib/feedback/field-split.ts).
 * CSV columns: text,label,source,reviewed_at,model_version (source = field-eval | field-train).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { fieldPart, normalizeFieldText, type FieldPart } from '../../feedback/field-split.ts';

export const FEEDBACK_COLUMNS = ['text', 'label', 'source', 'reviewed_at', 'model_version'] as const;

export interface FeedbackRow {
	text: string;
	label: 0 | 1;
	source: FieldPart;
	/** ISO time of the review. */
	reviewed_at: string;
	/** The model version whose verdict was reviewed. */
	model_version: string;
}

export async function feedbackRows(
	db: Kysely<Database>,
	options: { since?: number } = {}
): Promise<{ rows: FeedbackRow[]; duplicates: number }> {
	let query = db
		.selectFrom('reviews')
		.select(['description', 'label', 'reviewed_at', 'model_version', 'item_id'])
		.where('label', 'is not', null)
		.orderBy('reviewed_at', 'desc')
		.orderBy('item_id');
	if (options.since !== undefined) query = query.where('reviewed_at', '>=', options.since);
	const latest = new Map<string, FeedbackRow>();
	let duplicates = 0;
	for (const r of await query.execute()) {
		const key = normalizeFieldText(r.description);
		if (latest.has(key)) {
			duplicates++;
			continue;
		}
		latest.set(key, {
			text: r.description,
			label: Number(r.label) as 0 | 1,
			source: fieldPart(r.description),
			reviewed_at: new Date(Number(r.reviewed_at)).toISOString(),
			model_version: r.model_version
		});
	}
	// Oldest first: a later export lists the same rows in the same order, new ones at the end.
	const rows = [...latest.values()].sort((a, b) => a.reviewed_at.localeCompare(b.reviewed_at) || a.text.localeCompare(b.text));
	return { rows, duplicates };
}
