/**
 * Issue 16: the device re-scan keeps its place. The run's cursor and status live in
 * IndexedDB; this spec puts a run there as a reload would find it (stopped, or running,
 * part-way through the inventory) and shows that the app continues from the cursor: items
 * before it are left alone, items after it get the new model's verdict and are listed.
 * A tiny real model serves (tests/e2e/inference-bundles.ts); items are labelled the
 * opposite of its verdict, so every item it visits must flip.
 */
import { expect, test, type Page } from '@playwright/test';
import { descriptions } from './inference-bundles.ts';
import { inferenceWorker } from './inference-page.ts';
import { openApp, serveModel } from './pwa-helpers.ts';
import type { InventoryItem } from '#lib/storage/schema.ts';
import type { RescanRun } from '#lib/storage/meta.ts';

const MODEL = 'rescan-resume-1';
const OLD = 'rescan-resume-0';

/** Writes items and the run straight into the app's database (as a reload finds them). */
async function putState(page: Page, items: InventoryItem[], run: RescanRun): Promise<void> {
	await page.evaluate(
		({ items, run }) =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('compliance-app');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(['inventory', 'meta', 'rescan', 'outbox'], 'readwrite');
					tx.objectStore('rescan').clear();
					tx.objectStore('outbox').clear();
					for (const item of items) tx.objectStore('inventory').put(item);
					tx.objectStore('meta').put(run, 'rescanRun');
					tx.oncomplete = () => (db.close(), resolve());
					tx.onerror = () => reject(tx.error);
				};
			}),
		{ items, run }
	);
}

async function storedItems(page: Page, ids: string[]): Promise<{ label: number; modelVersion: string }[]> {
	return page.evaluate(
		(ids) =>
			new Promise((resolve, reject) => {
				const open = indexedDB.open('compliance-app');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const store = db.transaction('inventory').objectStore('inventory');
					const out: { label: number; modelVersion: string }[] = [];
					let left = ids.length;
					ids.forEach((id, i) => {
						const get = store.get(id);
						get.onsuccess = () => {
							out[i] = { label: get.result.label, modelVersion: get.result.modelVersion };
							if (--left === 0) (db.close(), resolve(out));
						};
					});
				};
			}),
		ids
	);
}

test('a re-scan stopped or interrupted part-way continues from its cursor after a reload', async ({ page, context }) => {
	await serveModel(context, MODEL);
	// Only this spec's six items on the device: the shared test server's team inventory
	// (other specs' items) is not pulled in.
	await context.route('**/api/sync', (route) => route.abort());
	await openApp(page, '/');
	const texts = descriptions(6, 5).map((t, i) => `${t} rescan${i}`);
	const verdicts = (await (await inferenceWorker(page)).classify(texts)).map((v) => v.label);
	const ids = texts.map(() => crypto.randomUUID()).sort();
	const now = new Date().toISOString();
	const items = (): InventoryItem[] =>
		texts.map((description, i) => ({
			id: ids[i],
			description,
			partNumber: null,
			label: (1 - verdicts[i]) as 0 | 1,
			probability: 1 - verdicts[i],
			modelVersion: OLD,
			needsReview: false,
			reviewReasons: [],
			override: null,
			createdBy: 'tech',
			createdAt: now,
			updatedAt: now,
			deleted: false,
			version: 0,
			eventId: null,
			tokenCount: 8,
			oovCount: 0
		}));
	const run = (status: RescanRun['status'], done: number): RescanRun => ({
		model: MODEL,
		previous: OLD,
		status,
		cursor: ids[done - 1],
		total: 6,
		done,
		toNonCompliant: 0,
		toCompliant: 0,
		disagreeWithHuman: 0,
		startedAt: now,
		finishedAt: null,
		reported: false
	});
	const flips = (from: number) => {
		const after = verdicts.slice(from);
		return `Changed by the new model: ${after.filter((l) => l === 1).length} now non-compliant, ${after.filter((l) => l === 0).length} now compliant.`;
	};

	// Cancelled after 3 of 6: the app says so, and Continue does the other three only.
	await putState(page, items(), run('cancelled', 3));
	await page.goto('/inventory');
	await expect(page.getByTestId('rescan-progress')).toContainText('Re-scan stopped at 3 of 6');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByTestId('rescan-summary')).toHaveText(flips(3));
	expect(await storedItems(page, ids)).toEqual(
		texts.map((_, i) => (i < 3 ? { label: 1 - verdicts[i], modelVersion: OLD } : { label: verdicts[i], modelVersion: MODEL }))
	);
	await page.getByRole('button', { name: 'Show the 3 changed items' }).click();
	await expect(page.getByTestId('rescan-change')).toHaveCount(3);

	// Running at 5 of 6 when the tab went away: the reload resumes by itself, with the last item.
	await putState(page, items(), run('running', 5));
	await page.reload();
	await expect(page.getByTestId('rescan-summary')).toHaveText(flips(5));
	expect(await storedItems(page, ids)).toEqual(
		texts.map((_, i) => (i < 5 ? { label: 1 - verdicts[i], modelVersion: OLD } : { label: verdicts[i], modelVersion: MODEL }))
	);
	await expect(page.getByTestId('rescan-progress')).toHaveCount(0);
});
