import { afterEach, describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { testDatabases } from '#tests/support/databases.ts';
import { changeOf, recordInput } from '#tests/support/sync-records.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import type { AuthUser } from '../auth/users.ts';
import type { Role } from '../db/schema.ts';
import type { RecordInput } from '../../sync/protocol.ts';
import { pull, sync } from '../sync/sync.ts';
import { auditDraw, auditDrawSql, inAuditSample } from './audit-sample.ts';
import { decideReviewItem, listReviewItems, type ReviewDeps } from './http.ts';

const record = (o: Partial<RecordInput> = {}) => recordInput({ probability: 0.03, ...o });
const user = (role: Role, username = role === 'analyst' ? 'ana' : role): AuthUser => ({ id: username, username, role }) as AuthUser;

async function status(p: Promise<unknown>): Promise<{ status: number; message: string }> {
	try {
		await p;
	} catch (e) {
		if (isHttpError(e)) return { status: e.status, message: e.body.message };
		throw e;
	}
	return { status: 200, message: '' };
}

describe('audit sample', () => {
	it('is deterministic per id, close to the rate, and nested', () => {
		const ids = Array.from({ length: 20_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
		expect(ids.map(auditDraw)).toEqual(ids.map(auditDraw));
		const onePercent = ids.filter((id) => inAuditSample(id, 0.01)).length / ids.length;
		// Binomial(20000, 0.01): sd 0.0007; 5 sd either side.
		expect(onePercent).toBeGreaterThan(0.0065);
		expect(onePercent).toBeLessThan(0.0135);
		expect(ids.filter((id) => inAuditSample(id, 0.01)).every((id) => inAuditSample(id, 0.05))).toBe(true);
		expect(ids.some((id) => inAuditSample(id, 0))).toBe(false);
		expect(ids.every((id) => inAuditSample(id, 1))).toBe(true);
	});
});

describe.each(testDatabases())('review API on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());

	const list = (deps: ReviewDeps, who: AuthUser | null, query = 'status=pending') =>
		listReviewItems({ locals: { user: who }, url: new URL(`http://x/api/review?${query}`) } as never, deps);
	const post = (deps: ReviewDeps, who: AuthUser | null, id: string, body: unknown) =>
		decideReviewItem(
			{
				locals: { user: who },
				params: { id },
				request: new Request('http://x', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: typeof body === 'string' ? body : JSON.stringify(body)
				})
			} as never,
			deps
		);

	async function seed(auditRate = 0) {
		handle = await open();
		const deps: ReviewDeps = { db: handle.db, auditRate };
		const overridden = record({ label: 0, probability: 0.1, override: { label: 1, reason: 'iron bracket, the model missed it' } });
		const flagged = record({ needsReview: true, probability: 0.45 });
		const confident = record();
		await sync(handle.db, { cursor: null, changes: [overridden, flagged, confident].map((r) => changeOf(r)) }, 'tech');
		return { deps, overridden, flagged, confident };
	}

	it('draws the audit sample in the database: the same draw as auditDraw, exactly the sampled confident items', async () => {
		handle = await open();
		const records = Array.from({ length: 60 }, (_, i) => record({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }));
		await sync(handle.db, { cursor: null, changes: records.map((r) => changeOf(r)) }, 'tech');
		const draws = await handle.db
			.selectFrom('inventory')
			.select(['id', auditDrawSql(handle.db).as('draw')])
			.orderBy('id')
			.execute();
		for (const { id, draw } of draws) expect(Number(draw)).toBeCloseTo(auditDraw(id), 9);
		const rate = 0.3;
		const expected = records.filter((r) => inAuditSample(r.id, rate)).map((r) => r.id);
		expect(expected.length).toBeGreaterThan(5);
		const { items } = await list({ db: handle.db, auditRate: rate }, user('analyst'));
		expect(items.map((i) => i.id).sort()).toEqual(expected.sort());
		expect(new Set(items.map((i) => i.source))).toEqual(new Set(['audit']));
	});

	it('lists overrides and needs-review items; technicians get 403 and anonymous 401', async () => {
		const { deps, overridden, flagged } = await seed();
		const { items } = await list(deps, user('analyst'));
		expect(items.map((i) => [i.id, i.source])).toEqual([
			[overridden.id, 'override'],
			[flagged.id, 'needs-review']
		]);
		expect(items[0]).toMatchObject({
			description: overridden.description,
			label: 0,
			probability: 0.1,
			modelVersion: 'v1',
			needsReview: false,
			override: 1,
			reason: 'iron bracket, the model missed it',
			review: null
		});
		expect((await list(deps, user('admin'))).items).toHaveLength(2);
		expect(await status(list(deps, user('technician')))).toMatchObject({ status: 403 });
		expect(await status(list(deps, null))).toMatchObject({ status: 401 });
		expect(await status(post(deps, user('technician'), overridden.id, { decision: 'confirm' }))).toMatchObject({ status: 403 });
		expect(await status(list(deps, user('analyst'), 'status=maybe'))).toMatchObject({
			status: 400,
			message: expect.stringMatching(/^status:/)
		});
	});

	it('adds the audit sample of confident verdicts at the configured rate', async () => {
		const { deps, confident } = await seed(1);
		const { items } = await list(deps, user('analyst'));
		expect(items.find((i) => i.id === confident.id)?.source).toBe('audit');
	});

	it('records who decided, when and on which model version, and moves the item to decided', async () => {
		const { deps, overridden, flagged } = await seed();
		const { item } = await post(deps, user('analyst'), overridden.id, { decision: 'confirm', note: 'iron, so non-compliant' });
		expect(item.review).toMatchObject({
			decision: 'confirm',
			label: 1,
			note: 'iron, so non-compliant',
			reviewer: 'ana',
			modelVersion: 'v1'
		});
		expect(Date.now() - Date.parse(item.review!.reviewedAt)).toBeLessThan(60_000);
		await post(deps, user('admin'), flagged.id, { decision: 'correct', label: 1 });
		expect((await list(deps, user('analyst'))).items).toEqual([]);
		const decided = (await list(deps, user('analyst'), 'status=decided')).items;
		expect(decided.map((i) => [i.id, i.review?.label, i.review?.reviewer])).toEqual([
			[flagged.id, 1, 'admin'],
			[overridden.id, 1, 'ana']
		]);
	});

	it('validates decisions with clear messages and stores nothing for a bad one', async () => {
		const { deps, overridden } = await seed();
		const analyst = user('analyst');
		expect(await status(post(deps, analyst, overridden.id, { decision: 'correct' }))).toMatchObject({ status: 400, message: /label/ });
		expect(await status(post(deps, analyst, overridden.id, { decision: 'reject', label: 1 }))).toMatchObject({ status: 400 });
		expect(await status(post(deps, analyst, overridden.id, { decision: 'maybe' }))).toMatchObject({ status: 400, message: /^decision/ });
		expect(await status(post(deps, analyst, overridden.id, { decision: 'confirm', extra: 1 }))).toMatchObject({ status: 400 });
		expect(await status(post(deps, analyst, overridden.id, '{not json'))).toMatchObject({ status: 400 });
		// The item shows 1 (the override): "correct" to 1 contradicts, "confirm" with 0 too.
		expect(await status(post(deps, analyst, overridden.id, { decision: 'correct', label: 1 }))).toMatchObject({
			status: 400,
			message: /confirm/
		});
		expect(await status(post(deps, analyst, overridden.id, { decision: 'confirm', label: 0 }))).toMatchObject({
			status: 400,
			message: /correct/
		});
		expect(await status(post(deps, analyst, crypto.randomUUID(), { decision: 'confirm' }))).toMatchObject({ status: 404 });
		expect((await list(deps, analyst, 'status=decided')).items).toEqual([]);
		// Reject keeps the item out of the labels.
		const { item } = await post(deps, analyst, overridden.id, { decision: 'reject', note: 'two parts in one line' });
		expect(item.review).toMatchObject({ decision: 'reject', label: null });
	});

	it('syncs the review back to devices, and an edited description is pending again', async () => {
		const { deps, overridden } = await seed();
		const before = await pull(handle.db, null);
		await post(deps, user('analyst'), overridden.id, { decision: 'correct', label: 0 });
		const after = await pull(handle.db, before.cursor);
		expect(after.changes).toHaveLength(1);
		expect(after.changes[0]).toMatchObject({ id: overridden.id, version: 1, review: { decision: 'correct', label: 0, reviewer: 'ana' } });
		// A technician edits the text: the review no longer applies to it.
		const edited = { ...overridden, description: 'Iron bracket made 1990, poor', updatedAt: '2026-11-02T10:00:00.000Z' };
		const res = await sync(handle.db, { cursor: after.cursor, changes: [changeOf(edited, 1)] }, 'tech');
		expect(res.changes[0].review).toBeUndefined();
		expect((await list(deps, user('analyst'))).items.map((i) => i.id)).toContain(overridden.id);
	});

	it('a new override after the review makes the item pending again', async () => {
		const { deps, flagged } = await seed();
		await post(deps, user('analyst'), flagged.id, { decision: 'confirm' });
		expect((await list(deps, user('analyst'), 'status=decided')).items.map((i) => i.id)).toEqual([flagged.id]);
		const overridden = { ...flagged, override: { label: 0 as const, reason: 'plain steel' }, updatedAt: '2026-11-02T10:00:00.000Z' };
		const res = await sync(handle.db, { cursor: null, changes: [changeOf(overridden, 1)] }, 'tech');
		expect(res.changes.find((c) => c.id === flagged.id)?.review).toBeUndefined();
		expect((await list(deps, user('analyst'), 'status=decided')).items).toEqual([]);
		expect((await list(deps, user('analyst'))).items.find((i) => i.id === flagged.id)?.source).toBe('override');
	});
});
