/**
 * The sync engine's view of storage: pick the next push, freeze it before sending,
 * and apply a server response (merge plan + cursor) in one transaction.
 */
import type { Change, SyncResponse } from '../sync/protocol.ts';
import { planMerge, touchedIds, type MergePlan } from '../sync/merge.ts';
import { selectPush } from '../sync/push-plan.ts';
import { appDb } from './database.ts';
import { guardQuota } from './errors.ts';
import type { InventoryItem, OutboxEntry } from './schema.ts';

/** The next changes to send (see sync/push-plan.ts), frozen in storage before they leave. */
export async function nextPush(max: number): Promise<Change[]> {
	const db = await appDb();
	const tx = db.transaction(['outbox', 'inventory'], 'readwrite');
	const entries = await tx.objectStore('outbox').index('by-seq').getAll();
	const versions = new Map<string, number>();
	for (const id of new Set(entries.map((e) => e.recordId))) {
		if (versions.size >= max) break;
		versions.set(id, (await tx.objectStore('inventory').get(id))?.version ?? 0);
	}
	const plan = selectPush(entries, (id) => versions.get(id) ?? 0, max);
	for (const entry of plan.frozen) void tx.objectStore('outbox').put(entry);
	await tx.done;
	return plan.changes;
}

/** Applies a response completely (items, outbox, cursor) or not at all. */
export async function applySyncResponse(response: SyncResponse): Promise<MergePlan> {
	const db = await appDb();
	return guardQuota('the synced inventory', async () => {
		const tx = db.transaction(['inventory', 'outbox', 'meta'], 'readwrite');
		const inventory = tx.objectStore('inventory');
		const outbox = tx.objectStore('outbox');
		const ids = touchedIds(response);
		const items = new Map<string, InventoryItem>();
		const entries = new Map<string, OutboxEntry>();
		for (const id of ids) {
			const item = await inventory.get(id);
			if (item) items.set(id, item);
			for (const e of await outbox.index('by-record').getAll(id)) entries.set(e.changeId, e);
		}
		for (const r of response.results) {
			if (!entries.has(r.changeId)) {
				const e = await outbox.get(r.changeId);
				if (e) entries.set(e.changeId, e);
			}
		}
		const plan = planMerge(response, { items, outbox: entries });
		for (const item of plan.putItems) void inventory.put(item);
		for (const id of plan.deleteItems) void inventory.delete(id);
		for (const changeId of plan.deleteOutbox) void outbox.delete(changeId);
		void tx.objectStore('meta').put(plan.cursor, 'syncCursor');
		void tx.objectStore('meta').put(new Date().toISOString(), 'lastSyncAt');
		await tx.done;
		return plan;
	});
}

export async function syncCursor(): Promise<string | null> {
	return ((await (await appDb()).get('meta', 'syncCursor')) as string | null | undefined) ?? null;
}
