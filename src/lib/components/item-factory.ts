/** Builds inventory items from classifier results (one place for the field mapping). */
import type { ClassifyResult } from '../inference/protocol.ts';
import type { InventoryItem, Label } from '../storage/schema.ts';

/** The fields a classification decides. */
function fromResult(description: string, result: ClassifyResult) {
	return {
		description,
		label: result.label,
		probability: result.probability,
		modelVersion: result.model,
		needsReview: result.needsReview,
		reviewReasons: result.reviewReasons,
		eventId: result.eventId,
		tokenCount: result.tokenCount,
		oovCount: result.oovCount
	};
}

export function itemFromResult(
	description: string,
	result: ClassifyResult,
	createdBy: string,
	override: { label: Label; reason: string } | null = null,
	now = new Date(),
	partNumber: string | null = null
): InventoryItem {
	const at = now.toISOString();
	return {
		id: crypto.randomUUID(),
		...fromResult(description, result),
		partNumber,
		override,
		createdBy,
		createdAt: at,
		updatedAt: at,
		deleted: false,
		version: 0
	};
}

/** The item re-classified after its description changed (keeps id, creation and override). */
export function reclassified(item: InventoryItem, description: string, result: ClassifyResult, now = new Date()): InventoryItem {
	// A review was of the old text: the server drops it too (src/lib/server/review/pull.ts).
	return { ...item, ...fromResult(description, result), updatedAt: now.toISOString(), review: null };
}

export const labelName = (label: Label) => (label === 1 ? 'Non-compliant' : 'Compliant');

/** What an overridden verdict says about the model, e.g. "overridden; model said Compliant" (null when not overridden). */
export function overrideNote(item: { label: Label; override: { label: Label } | null }): string | null {
	return item.override ? `overridden; model said ${labelName(item.label)}` : null;
}

/** The effective label in words, marked when overridden: "Non-compliant (overridden; model said Compliant)". */
export function effectiveLabelText(item: { label: Label; override: { label: Label } | null }): string {
	const note = overrideNote(item);
	return `${labelName(item.override?.label ?? item.label)}${note ? ` (${note})` : ''}`;
}
export const percent = (p: number) => `${(p * 100).toFixed(1)}%`;

/** An inventory item from a document finding, with the document and page it came from. */
export function itemFromFinding(
	description: string,
	result: ClassifyResult,
	createdBy: string,
	source: { document: string; page: number },
	now = new Date()
): InventoryItem {
	return { ...itemFromResult(description, result, createdBy, null, now), source };
}
