/**
 * Saving the same bulk rows twice: a row is a duplicate of an inventory item with the
 * same part number (or none on both) and the same description. Pure, unit-tested; the
 * page asks the user whether to skip duplicates or save anyway.
 */
import type { InventoryItem } from '../storage/schema.ts';

type Keyed = Pick<InventoryItem, 'description' | 'partNumber'>;

const key = (item: Keyed) => `${item.partNumber ?? ''}\u0000${item.description.trim().toLowerCase()}`;

/** Indexes of `candidates` already in `existing` (deleted items do not count). */
export function duplicateIndexes(candidates: readonly Keyed[], existing: readonly (Keyed & { deleted?: boolean })[]): Set<number> {
	const known = new Set(existing.filter((e) => !e.deleted).map(key));
	const found = new Set<number>();
	candidates.forEach((c, i) => {
		if (known.has(key(c))) found.add(i);
	});
	return found;
}
