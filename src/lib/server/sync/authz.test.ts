/**
 * Record-level authorization on a shared inventory: every change is attributed in the
 * audit trail, and the stored verdict is the server's own model's (the repository's
 * champion, run by the real onnxruntime), never the device's claim.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import { changeOf, recordInput } from '#tests/support/sync-records.ts';
import { loadNodeClassifier } from '#lib/inference/load-node.ts';
import type { Classifier } from '#lib/inference/classifier.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import type { RecordInput } from '../../sync/protocol.ts';
import { auditOf } from '../audit/audit.ts';
import { pull, sync } from './sync.ts';
import { CLAIM_OVERRIDE_REASON } from './verify.ts';

let model: Classifier;
beforeAll(async () => {
	model = await loadNodeClassifier({ modelsDir: 'models' });
});

const NON_COMPLIANT = 'Lead solder joint in brass fitting, made 1987, surface shows oxidation';
const COMPLIANT = 'Stainless steel bracket made in 2021, RoHS certificate on file';

const record = (o: Partial<RecordInput> = {}) => recordInput({ description: COMPLIANT, modelVersion: model.version, ...o });

describe.each(testDatabases())('record-level authorization on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());

	it("technician B's change to A's item is applied and attributed to B in the audit", async () => {
		handle = await open();
		const r = record();
		const created = await sync(handle.db, { cursor: null, changes: [changeOf(r)] }, 'alice', model);
		const edited = { ...r, description: NON_COMPLIANT, updatedAt: '2026-11-01T11:00:00.000Z' };
		await sync(handle.db, { cursor: created.cursor, changes: [changeOf(edited, 1)] }, 'bob', model);
		const deleted = { ...edited, deleted: true, updatedAt: '2026-11-01T12:00:00.000Z' };
		await sync(handle.db, { cursor: null, changes: [changeOf(deleted, 2)] }, 'bob', model);
		const trail = await auditOf(handle.db, r.id);
		expect(trail.map((t) => [t.actor, t.action])).toEqual([
			['alice', 'create'],
			['bob', 'update'],
			['bob', 'delete']
		]);
		expect(trail[0].before).toBeNull();
		expect(trail[1].before).toMatchObject({ description: COMPLIANT, createdBy: 'alice', version: 1 });
		expect(trail[1].after).toMatchObject({ description: NON_COMPLIANT, createdBy: 'alice', version: 2 });
		expect(trail[1].note).toContain('Item created by alice');
		expect(trail[2].after).toMatchObject({ deleted: true, version: 3 });
		for (const t of trail) expect(Date.parse(t.at)).toBeGreaterThan(Date.now() - 60_000);
		// Still alice's item; the feed shows the change.
		expect((await pull(handle.db, null)).changes[0]).toMatchObject({ createdBy: 'alice', deleted: true });
	});

	it('a stale edit that loses is refused, kept in history and audited as rejected', async () => {
		handle = await open();
		const r = record();
		await sync(handle.db, { cursor: null, changes: [changeOf(r)] }, 'alice', model);
		await sync(
			handle.db,
			{ cursor: null, changes: [changeOf({ ...r, updatedAt: '2026-11-01T12:00:00.000Z', deleted: true }, 1)] },
			'alice',
			model
		);
		const res = await sync(
			handle.db,
			{ cursor: null, changes: [changeOf({ ...r, updatedAt: '2026-11-01T11:00:00.000Z' }, 1)] },
			'bob',
			model
		);
		expect(res.results[0].status).toBe('rejected');
		const trail = await auditOf(handle.db, r.id);
		expect(trail.at(-1)).toMatchObject({ actor: 'bob', action: 'rejected', after: null });
	});

	it("stores the server's verdict, not the label and probability a device claims", async () => {
		handle = await open();
		const [truth] = await model.classify([NON_COMPLIANT]);
		// A device on the same model version claims the opposite label with a made-up probability.
		const forged = record({ description: NON_COMPLIANT, label: (1 - truth.label) as 0 | 1, probability: 0.01 });
		const res = await sync(handle.db, { cursor: null, changes: [changeOf(forged)] }, 'mallory', model);
		const stored = res.changes[0];
		expect(stored.label).toBe(truth.label);
		expect(stored.probability).toBeCloseTo(truth.probability, 5);
		expect(stored.modelVersion).toBe(model.version);
		// The claim survives only as mallory's attributed override.
		expect(stored.override).toEqual({ label: forged.label, reason: CLAIM_OVERRIDE_REASON });
		const [entry] = await auditOf(handle.db, forged.id);
		expect(entry.after).toMatchObject({ overrideBy: 'mallory', verified: true, label: truth.label });
		expect(entry.note).toContain("kept as mallory's override");
	});

	it("a device on an older model is not rejected: the server's verdict is stored, no override invented", async () => {
		handle = await open();
		const [truth] = await model.classify([NON_COMPLIANT]);
		const old = record({ description: NON_COMPLIANT, label: (1 - truth.label) as 0 | 1, probability: 0.4, modelVersion: 'older-model' });
		const res = await sync(handle.db, { cursor: null, changes: [changeOf(old)] }, 'alice', model);
		expect(res.results[0].status).toBe('applied');
		expect(res.changes[0]).toMatchObject({ label: truth.label, modelVersion: model.version, override: null });
		const [entry] = await auditOf(handle.db, old.id);
		expect(entry.note).toContain('model older-model');
		// A user's own override on the older model is kept and attributed.
		const overridden = {
			...old,
			override: { label: 0 as const, reason: 'Certificate shows no lead' },
			updatedAt: '2026-11-01T11:00:00.000Z'
		};
		const res2 = await sync(handle.db, { cursor: null, changes: [changeOf(overridden, 1)] }, 'bob', model);
		expect(res2.changes[0]).toMatchObject({ label: truth.label, override: { label: 0, reason: 'Certificate shows no lead' } });
		expect((await auditOf(handle.db, old.id))[1].after).toMatchObject({ overrideBy: 'bob' });
	});

	it("without a loaded model the device's verdict is stored and marked unverified", async () => {
		handle = await open();
		const r = record({ label: 1, probability: 0.77 });
		const res = await sync(handle.db, { cursor: null, changes: [changeOf(r)] }, 'alice', null);
		expect(res.changes[0]).toMatchObject({ label: 1, probability: 0.77 });
		const [entry] = await auditOf(handle.db, r.id);
		expect(entry.after).toMatchObject({ verified: false });
		expect(entry.note).toContain('unverified');
	});
});
