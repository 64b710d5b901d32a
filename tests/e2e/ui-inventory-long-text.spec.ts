/** Issue 13: editing an inventory item never cuts a long description silently: a counter, a message, and Save waits. */
import { expect, test } from '@playwright/test';
import { classify, openApp, serveModel } from './pwa-helpers.ts';

test('an inventory edit over 2,000 characters is kept, counted and explained', async ({ page, context }) => {
	test.setTimeout(90_000);
	await serveModel(context, 'ui-inv-long-1');
	await openApp(page, '/');
	const tag = `long${Date.now()}`;
	await classify(page, `Steel bracket manufactured in 1998 in good condition ${tag}`);
	await page.getByRole('button', { name: 'Save to inventory' }).click();
	await page.getByRole('link', { name: 'Inventory' }).click();
	await page.getByRole('searchbox', { name: 'Search' }).fill(tag);
	const item = page.getByTestId('inventory-item');
	await expect(item).toHaveCount(1);
	await item.getByRole('button', { name: /^Edit/ }).click();

	const box = item.getByLabel('Description');
	const long = `Iron gear 1970 poor ${tag} `.repeat(80).slice(0, 2050);
	await box.fill(long);
	await expect(box).toHaveValue(long);
	await expect(item.getByTestId('char-count')).toHaveText(`${long.trim().length.toLocaleString('en')} / 2,000 characters`);
	await expect(item.getByTestId('too-long')).toContainText(`Shorten it by ${long.trim().length - 2000} characters`);
	await expect(item.getByRole('button', { name: 'Save' })).toBeDisabled();

	const fits = `Iron gear manufactured in 1970 in poor condition ${tag}`;
	await box.fill(fits);
	await expect(item.getByTestId('too-long')).toHaveCount(0);
	await item.getByRole('button', { name: 'Save' }).click();
	await expect(item.getByTestId('item-label')).toBeVisible();
	await expect(item).toContainText(fits);
	// Focus goes back to the item's Edit button, not lost with the form.
	await expect(item.getByRole('button', { name: /^Edit/ })).toBeFocused();
});
