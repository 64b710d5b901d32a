/** Bulk scan: 2,000 rows from a CSV file in the worker, progress, results, save all; cancel. */
import { expect, test } from '@playwright/test';
import { descriptions } from './inference-bundles.ts';
import { adminApi, openApp, serveModel, serverInventory } from './pwa-helpers.ts';

const MODEL = 'pwa-bulk-1';
const ROWS = 2000;

function csvOf(texts: string[]): string {
	return 'id,text,notes\n' + texts.map((t, i) => `B-${i + 1},"${t.replaceAll('"', '""')}",x`).join('\n') + '\n';
}

test('classify 2,000 rows with progress, non-compliant first, then save them all', async ({ page, context }) => {
	test.setTimeout(180_000);
	await serveModel(context, MODEL);
	await openApp(page, '/bulk');
	const tag = `bulk${Date.now()}`;
	const texts = descriptions(ROWS, 5).map((t, i) => `${t} ${tag}-${i}`);

	await page.getByLabel(/CSV file/).setInputFiles({ name: 'scan.csv', mimeType: 'text/csv', buffer: Buffer.from(csvOf(texts)) });
	await expect(page.getByText(`scan.csv: ${ROWS} rows`)).toBeVisible();
	await page.getByRole('button', { name: 'Classify all' }).click();
	const progress = page.getByRole('progressbar', { name: 'Bulk scan progress' });
	await expect(progress).toBeVisible();
	await expect(page.getByTestId('bulk-status')).toHaveText(/^Done: 2000 rows, \d+ non-compliant\./, { timeout: 120_000 });
	await expect(progress).toHaveAttribute('value', String(ROWS));

	// The page stays responsive and renders one page of the table, non-compliant first.
	const rows = page.getByTestId('bulk-results').locator('tbody tr');
	await expect(rows).toHaveCount(100);
	const labels = await page
		.getByTestId('bulk-results')
		.locator('tbody tr')
		.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-label'))));
	expect([...labels].sort((a, b) => b - a)).toEqual(labels);
	await expect(page.getByText('Page 1 of 20')).toBeVisible();

	await page.getByRole('button', { name: 'Save all to inventory' }).click();
	await expect(page.getByTestId('bulk-status')).toHaveText(`Saved ${ROWS} components to the inventory.`, { timeout: 60_000 });
	await expect(page.getByTestId('pending-sync')).toHaveText(/^0 changes to sync/, { timeout: 60_000 });
	const api = await adminApi();
	expect((await serverInventory(api)).filter((r) => r.description.includes(tag))).toHaveLength(ROWS);
	await api.dispose();
});

test('a bulk scan can be cancelled and keeps the page usable', async ({ page, context }) => {
	await serveModel(context, MODEL);
	await openApp(page, '/bulk');
	await page.getByLabel('Or paste descriptions, one per line').fill(
		descriptions(ROWS, 6)
			.map((t) => t.replaceAll('\n', ' '))
			.join('\n')
	);
	await page.getByRole('button', { name: 'Classify all' }).click();
	await page.getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByTestId('bulk-status')).toHaveText(new RegExp(`^Cancelled after \\d+ of ${ROWS} rows\\.`), { timeout: 30_000 });
	const done = Number((await page.getByTestId('bulk-status').textContent())!.match(/after (\d+)/)![1]);
	expect(done).toBeLessThan(ROWS);
	// Nothing was saved, and a new scan can start.
	await expect(page.getByTestId('pending-sync')).toHaveText(/^0 changes to sync/);
	await expect(page.getByRole('button', { name: 'Classify all' })).toBeEnabled();
});
