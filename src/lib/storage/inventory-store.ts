/**
 * Inventory on the device. Every save or delete writes the item AND its outbox entry
 * in one transaction: a change is never saved without being queued for sync.
 */
import { appDb } from './database.ts';
import { guardQuota } from './errors.ts';
import type { IDBPTransaction } from 'idb';
import type { AppDB, InventoryItem, OutboxEntry } from './schema.ts';
import { toRecordInput } from '../sync/records.ts';

/** Items not deleted, newest change first. */
/** A change not yet sent: a new changeId, frozen with its base version on the first send. */
function newOutboxEntry(item: InventoryItem, seq: number): OutboxEntry {
	return {
		changeId: crypto.randomUUID(),
		recordId: item.id,
		seq,
		record: toRecordInput(item),
		sentBaseVersion: null,
		attempted: false,
		queuedAt: Date.now()
	};
}

export async function listItems(): Promise<InventoryItem[]> {
	const items = await (await appDb()).getAllFromIndex('inventory', 'by-updated');
	return items.filter((i) => !i.deleted).reverse();
}

export async function getItem(id: string): Promise<InventoryItem | undefined> {
	return (await appDb()).get('inventory', id);
}

export type ChangeTx = IDBPTransaction<AppDB, ('inventory' | 'outbox' | 'meta')[], 'readwrite'>;

/** Inside a write transaction: put the item and queue its change (replacing a change never sent). */
export async function putAndQueue(tx: ChangeTx, item: InventoryItem): Promise<void> {
	const outbox = tx.objectStore('outbox');
	await tx.objectStore('inventory').put(item);
	const pending = await outbox.index('by-record').getAll(item.id);
	const unsent = pending.find((e) => !e.attempted);
	if (unsent) {
		// Never sent: safe to replace its payload (the server cannot have it).
		await outbox.put({ ...unsent, record: toRecordInput(item), queuedAt: Date.now() });
	} else {
		const meta = tx.objectStore('meta');
		const seq = (((await meta.get('outboxSeq')) as number | undefined) ?? 0) + 1;
		await meta.put(seq, 'outboxSeq');
		await outbox.put(newOutboxEntry(item, seq));
	}
}

/** Saves (creates or replaces) an item and queues the change for sync. */
export async function saveItem(item: InventoryItem): Promise<void> {
	const db = await appDb();
	await guardQuota(`"${item.description.slice(0, 40)}"`, async () => {
		const tx = db.transaction(['inventory', 'outbox', 'meta'], 'readwrite');
		await putAndQueue(tx, item);
		await tx.done;
	});
}

/** Many items in one transaction per chunk (bulk scan results). */
export async function saveItems(items: InventoryItem[], onProgress?: (saved: number) => void): Promise<void> {
	const CHUNK = 250;
	for (let i = 0; i < items.length; i += CHUNK) {
		const db = await appDb();
		const chunk = items.slice(i, i + CHUNK);
		await guardQuota(`${items.length - i} bulk results`, async () => {
			const tx = db.transaction(['inventory', 'outbox', 'meta'], 'readwrite');
			const meta = tx.objectStore('meta');
			let seq = ((await meta.get('outboxSeq')) as number | undefined) ?? 0;
			for (const item of chunk) {
				void tx.objectStore('inventory').put(item);
				seq++;
				void tx.objectStore('outbox').put(newOutboxEntry(item, seq));
			}
			void meta.put(seq, 'outboxSeq');
			await tx.done;
		});
		onProgress?.(Math.min(items.length, i + CHUNK));
	}
}

/** Marks an item deleted (a tombstone the server must learn about). */
export async function deleteItem(id: string, now = new Date()): Promise<void> {
	const item = await getItem(id);
	if (!item || item.deleted) return;
	await saveItem({ ...item, deleted: true, updatedAt: now.toISOString() });
}

export async function pendingChangeCount(): Promise<number> {
	return (await appDb()).count('outbox');
}
