/**
 * The re-scan's storage: read the inventory in id order after a cursor, and apply one
 * batch of new verdicts (items, their sync changes, the changes list and the run's
 * progress) in ONE transaction, so a reload resumes exactly after the last applied batch.
 */
import { appDb } from './database.ts';
import { guardQuota } from './errors.ts';
import { putAndQueue, type ChangeTx } from './inventory-store.ts';
import type { RescanRun } from './meta.ts';
import { rescanOutcome, type RescanVerdict } from './rescan-decision.ts';
import type { InventoryItem, RescanChange } from './schema.ts';

/** Items (not deleted) with an id after `cursor`, in id order, at most `limit`; `next` is the last id read. */
export async function inventoryAfter(cursor: string | null, limit: number): Promise<{ items: InventoryItem[]; next: string | null }> {
	const db = await appDb();
	const range = cursor === null ? undefined : IDBKeyRange.lowerBound(cursor, true);
	const read = await db.getAll('inventory', range, limit);
	return { items: read.filter((i) => !i.deleted), next: read.at(-1)?.id ?? null };
}

export async function inventoryTotal(): Promise<number> {
	const items = await (await appDb()).getAll('inventory');
	return items.filter((i) => !i.deleted).length;
}

/** Applies one batch and moves the run's cursor to `next`; returns the updated run. */
export async function applyRescanBatch(
	run: RescanRun,
	verdicts: readonly RescanVerdict[],
	next: string | null,
	now = new Date()
): Promise<RescanRun> {
	const db = await appDb();
	return guardQuota('the re-scan results', async () => {
		const tx = db.transaction(['inventory', 'outbox', 'meta', 'rescan'], 'readwrite');
		const stored = ((await tx.objectStore('meta').get('rescanRun')) as RescanRun | undefined) ?? null;
		// Another tab (or a cancel) changed the run meanwhile: do not apply stale work.
		if (!stored || stored.model !== run.model || stored.cursor !== run.cursor || stored.status !== 'running') {
			tx.abort();
			await tx.done.catch(() => {});
			return stored ?? { ...run, status: 'cancelled' };
		}
		const updated: RescanRun = { ...stored, cursor: next, done: stored.done + verdicts.length };
		for (const verdict of verdicts) {
			const outcome = rescanOutcome(await tx.objectStore('inventory').get(verdict.id), verdict, run.model, now);
			// The same transaction, seen through the stores putAndQueue needs.
			if (outcome.item) await putAndQueue(tx as unknown as ChangeTx, outcome.item);
			if (!outcome.change) continue;
			const known = await tx.objectStore('rescan').get([run.model, verdict.id]);
			await tx.objectStore('rescan').put(outcome.change);
			if (known) continue;
			if (outcome.change.human) updated.disagreeWithHuman++;
			else if (outcome.change.to === 1) updated.toNonCompliant++;
			else updated.toCompliant++;
		}
		updated.done = Math.min(updated.done, updated.total);
		await tx.objectStore('meta').put(updated, 'rescanRun');
		await tx.done;
		return updated;
	});
}

/** The changes found by the re-scan with `model`, in description order. */
export async function rescanChanges(model: string): Promise<RescanChange[]> {
	const changes = await (await appDb()).getAllFromIndex('rescan', 'by-model', model);
	return changes.sort((a, b) => a.description.localeCompare(b.description));
}

/** Keep only the changes of `model` (an older run's list is replaced by the newer one). */
export async function dropOtherRescans(model: string): Promise<void> {
	const db = await appDb();
	const tx = db.transaction('rescan', 'readwrite');
	for (const key of await tx.store.getAllKeys()) if (key[0] !== model) void tx.store.delete(key);
	await tx.done;
}
