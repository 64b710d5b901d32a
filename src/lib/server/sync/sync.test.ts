import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { changeOf, recordInput } from '#tests/support/sync-records.ts';
import { syncRequestSchema, type RecordInput } from '../../sync/protocol.ts';
import { pull, sync } from './sync.ts';

/** A new record as a device pushes it: non-compliant, with a confident verdict. */
const record = (o: Partial<RecordInput> = {}) =>
	recordInput({ description: 'Steel component manufactured in 1995 in fair condition', label: 1, probability: 0.93, ...o });

describe('sync request validation', () => {
	it('rejects bad payloads with the field that is wrong', () => {
		const bad = syncRequestSchema.safeParse({ cursor: null, changes: [changeOf(record({ label: 2 as 0 }))] });
		expect(bad.success).toBe(false);
		expect(bad.error?.issues[0].path.join('.')).toBe('changes.0.record.label');
		expect(syncRequestSchema.safeParse({ cursor: 'abc', changes: [] }).success).toBe(false);
		expect(syncRequestSchema.safeParse({ cursor: null, changes: [{ ...changeOf(record()), changeId: 'nope' }] }).success).toBe(false);
	});
});

describe.each(testDatabases())('inventory sync on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());

	it('stores new records and returns them with the server version and creator', async () => {
		handle = await open();
		const r = record();
		const res = await sync(handle.db, { cursor: null, changes: [changeOf(r)] }, 'tech1');
		expect(res.results).toEqual([expect.objectContaining({ id: r.id, status: 'applied', version: 1 })]);
		expect(res.changes).toEqual([{ ...r, partNumber: null, source: null, createdBy: 'tech1', version: 1 }]);
		expect(res.conflicts).toEqual([]);
	});

	it('keeps the part number of a bulk-scanned record', async () => {
		handle = await open();
		const r = record({ partNumber: 'BRK-0042' });
		const res = await sync(handle.db, { cursor: null, changes: [changeOf(r)] }, 'tech1');
		expect(res.changes[0].partNumber).toBe('BRK-0042');
	});

	it('keeps the document and page a finding came from, and pulls them back', async () => {
		handle = await open();
		const r = record({ source: { document: 'spec-brakes.pdf', page: 12 } });
		await sync(handle.db, { cursor: null, changes: [changeOf(r)] }, 'tech1');
		const pulled = await sync(handle.db, { cursor: null, changes: [] }, 'tech2');
		expect(pulled.changes.find((c) => c.id === r.id)?.source).toEqual({ document: 'spec-brakes.pdf', page: 12 });
	});

	it('is idempotent: resending the same change applies it once', async () => {
		handle = await open();
		const c = changeOf(record());
		await sync(handle.db, { cursor: null, changes: [c] }, 'tech1');
		const again = await sync(handle.db, { cursor: null, changes: [c] }, 'tech1');
		expect(again.results[0]).toMatchObject({ status: 'duplicate', version: 1 });
		expect(again.changes).toHaveLength(1);
		expect(again.changes[0].version).toBe(1);
	});

	it('pulls only what changed after the cursor, in pages', async () => {
		handle = await open();
		const first = await sync(handle.db, { cursor: null, changes: [changeOf(record()), changeOf(record())] }, 'tech1');
		const r3 = record();
		await sync(handle.db, { cursor: first.cursor, changes: [changeOf(r3)] }, 'tech2');
		const since = await pull(handle.db, first.cursor);
		expect(since.changes.map((c) => c.id)).toEqual([r3.id]);
		const page1 = await pull(handle.db, null, 2);
		expect(page1).toMatchObject({ more: true });
		const page2 = await pull(handle.db, page1.cursor, 2);
		expect(page2.more).toBe(false);
		expect([...page1.changes, ...page2.changes].map((c) => c.id)).toContain(r3.id);
		expect(page1.changes.length + page2.changes.length).toBe(3);
	});

	it('an edit from the current version applies without conflict', async () => {
		handle = await open();
		const r = record();
		await sync(handle.db, { cursor: null, changes: [changeOf(r)] }, 'tech1');
		const edited = { ...r, override: { label: 0 as const, reason: 'Certificate shows steel' }, updatedAt: '2026-11-01T11:00:00.000Z' };
		const res = await sync(handle.db, { cursor: null, changes: [changeOf(edited, 1)] }, 'tech2');
		expect(res.results[0]).toMatchObject({ status: 'applied', version: 2 });
		expect(res.conflicts).toEqual([]);
		expect(res.changes[0]).toMatchObject({ override: { label: 0 }, createdBy: 'tech1', version: 2 });
	});

	it('later edit wins a conflict; the loser is kept in history', async () => {
		handle = await open();
		const r = record();
		await sync(handle.db, { cursor: null, changes: [changeOf(r)] }, 'tech1');
		// Two devices edit version 1 offline; the one made later syncs first.
		const later = { ...r, description: 'later edit', updatedAt: '2026-11-01T12:00:00.000Z' };
		const earlier = { ...r, description: 'earlier edit', updatedAt: '2026-11-01T11:00:00.000Z' };
		await sync(handle.db, { cursor: null, changes: [changeOf(later, 1)] }, 'tech2');
		const res = await sync(handle.db, { cursor: null, changes: [changeOf(earlier, 1)] }, 'tech3');
		expect(res.results[0]).toMatchObject({ status: 'rejected', version: 2 });
		expect(res.conflicts[0]).toMatchObject({
			winner: 'server',
			current: { description: 'later edit' },
			loser: { description: 'earlier edit' }
		});
		const stored = await pull(handle.db, null);
		expect(stored.changes[0].description).toBe('later edit');
		const history = await handle.db.selectFrom('inventory_history').selectAll().execute();
		expect(history).toHaveLength(1);
		expect(JSON.parse(history[0].record).description).toBe('earlier edit');
	});

	it('a later stale edit replaces the server copy, which goes to history', async () => {
		handle = await open();
		const r = record();
		await sync(handle.db, { cursor: null, changes: [changeOf(r)] }, 'tech1');
		await sync(
			handle.db,
			{ cursor: null, changes: [changeOf({ ...r, description: 'first', updatedAt: '2026-11-01T11:00:00.000Z' }, 1)] },
			'tech2'
		);
		const res = await sync(
			handle.db,
			{ cursor: null, changes: [changeOf({ ...r, deleted: true, updatedAt: '2026-11-01T13:00:00.000Z' }, 1)] },
			'tech3'
		);
		expect(res.conflicts[0]).toMatchObject({ winner: 'client', loser: { description: 'first' } });
		expect(res.changes[0]).toMatchObject({ deleted: true, version: 3 });
		const history = await handle.db.selectFrom('inventory_history').select(['reason']).execute();
		expect(history).toEqual([{ reason: 'replaced' }]);
	});

	it('writes nothing when any change in the push fails', async () => {
		handle = await open();
		await sync(handle.db, { cursor: null, changes: [changeOf(record())] }, 'tech1');
		// A database failure half-way (NOT NULL violated by the second change) rolls back the first too.
		const broken = changeOf(record({ description: null as unknown as string }));
		const before = (await pull(handle.db, null)).changes.length;
		await expect(sync(handle.db, { cursor: null, changes: [changeOf(record()), broken] }, 'tech1')).rejects.toThrow();
		expect((await pull(handle.db, null)).changes.length).toBe(before);
	});
});
