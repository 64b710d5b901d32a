/** Conversions between the device's InventoryItem and the sync protocol's records. */
import type { InventoryRecord, RecordInput } from './protocol.ts';
import type { InventoryItem } from '../storage/schema.ts';

export function toRecordInput(item: InventoryItem): RecordInput {
	return {
		id: item.id,
		description: item.description,
		partNumber: item.partNumber ?? null,
		source: item.source ?? null,
		label: item.label,
		probability: item.probability,
		modelVersion: item.modelVersion,
		needsReview: item.needsReview,
		override: item.override ? { label: item.override.label, reason: item.override.reason } : null,
		createdAt: item.createdAt,
		updatedAt: item.updatedAt,
		deleted: item.deleted
	};
}

/** The server's copy, keeping what only this device knows (review reasons, telemetry link). */
export function fromServerRecord(record: InventoryRecord, local?: InventoryItem): InventoryItem {
	return {
		id: record.id,
		description: record.description,
		partNumber: record.partNumber ?? null,
		label: record.label,
		probability: record.probability,
		modelVersion: record.modelVersion,
		needsReview: record.needsReview,
		reviewReasons:
			local && local.description === record.description ? local.reviewReasons : record.needsReview ? ['flagged on another device'] : [],
		override: record.override,
		createdBy: record.createdBy,
		createdAt: record.createdAt,
		updatedAt: record.updatedAt,
		deleted: record.deleted,
		version: record.version,
		eventId: local?.eventId ?? null,
		tokenCount: local?.tokenCount ?? 0,
		oovCount: local?.oovCount ?? 0,
		...(record.source ? { source: record.source } : local?.source ? { source: local.source } : {}),
		...(record.review ? { review: record.review } : {})
	};
}

/** The label that counts: the technician's override when there is one. */
export function effectiveLabel(item: Pick<InventoryItem, 'label' | 'override'>): 0 | 1 {
	return item.override ? item.override.label : item.label;
}
