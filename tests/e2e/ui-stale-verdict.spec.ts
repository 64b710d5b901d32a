/** Issue 13: a verdict belongs to its text; editing the text makes it out of date until classified again. */
import { expect, test } from '@playwright/test';
import { classify, openApp, serveModel } from './pwa-helpers.ts';

const MODEL = 'ui-stale-1';

test('editing the text after classifying marks the verdict out of date and blocks saving until re-classified', async ({
	page,
	context
}) => {
	await serveModel(context, MODEL);
	await openApp(page, '/');
	const tag = `stale${Date.now()}`;
	const first = `Steel bracket manufactured in 1998 in good condition ${tag}`;
	const second = `Iron gear manufactured in 1970 in poor condition ${tag}`;
	await classify(page, first);
	const save = page.getByRole('button', { name: 'Save to inventory' });
	await expect(save).toBeEnabled();

	await page.getByLabel('Component description').fill(second);
	await expect(page.getByTestId('verdict-stale')).toContainText('Out of date');
	await expect(save).toBeDisabled();
	await expect(page.getByRole('button', { name: 'Override label…' })).toBeDisabled();

	// Back to the classified text: the verdict is its own again.
	await page.getByLabel('Component description').fill(first);
	await expect(page.getByTestId('verdict-stale')).toHaveCount(0);
	await expect(save).toBeEnabled();

	await classify(page, second);
	await expect(page.getByTestId('verdict-stale')).toHaveCount(0);
	await expect(page.getByTestId('explanation')).toContainText('Iron gear');
	await save.click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved to the inventory' })).toBeVisible();

	// Only the pair that belongs together was stored.
	await page.getByRole('link', { name: 'Inventory' }).click();
	await page.getByRole('searchbox', { name: 'Search' }).fill(tag);
	await expect(page.getByTestId('inventory-item')).toHaveCount(1);
	await expect(page.getByTestId('inventory-item')).toContainText(second);
});
