/**
 * Issue 13: dark mode follows the OS. With `prefers-color-scheme: dark` the pages use the
 * dark palette of src/lib/styles/theme.css: dark background, light text, and no light
 * surface left behind by a literal colour in the technician screens.
 */
import { expect, test, type Page } from '@playwright/test';
import { classify, openApp, serveModel } from './pwa-helpers.ts';

test.use({ colorScheme: 'dark' });

/**
 * Elements of the page content (not form controls, which the browser themes itself) whose
 * own background is light. The navigation and status bar above the content are app-shell's.
 */
function lightSurfaces(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const luminance = (css: string) => {
			const m = css.match(/rgba?\(([^)]+)\)/);
			if (!m) return null;
			const [r, g, b, a = 1] = m[1]
				.split(/[ ,/]+/)
				.filter(Boolean)
				.map(Number);
			if (a < 0.5) return null;
			return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
		};
		const found: string[] = [];
		for (const el of document.querySelectorAll('.page *')) {
			if (el.closest('button, input, select, textarea, progress, a.button')) continue;
			const l = luminance(getComputedStyle(el).backgroundColor);
			if (l !== null && l > 0.6) found.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
		}
		return [...new Set(found)];
	});
}

test('classify, inventory and bulk use the dark palette', async ({ page, context }) => {
	test.setTimeout(90_000);
	await serveModel(context, 'ui-dark-1');
	await openApp(page, '/');
	const body = await page.evaluate(() => ({
		bg: getComputedStyle(document.body).backgroundColor,
		fg: getComputedStyle(document.body).color
	}));
	expect(body).toEqual({ bg: 'rgb(18, 20, 23)', fg: 'rgb(236, 239, 243)' });

	await classify(page, `Steel bracket manufactured in 1998 in good condition dark${Date.now()}`);
	// The verdict colours are the dark palette's (light green or light red on dark).
	const verdictColour = await page
		.getByTestId('verdict')
		.getByRole('heading', { level: 2 })
		.evaluate((h) => getComputedStyle(h).color);
	expect(['rgb(127, 209, 139)', 'rgb(255, 156, 156)']).toContain(verdictColour);
	await page.getByRole('button', { name: 'Override label…' }).click();
	expect(await lightSurfaces(page)).toEqual([]);
	await page.getByRole('button', { name: 'Save to inventory' }).click();

	await page.getByRole('link', { name: 'Inventory' }).click();
	await expect(page.getByTestId('inventory-item').first()).toBeVisible();
	expect(await lightSurfaces(page)).toEqual([]);

	await page.getByRole('link', { name: 'Bulk scan' }).click();
	await page.getByLabel('Or paste descriptions, one per line').fill('Steel pipe 1999 good\nIron gear 1970 poor');
	await page.getByRole('button', { name: 'Classify all' }).click();
	await expect(page.getByTestId('bulk-status')).toHaveText(/^Done/, { timeout: 30_000 });
	expect(await lightSurfaces(page)).toEqual([]);
});
