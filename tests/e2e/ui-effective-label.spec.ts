/** Issue 13: after an override the effective label is shown everywhere, marked as overridden. */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { classify, openApp, overrideVerdict, serveModel, uniqueDescription } from './pwa-helpers.ts';

const MODEL = 'ui-effective-1';

test('an override changes the heading, the inventory and the CSV export, each marked with what the model said', async ({
	page,
	context
}) => {
	await serveModel(context, MODEL);
	await openApp(page, '/');
	const tag = `eff${Date.now()}`;
	const text = uniqueDescription(tag);
	await classify(page, text);
	const verdict = page.getByTestId('verdict');
	const modelSaid = (await verdict.getAttribute('data-label')) === '1' ? 'Non-compliant' : 'Compliant';
	const other = modelSaid === 'Compliant' ? 'Non-compliant' : 'Compliant';

	await page.getByRole('button', { name: 'Save to inventory' }).click();
	await overrideVerdict(page, other, 'Supplier certificate');

	// The big heading says what counts now, and that the model said otherwise.
	await expect(verdict.getByRole('heading')).toHaveText(`${other} (overridden; model said ${modelSaid})`);

	await page.getByRole('link', { name: 'Inventory' }).click();
	await page.getByRole('searchbox', { name: 'Search' }).fill(tag);
	const item = page.getByTestId('inventory-item');
	await expect(item).toHaveCount(1);
	await expect(item.getByTestId('item-label')).toHaveText(other);
	await expect(item.getByTestId('item-override')).toHaveText(`overridden; model said ${modelSaid}`);

	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export CSV' }).click();
	const rows = parse(await readFile(await (await download).path()), { bom: true, columns: true }) as Record<string, string>[];
	expect(rows).toHaveLength(1);
	expect(rows[0]).toMatchObject({
		description: text,
		label: other.toLowerCase(),
		model_label: modelSaid.toLowerCase(),
		overridden: 'yes',
		override_reason: 'Supplier certificate'
	});
});
