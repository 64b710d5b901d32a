/**
 * The client sync engine against the real server sync (SQLite), with in-memory device
 * storage that uses the same push/merge rules as the IndexedDB storage.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '../server/db/connect.ts';
import { sync } from '../server/sync/sync.ts';
import { syncRequestSchema, type SyncResponse } from './protocol.ts';
import type { InventoryItem, OutboxEntry } from '../storage/schema.ts';
import { runSync, type SyncStorage } from './sync-engine.ts';
import { selectPush } from './push-plan.ts';
import { planMerge, touchedIds } from './merge.ts';
import { toRecordInput } from './records.ts';
import { inventoryItem } from '../testing/inventory-item.ts';

class Device implements SyncStorage {
	items = new Map<string, InventoryItem>();
	outbox: OutboxEntry[] = [];
	#cursor: string | null = null;
	#seq = 0;

	save(item: InventoryItem) {
		this.items.set(item.id, item);
		const unsent = this.outbox.find((e) => e.recordId === item.id && !e.attempted);
		if (unsent) unsent.record = toRecordInput(item);
		else
			this.outbox.push({
				changeId: crypto.randomUUID(),
				recordId: item.id,
				seq: ++this.#seq,
				record: toRecordInput(item),
				sentBaseVersion: null,
				attempted: false,
				queuedAt: 0
			});
	}
	async nextPush(max: number) {
		const plan = selectPush(this.outbox, (id) => this.items.get(id)?.version ?? 0, max);
		for (const f of plan.frozen) this.outbox[this.outbox.findIndex((e) => e.changeId === f.changeId)] = f;
		return plan.changes;
	}
	async cursor() {
		return this.#cursor;
	}
	async apply(response: SyncResponse) {
		const ids = new Set(touchedIds(response));
		const plan = planMerge(response, {
			items: new Map([...this.items].filter(([id]) => ids.has(id))),
			outbox: new Map(this.outbox.map((e) => [e.changeId, e]))
		});
		for (const item of plan.putItems) this.items.set(item.id, item);
		for (const id of plan.deleteItems) this.items.delete(id);
		this.outbox = this.outbox.filter((e) => !plan.deleteOutbox.includes(e.changeId));
		this.#cursor = plan.cursor;
		return plan;
	}
}

const item = (description: string) => inventoryItem({ description });

let dir: string;
let handle: DatabaseHandle;
async function openServer() {
	dir = mkdtempSync(path.join(os.tmpdir(), 'client-sync-'));
	handle = await openDatabase({ dialect: 'sqlite', file: path.join(dir, 'db.sqlite') });
	return handle;
}
afterEach(async () => {
	await handle?.close();
	rmSync(dir, { recursive: true, force: true });
});

/** fetch that runs the server's sync; `dropAfterApply` loses the response after the server stored it. */
function network(options: { dropAfterApply?: () => boolean; user?: string } = {}) {
	let requests = 0;
	const fetch = async (_url: string, init: RequestInit) => {
		requests++;
		const request = syncRequestSchema.parse(JSON.parse(String(init.body)));
		const response = await sync(handle.db, request, options.user ?? 'tech');
		if (options.dropAfterApply?.()) throw new TypeError('network connection lost');
		return Response.json(response);
	};
	return { fetch, requests: () => requests };
}

async function serverCount() {
	const rows = await handle.db.selectFrom('inventory').select(['id', 'version', 'deleted']).execute();
	return rows;
}

