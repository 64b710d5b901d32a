/** Inventory: save, search, filter, edit (re-classifies), delete (synced tombstone), CSV export. */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { adminApi, classify, openApp, serveModel, serverInventory } from './pwa-helpers.ts';

const MODEL = 'pwa-inventory-1';

async function saveNew(page: Page, text: string) {
	await classify(page, text);
	await page.getByRole('button', { name: 'Save to inventory' }).click();
	await expect(page.getByRole('button', { name: 'Saved' })).toBeDisabled();
}

test('save, search, filter, edit, delete and export the inventory', async ({ page, context }) => {
	await serveModel(context, MODEL);
	await openApp(page, '/');
	const tag = `inv${Date.now()}`;
	const texts = [`Steel bracket 1999 good ${tag}`, `Plastic cap 1980 poor ${tag}`, `=HYPERLINK("x") iron pipe ${tag}`];
	for (const t of texts) await saveNew(page, t);

	await page.getByRole('link', { name: 'Inventory' }).click();
	// Other devices' components arrive by sync too: look at this spec's own.
	await page.getByRole('searchbox', { name: 'Search' }).fill(tag);
	await expect(page.getByTestId('inventory-item')).toHaveCount(3);

	await page.getByRole('searchbox', { name: 'Search' }).fill(`plastic ${tag}`);
	await expect(page.getByTestId('inventory-item')).toHaveCount(1);
	await expect(page.getByTestId('inventory-item')).toContainText('Plastic cap 1980 poor');
	await page.getByRole('searchbox', { name: 'Search' }).fill(tag);

	// Label filter: the counts of both labels add up to all items.
	const label = page.getByRole('combobox', { name: 'Label' });
	await label.selectOption('0');
	const compliant = await page.getByTestId('inventory-item').count();
	await label.selectOption('1');
	const nonCompliant = await page.getByTestId('inventory-item').count();
	expect(compliant + nonCompliant).toBe(3);
	await label.selectOption('all');

	// Edit: a new description is classified again.
	const row = page.getByTestId('inventory-item').filter({ hasText: 'Steel bracket 1999 good' });
	await row.getByRole('button', { name: /^Edit/ }).click();
	await page.getByLabel('Description', { exact: true }).fill(`Iron gear 1970 poor ${tag}`);
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page.getByTestId('inventory-item').filter({ hasText: `Iron gear 1970 poor ${tag}` })).toHaveCount(1);
	await expect(page.getByTestId('inventory-item').filter({ hasText: 'Steel bracket 1999 good' })).toHaveCount(0);

	// Export: proper quoting, formula neutralised.
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
	const csv = await readFile((await download.path())!, 'utf8');
	expect(csv.split('\r\n')[0]).toContain('id,description,label');
	expect(csv).toContain(`"'=HYPERLINK(""x"") iron pipe ${tag}"`);

	// Delete: gone here, and a tombstone on the server after sync.
	const doomed = page.getByTestId('inventory-item').filter({ hasText: 'Plastic cap 1980 poor' });
	const doomedId = await doomed.getAttribute('data-id');
	await doomed.getByRole('button', { name: /^Delete/ }).click();
	await doomed.getByRole('button', { name: 'Confirm delete' }).click();
	await expect(page.getByTestId('inventory-item')).toHaveCount(2);

	await expect(page.getByTestId('pending-sync')).toHaveText(/^0 changes to sync/, { timeout: 20_000 });
	const api = await adminApi();
	const mine = (await serverInventory(api)).filter((r) => r.description.includes(tag));
	expect(mine).toHaveLength(3);
	expect(mine.find((r) => r.id === doomedId)?.deleted).toBe(true);
	expect(
		mine
			.filter((r) => !r.deleted)
			.map((r) => r.description)
			.sort()
	).toEqual([`=HYPERLINK("x") iron pipe ${tag}`, `Iron gear 1970 poor ${tag}`].sort());
	await api.dispose();

	// It survives a reload (IndexedDB).
	await page.reload();
	await page.getByRole('searchbox', { name: 'Search' }).fill(tag);
	await expect(page.getByTestId('inventory-item')).toHaveCount(2);
});
