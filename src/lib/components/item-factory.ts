/** Builds inventory items from classifier results (one place for the field mapping). */
import type { ClassifyResult } from '../inference/protocol.ts';
import type { InventoryItem, Label } from '../storage/schema.ts';

export function itemFromResult(
	description: string,
	result: ClassifyResult,
	createdBy: string,
	override: { label: Label; reason: string } | null = null,
	now = new Date()
): InventoryItem {
	const at = now.toISOString();
	return {
		id: crypto.randomUUID(),
		description,
		label: result.label,
		probability: result.probability,
		modelVersion: result.model,
		needsReview: result.needsReview,
		reviewReasons: result.reviewReasons,
		override,
		createdBy,
		createdAt: at,
		updatedAt: at,
		deleted: false,
		version: 0,
		eventId: result.eventId,
		tokenCount: result.tokenCount,
		oovCount: result.oovCount
	};
}

/** The item re-classified after its description changed (keeps id, creation and override). */
export function reclassified(item: InventoryItem, description: string, result: ClassifyResult, now = new Date()): InventoryItem {
	return {
		...item,
		description,
		label: result.label,
		probability: result.probability,
		modelVersion: result.model,
		needsReview: result.needsReview,
		reviewReasons: result.reviewReasons,
		eventId: result.eventId,
		tokenCount: result.tokenCount,
		oovCount: result.oovCount,
		updatedAt: now.toISOString()
	};
}

export const labelName = (label: Label) => (label === 1 ? 'Non-compliant' : 'Compliant');
export const percent = (p: number) => `${(p * 100).toFixed(1)}%`;
