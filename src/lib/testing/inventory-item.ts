/** Typed test data: an inventory item as the device stores it, with overridable fields. */
import type { InventoryItem } from '../storage/schema.ts';

export function inventoryItem(extra: Partial<InventoryItem> = {}): InventoryItem {
	return {
		id: crypto.randomUUID(),
		description: 'Steel bracket 1999',
		label: 0,
		probability: 0.1,
		modelVersion: 'v1',
		needsReview: false,
		reviewReasons: [],
		override: null,
		createdBy: 'tech',
		createdAt: '2026-01-01T00:00:00.000Z',
		updatedAt: '2026-01-01T00:00:00.000Z',
		deleted: false,
		version: 0,
		eventId: null,
		tokenCount: 3,
		oovCount: 0,
		...extra
	};
}
