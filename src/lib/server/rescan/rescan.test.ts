import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import type { Classifier } from '#lib/inference/classifier.ts';
import type { Classification } from '#lib/inference/types.ts';
import { rescanEvent } from '#lib/telemetry/factory.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { storeEvents } from '../telemetry/ingest.ts';
import { deviceRescanCounts } from './device-counts.ts';
import { rescanInventory } from './runner.ts';
import { latestReport } from './store.ts';

/** A stand-in champion: "non-compliant" exactly when the text says "1997" (the new rule's flip). */
function champion(version: string, seen: string[], failAfter = Infinity): Classifier {
	let calls = 0;
	return {
		version,
		manifest: { regulation: { id: 'cutoff-2000-fair', title: 'test' } },
		async classify(texts: readonly string[]): Promise<Classification[]> {
			if (++calls > failAfter) throw new Error('process killed');
			seen.push(...texts);
			return texts.map((t) => ({ label: t.includes('1997') ? 1 : 0, probability: 0.5, model: version }) as Classification);
		}
	} as unknown as Classifier;
}

async function addRecord(
	handle: DatabaseHandle,
	id: string,
	description: string,
	label: 0 | 1,
	extra: { override_label?: number; deleted?: number } = {}
) {
	await handle.db
		.insertInto('inventory')
		.values({
			id,
			description,
			part_number: null,
			label,
			probability: label,
			model_version: 'old',
			needs_review: 0,
			override_label: extra.override_label ?? null,
			override_reason: extra.override_label === undefined ? null : 'checked by hand',
			created_by: 'u1',
			created_at: 1,
			updated_at: 1,
			deleted: extra.deleted ?? 0,
			version: 1,
			seq: 1
		})
		.execute();
}

describe.each(testDatabases())('server re-scan on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());

	it('lists the records whose label changes, both ways, once per model; a human label counts as the label', async () => {
		handle = await open();
		await addRecord(handle, 'a', 'steel bracket, 1997, good condition', 0);
		await addRecord(handle, 'b', 'carbon fibre hood, 2012, fair condition', 1);
		await addRecord(handle, 'c', 'steel hood, 2010, good condition', 0);
		await addRecord(handle, 'd', 'steel rail, 1997, good condition', 0, { override_label: 1 });
		await addRecord(handle, 'e', 'steel pin, 1997, good condition', 0, { deleted: 1 });
		const seen: string[] = [];
		const lines: string[] = [];
		await rescanInventory(handle.db, champion('new', seen), { previousModel: 'old', batch: 2, log: (l) => lines.push(l) });

		const report = await latestReport(handle.db);
		expect(report).toMatchObject({ model: 'new', regulation: 'cutoff-2000-fair', total: 4 });
		expect(report!.finishedAt).not.toBeNull();
		expect(report!.changed).toEqual([
			{ id: 'a', from: 0, to: 1 },
			{ id: 'b', from: 1, to: 0 }
		]);
		expect(lines.some((l) => /4 of 4 records/.test(l))).toBe(true);

		// Idempotent: the same champion again classifies nothing.
		const again: string[] = [];
		await rescanInventory(handle.db, champion('new', again), { previousModel: 'old', log: () => {} });
		expect(again).toEqual([]);
		expect(seen).toHaveLength(4);
	});

	it('resumes after an interruption without classifying a record twice', async () => {
		handle = await open();
		for (const [i, year] of ['1990', '1997', '2005', '1997'].entries()) await addRecord(handle, `r${i}`, `steel part ${year}`, 0);
		const first: string[] = [];
		await expect(rescanInventory(handle.db, champion('v2', first, 1), { previousModel: 'v1', batch: 2, log: () => {} })).rejects.toThrow(
			/killed/
		);
		expect((await latestReport(handle.db))?.finishedAt).toBeNull();

		const second: string[] = [];
		await rescanInventory(handle.db, champion('v2', second), { previousModel: 'v1', batch: 2, log: () => {} });
		expect([...first, ...second].sort()).toEqual(['steel part 1990', 'steel part 1997', 'steel part 1997', 'steel part 2005']);
		const report = await latestReport(handle.db);
		expect(report?.changed.map((c) => c.id)).toEqual(['r1', 'r3']);
		expect(report?.finishedAt).not.toBeNull();
	});

	it("stores devices' re-scan counts from telemetry (counts only, a resend once) and sums them per model", async () => {
		handle = await open();
		const source = { appVersion: '0.1.0', backend: 'wasm' as const, threads: 2 };
		const counts = {
			modelVersion: 'v2',
			previousModelVersion: 'v1',
			total: 10,
			toNonCompliant: 2,
			toCompliant: 1,
			disagreeWithHuman: 1,
			durationMs: 800
		};
		const one = rescanEvent(source, counts);
		const two = rescanEvent(source, { ...counts, total: 5, toNonCompliant: 1, toCompliant: 0, disagreeWithHuman: 0 });
		expect(await storeEvents(handle.db, [one, two])).toEqual({ accepted: 2, duplicates: 0 });
		expect(await storeEvents(handle.db, [one])).toEqual({ accepted: 0, duplicates: 1 });
		expect(await deviceRescanCounts(handle.db)).toEqual([
			expect.objectContaining({ model: 'v2', devices: 2, items: 15, toNonCompliant: 3, toCompliant: 1, disagreeWithHuman: 1 })
		]);
	});
});
