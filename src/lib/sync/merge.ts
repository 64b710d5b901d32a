/**
 * How one POST /api/sync response changes the device's data. Pure: storage runs it
 * inside one IndexedDB transaction so a response is applied completely or not at all.
 *
 * Rules:
 * - applied / duplicate: the change is confirmed; drop it from the outbox, remember the
 *   server version (a resend after a lost response comes back as duplicate).
 * - rejected (a later edit on the server won): the server's copy replaces ours, and our
 *   unsent edits of that record are dropped (they were based on the losing copy).
 * - pulled records: replace the local copy unless this device still has unsent edits of
 *   that record (those go up next and the server decides).
 * - confirmed tombstones are removed from the device.
 */
import type { SyncResponse } from './protocol.ts';
import type { InventoryItem, OutboxEntry } from '../storage/schema.ts';
import { fromServerRecord } from './records.ts';

export interface LocalState {
	items: Map<string, InventoryItem>;
	/** Outbox entries of the records this response touches. */
	outbox: Map<string, OutboxEntry>;
}

export interface MergePlan {
	putItems: InventoryItem[];
	deleteItems: string[];
	deleteOutbox: string[];
	cursor: string;
	/** Records where the server's copy replaced an edit made here. */
	overwritten: string[];
}

/** Every record id a response touches (to read their local state first). */
export function touchedIds(response: SyncResponse): string[] {
	return [...new Set([...response.results.map((r) => r.id), ...response.changes.map((c) => c.id), ...response.conflicts.map((c) => c.id)])];
}

export function planMerge(response: SyncResponse, local: LocalState): MergePlan {
	const items = new Map(local.items);
	const outbox = new Map(local.outbox);
	const deleteOutbox = new Set<string>();
	const changed = new Set<string>();
	const overwritten: string[] = [];
	const pendingFor = (id: string) => [...outbox.values()].filter((e) => e.recordId === id);
	const serverWins = new Map(response.conflicts.filter((c) => c.winner === 'server').map((c) => [c.changeId, c.current]));

	for (const result of response.results) {
		const entry = outbox.get(result.changeId);
		outbox.delete(result.changeId);
		deleteOutbox.add(result.changeId);
		const item = items.get(result.id);
		if (result.status === 'rejected') {
			const current = serverWins.get(result.changeId);
			for (const e of pendingFor(result.id)) {
				if (e.attempted) continue; // it may be stored already; its own result will tell
				outbox.delete(e.changeId);
				deleteOutbox.add(e.changeId);
			}
			if (current) {
				items.set(result.id, fromServerRecord(current, item));
				changed.add(result.id);
				overwritten.push(result.id);
			}
		} else if (item && entry) {
			items.set(result.id, { ...item, version: Math.max(item.version, result.version) });
			changed.add(result.id);
		}
	}

	for (const record of response.changes) {
		if (pendingFor(record.id).length > 0) continue;
		const item = items.get(record.id);
		if (item && item.version > record.version) continue; // an older page of the feed
		items.set(record.id, fromServerRecord(record, item));
		changed.add(record.id);
	}

	const putItems: InventoryItem[] = [];
	const deleteItems: string[] = [];
	for (const id of changed) {
		const item = items.get(id);
		if (!item) continue;
		// A tombstone the server has and nothing pending here: forget it.
		if (item.deleted && item.version > 0 && pendingFor(id).length === 0) deleteItems.push(id);
		else putItems.push(item);
	}
	return { putItems, deleteItems, deleteOutbox: [...deleteOutbox], cursor: response.cursor, overwritten };
}
