/**
 * Issue 13: a bulk scan keeps the CSV's id as the item's part number (searchable, exported,
 * on the server), says which rows it skipped and why, and asks before saving rows twice.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { adminApi, openApp, serveModel, serverInventory } from './pwa-helpers.ts';

const MODEL = 'ui-bulk-part-1';

async function scan(page: Page, csv: string) {
	await page.getByLabel(/CSV file/).setInputFiles({ name: 'parts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
	await page.getByRole('button', { name: 'Classify all' }).click();
	await expect(page.getByTestId('bulk-status')).toHaveText(/^Done: 3 rows/, { timeout: 60_000 });
}

test('part numbers survive a bulk scan, empty rows are reported, and a second save asks about duplicates', async ({ page, context }) => {
	test.setTimeout(120_000);
	await serveModel(context, MODEL);
	await openApp(page, '/bulk');
	const tag = `pn${Date.now()}`;
	const csv = [
		'id,text,notes',
		`${tag}-1,Steel bracket manufactured in 1998 in good condition,x`,
		`${tag}-2,,missing`,
		`${tag}-3,Iron gear manufactured in 1970 in poor condition,y`,
		`${tag}-4,Plastic cap manufactured in 2001 in new condition,z`
	].join('\n');
	await scan(page, csv);
	const skipped = page.getByTestId('bulk-skipped');
	await expect(skipped).toContainText('1 row skipped');
	await expect(skipped).toContainText(`no description in the "text" column: row 2 (id ${tag}-2)`);
	await expect(page.getByTestId('bulk-results').getByRole('cell', { name: `${tag}-3`, exact: true })).toBeVisible();

	await page.getByRole('button', { name: 'Save all to inventory' }).click();
	await expect(page.getByTestId('bulk-status')).toHaveText('Saved 3 components to the inventory.');

	// Searchable by part number in the inventory, and exported with it.
	await page.getByRole('link', { name: 'Inventory' }).click();
	await page.getByRole('searchbox', { name: 'Search' }).fill(`${tag}-3`);
	await expect(page.getByTestId('inventory-item')).toHaveCount(1);
	await expect(page.getByTestId('item-part')).toHaveText(`Part ${tag}-3`);
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export CSV' }).click();
	const rows = parse(await readFile(await (await download).path()), { bom: true, columns: true }) as Record<string, string>[];
	expect(rows.map((r) => r.part_number)).toEqual([`${tag}-3`]);

	// The same rows again: the app asks, and "skip duplicates" saves nothing twice.
	await page.getByRole('link', { name: 'Bulk scan' }).click();
	await scan(page, csv);
	await page.getByRole('button', { name: 'Save all to inventory' }).click();
	await expect(page.getByTestId('bulk-duplicates')).toContainText('3 of 3 rows are already in the inventory');
	await page.getByRole('button', { name: /Skip duplicates/ }).click();
	await expect(page.getByTestId('bulk-status')).toHaveText('Saved 0 components to the inventory. 3 already there were skipped.');

	await expect(page.getByTestId('pending-sync')).toHaveText(/^0 changes to sync/, { timeout: 30_000 });
	const api = await adminApi();
	const stored = (await serverInventory(api)).filter((r) => r.partNumber?.startsWith(tag));
	expect(stored.map((r) => r.partNumber).sort()).toEqual([`${tag}-1`, `${tag}-3`, `${tag}-4`]);
	await api.dispose();
});

test('"save anyway" stores the same rows a second time when the user wants that', async ({ page, context }) => {
	await serveModel(context, MODEL);
	await openApp(page, '/bulk');
	const tag = `again${Date.now()}`;
	const csv = ['id,text', `${tag}-1,Steel pipe 1999 good`, `${tag}-2,Iron gear 1970 poor`, `${tag}-3,Steel bracket 2005 new`].join('\n');
	await scan(page, csv);
	await page.getByRole('button', { name: 'Save all to inventory' }).click();
	await expect(page.getByTestId('bulk-status')).toHaveText('Saved 3 components to the inventory.');
	await scan(page, csv);
	await page.getByRole('button', { name: 'Save all to inventory' }).click();
	await page.getByRole('button', { name: 'Save all anyway' }).click();
	await expect(page.getByTestId('bulk-status')).toHaveText('Saved 3 components to the inventory.');
	await page.getByRole('link', { name: 'Inventory' }).click();
	await page.getByRole('searchbox', { name: 'Search' }).fill(tag);
	await expect(page.getByTestId('inventory-item')).toHaveCount(6);
});
