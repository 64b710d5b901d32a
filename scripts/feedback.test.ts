import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import { recordInput } from '#tests/support/sync-records.ts';
import { openDatabase, type DatabaseHandle } from '#lib/server/db/connect.ts';
import type { Kysely } from 'kysely';
import type { Database } from '#lib/server/db/schema.ts';
import type { RecordInput } from '#lib/sync/protocol.ts';
import { sync } from '#lib/server/sync/sync.ts';
import { decide } from '#lib/server/review/store.ts';
import { feedbackRows } from '#lib/server/review/feedback-export.ts';
import { fieldPart } from '#lib/feedback/field-split.ts';
import { exportFeedback } from './feedback.ts';

const rec = (description: string, o: Partial<RecordInput> = {}) => recordInput({ description, ...o });

/** Reviews: a confirmed override, the same text again (other case and spacing) later, a correction, a rejection. */
async function seed(db: Kysely<Database>) {
	const a = rec('Iron bracket, built 2004, good condition', { override: { label: 1, reason: 'iron' } });
	const a2 = rec('iron  bracket, built 2004, GOOD condition', { override: { label: 1, reason: 'iron again' } });
	const b = rec('Steel hinge 1999 good', { label: 1, probability: 0.7 });
	const c = rec('see attached sheet', { needsReview: true });
	await sync(
		db,
		{ cursor: null, changes: [a, a2, b, c].map((record) => ({ changeId: crypto.randomUUID(), baseVersion: 0, record })) },
		'tech'
	);
	const o = { auditRate: 0 };
	await decide(db, a.id, { decision: 'confirm' }, 'ana', { ...o, now: Date.parse('2026-11-02T10:00:00Z') });
	await decide(db, b.id, { decision: 'correct', label: 0 }, 'ana', { ...o, now: Date.parse('2026-11-03T10:00:00Z') });
	await decide(db, a2.id, { decision: 'confirm' }, 'ana', { ...o, now: Date.parse('2026-11-04T10:00:00Z') });
	await decide(db, c.id, { decision: 'reject' }, 'ana', { ...o, now: Date.parse('2026-11-05T10:00:00Z') });
}

describe.each(testDatabases())('feedback export on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());

	it('exports labelled reviews once per normalized text (the latest), with their frozen part', async () => {
		handle = await open();
		await seed(handle.db);
		const { rows, duplicates } = await feedbackRows(handle.db);
		expect(duplicates).toBe(1);
		expect(rows).toEqual([
			{
				text: 'Steel hinge 1999 good',
				label: 0,
				source: fieldPart('Steel hinge 1999 good'),
				reviewed_at: '2026-11-03T10:00:00.000Z',
				model_version: 'v1'
			},
			{
				text: 'iron  bracket, built 2004, GOOD condition',
				label: 1,
				source: fieldPart('Iron bracket, built 2004, good condition'),
				reviewed_at: '2026-11-04T10:00:00.000Z',
				model_version: 'v1'
			}
		]);
		expect((await feedbackRows(handle.db, { since: Date.parse('2026-11-04T00:00:00Z') })).rows.map((r) => r.text)).toEqual([
			'iron  bracket, built 2004, GOOD condition'
		]);
	});
});

describe('npm run feedback -- export', () => {
	let dir: string;
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('writes the CSV from the database named by DATABASE_URL', async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'feedback-'));
		const file = path.join(dir, 'app.sqlite');
		const handle = await openDatabase({ dialect: 'sqlite', file });
		await seed(handle.db);
		await handle.close();
		const output = path.join(dir, 'field.csv');
		const result = await exportFeedback({ output, databaseUrl: `sqlite:${file}`, since: Date.parse('2026-11-01') });
		expect(result).toMatchObject({ rows: 2, duplicates: 1 });
		const text = readFileSync(output, 'utf8');
		expect(text.split('\n')[0]).toBe('text,label,source,reviewed_at,model_version');
		const parsed = parse(text, { columns: true }) as Record<string, string>[];
		expect(parsed.map((r) => [r.text, r.label])).toEqual([
			['Steel hinge 1999 good', '0'],
			['iron  bracket, built 2004, GOOD condition', '1']
		]);
	});
});
