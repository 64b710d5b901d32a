/** Issue 13: on a phone the bulk results table scrolls sideways inside its own box; the page does not. */
import { expect, test } from '@playwright/test';
import { openApp, serveModel } from './pwa-helpers.ts';

test.use({ viewport: { width: 390, height: 844 } });

test('the bulk results table scrolls in its own box on a phone', async ({ page, context }) => {
	test.setTimeout(90_000);
	await serveModel(context, 'ui-bulk-phone-1');
	await openApp(page, '/bulk');
	const csv = ['id,text', 'PN-000001-LONG-PART-NUMBER,Steel pipe manufactured in 1999 in good condition', 'PN-2,Iron gear 1970 poor'].join(
		'\n'
	);
	await page.getByLabel(/CSV file/).setInputFiles({ name: 'parts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
	await page.getByRole('button', { name: 'Classify all' }).click();
	await expect(page.getByTestId('bulk-status')).toHaveText(/^Done: 2 rows/, { timeout: 30_000 });

	const scroller = page.getByRole('region', { name: 'Results table' });
	const sizes = await scroller.evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
	expect(sizes.scroll, 'the table is wider than its box').toBeGreaterThan(sizes.client);
	expect(await page.evaluate(() => document.documentElement.scrollWidth), 'the page itself does not scroll sideways').toBeLessThanOrEqual(
		390
	);

	// The keyboard reaches the box and scrolls it.
	await scroller.focus();
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowRight');
	await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
});
