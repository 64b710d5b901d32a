/** Search and filters of the inventory list (pure, unit-tested). */
import type { InventoryItem } from '../storage/schema.ts';
import { effectiveLabel } from '../sync/records.ts';

export interface InventoryFilter {
	query: string;
	label: 'all' | '0' | '1';
	needsReviewOnly: boolean;
}

export function filterItems(items: readonly InventoryItem[], filter: InventoryFilter): InventoryItem[] {
	const words = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
	return items.filter((item) => {
		if (item.deleted) return false;
		if (filter.label !== 'all' && String(effectiveLabel(item)) !== filter.label) return false;
		if (filter.needsReviewOnly && !item.needsReview) return false;
		if (words.length === 0) return true;
		const haystack = `${item.description} ${item.partNumber ?? ''} ${item.override?.reason ?? ''} ${item.createdBy}`.toLowerCase();
		return words.every((w) => haystack.includes(w));
	});
}

export const INVENTORY_CSV_HEADER = [
	'id',
	'description',
	'label',
	'model_label',
	'probability_non_compliant',
	'model_version',
	'needs_review',
	'override_label',
	'override_reason',
	'created_by',
	'created_at',
	'updated_at',
	// Added by issue 13 at the end, so positional readers of the older columns keep working.
	'part_number',
	'review_reasons',
	'overridden'
];

const name = (l: 0 | 1) => (l === 1 ? 'non-compliant' : 'compliant');

export function inventoryCsvRows(items: readonly InventoryItem[]): unknown[][] {
	return items.map((i) => [
		i.id,
		i.description,
		name(effectiveLabel(i)),
		name(i.label),
		Number(i.probability.toFixed(4)),
		i.modelVersion,
		i.needsReview ? 'yes' : 'no',
		i.override ? name(i.override.label) : '',
		i.override?.reason ?? '',
		i.createdBy,
		i.createdAt,
		i.updatedAt,
		i.partNumber ?? '',
		i.reviewReasons.join('; '),
		i.override ? 'yes' : 'no'
	]);
}