describe('client sync engine', () => {
	it('pushes everything in batches and ends with an empty outbox', async () => {
		await openServer();
		const device = new Device();
		for (let i = 0; i < 23; i++) device.save(item(`Steel pipe ${i}`));
		const report = await runSync({ fetch: network().fetch, storage: device, batchSize: 10 });
		expect(report.pushed).toBe(23);
		expect(device.outbox).toHaveLength(0);
		expect(await serverCount()).toHaveLength(23);
		expect([...device.items.values()].every((i) => i.version === 1)).toBe(true);
	});

	it('stores nothing twice and loses nothing when responses are lost mid-sync', async () => {
		await openServer();
		const device = new Device();
		for (let i = 0; i < 12; i++) device.save(item(`Iron gear ${i}`));
		let calls = 0;
		const flaky = network({ dropAfterApply: () => ++calls <= 2 });
		for (let attempt = 0; attempt < 5 && device.outbox.length > 0; attempt++) {
			await runSync({ fetch: flaky.fetch, storage: device, batchSize: 5 }).catch((e) => expect(e.code).toBe('OFFLINE'));
		}
		// An edit made while the first change was in flight goes up as a second change.
		const rows = await serverCount();
		expect(rows).toHaveLength(12);
		expect(rows.every((r) => r.version === 1)).toBe(true);
		expect(device.outbox).toHaveLength(0);
	});

	it('sends an edit made after a lost response as a new change, applied once', async () => {
		await openServer();
		const device = new Device();
		const first = item('Plastic cap 1990');
		device.save(first);
		let drop = true;
		await runSync({ fetch: network({ dropAfterApply: () => drop }).fetch, storage: device }).catch(() => {});
		device.save({ ...first, description: 'Plastic cap 1990, cracked', updatedAt: '2026-01-02T00:00:00.000Z' });
		drop = false;
		await runSync({ fetch: network().fetch, storage: device });
		const [row] = await handle.db.selectFrom('inventory').selectAll().execute();
		expect(row.description).toBe('Plastic cap 1990, cracked');
		expect(row.version).toBe(2);
		expect(device.items.get(first.id)?.version).toBe(2);
		expect(device.outbox).toHaveLength(0);
	});

	it('replaces a local edit with the server copy when a later edit elsewhere won', async () => {
		await openServer();
		const a = new Device();
		const b = new Device();
		const shared = item('Steel bracket 2001');
		a.save(shared);
		await runSync({ fetch: network().fetch, storage: a });
		await runSync({ fetch: network().fetch, storage: b });
		expect(b.items.get(shared.id)?.description).toBe('Steel bracket 2001');
		// b edits later (wins), a edits earlier but syncs after.
		b.save({ ...b.items.get(shared.id)!, description: 'Steel bracket 2001, new', updatedAt: '2026-03-01T00:00:00.000Z' });
		a.save({ ...a.items.get(shared.id)!, description: 'Steel bracket 2001, rusty', updatedAt: '2026-02-01T00:00:00.000Z' });
		await runSync({ fetch: network().fetch, storage: b });
		const report = await runSync({ fetch: network().fetch, storage: a });
		expect(report.overwritten).toEqual([shared.id]);
		expect(a.items.get(shared.id)?.description).toBe('Steel bracket 2001, new');
		expect(a.outbox).toHaveLength(0);
	});

	it('propagates a delete and forgets the confirmed tombstone', async () => {
		await openServer();
		const a = new Device();
		const b = new Device();
		const doomed = item('Iron pipe 1980');
		a.save(doomed);
		await runSync({ fetch: network().fetch, storage: a });
		await runSync({ fetch: network().fetch, storage: b });
		a.save({ ...a.items.get(doomed.id)!, deleted: true, updatedAt: '2026-02-01T00:00:00.000Z' });
		await runSync({ fetch: network().fetch, storage: a });
		await runSync({ fetch: network().fetch, storage: b });
		expect(a.items.has(doomed.id)).toBe(false);
		expect(b.items.has(doomed.id)).toBe(false);
		expect((await serverCount())[0].deleted).toBe(1);
	});

	it('asks to sign in again on 401 and keeps the outbox', async () => {
		await openServer();
		const device = new Device();
		device.save(item('Carbon fiber panel 2010'));
		const fetch = async () => Response.json({ message: 'Sign in first' }, { status: 401 });
		await expect(runSync({ fetch, storage: device })).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
		expect(device.outbox).toHaveLength(1);
	});
});
