/**
 * What a re-scan under a new model does to one inventory item (pure; see rescan-store.ts
 * for the I/O). The model's verdict is replaced when it flipped; a human label (a review's
 * or an override's) always stays, and the item is listed when the new model disagrees with it.
 */
import type { InventoryItem, Label, RescanChange } from './schema.ts';

/** The new model's verdict on an item's description. */
export interface RescanVerdict {
	id: string;
	description: string;
	label: Label;
	probability: number;
	needsReview: boolean;
	reviewReasons: string[];
}

export interface RescanOutcome {
	/** The item with the new model verdict, or null when nothing needs writing. */
	item: InventoryItem | null;
	/** The entry for the changes list, or null when the verdict that counts did not change. */
	change: RescanChange | null;
}

export function rescanOutcome(item: InventoryItem | undefined, verdict: RescanVerdict, model: string, now: Date): RescanOutcome {
	// Deleted meanwhile, or edited (its text was classified again): nothing to do.
	if (!item || item.deleted || item.description !== verdict.description) return { item: null, change: null };
	// A human label: an analyst's reviewed label first, else the technician's override.
	const human = item.review?.label ?? item.override?.label ?? null;
	const from: Label = human ?? item.label;
	const change: RescanChange | null =
		verdict.label === from
			? null
			: {
					id: item.id,
					model,
					description: item.description,
					partNumber: item.partNumber ?? null,
					from,
					to: verdict.label,
					probability: verdict.probability,
					human: human !== null
				};
	// Only a flipped model verdict is written (and synced): unchanged items cause no traffic.
	const flipped = verdict.label !== item.label;
	const updated: InventoryItem | null = flipped
		? {
				...item,
				label: verdict.label,
				probability: verdict.probability,
				modelVersion: model,
				needsReview: verdict.needsReview,
				reviewReasons: verdict.reviewReasons,
				updatedAt: now.toISOString()
			}
		: null;
	return { item: updated, change };
}

/** Counts for "Changed by the new model: N now non-compliant, M now compliant". */
export function countChanges(changes: readonly RescanChange[]): { toNonCompliant: number; toCompliant: number; disagreeWithHuman: number } {
	let toNonCompliant = 0;
	let toCompliant = 0;
	let disagreeWithHuman = 0;
	for (const c of changes) {
		if (c.human) disagreeWithHuman++;
		else if (c.to === 1) toNonCompliant++;
		else toCompliant++;
	}
	return { toNonCompliant, toCompliant, disagreeWithHuman };
}
