/**
 * App updates: a changed service worker installs and waits; the page shows "New version
 * available" and reloads only after the click, and not while edits are unsynced.
 * The new version is the real service worker with a changed byte (context.route).
 */
import { expect, test } from '@playwright/test';
import { classify, openApp, serveModel, serviceWorkerReady } from './pwa-helpers.ts';

test('a new version is offered and applied only after the click', async ({ page, context }) => {
	test.setTimeout(120_000);
	await serveModel(context, 'pwa-update-1');
	await openApp(page, '/');
	await serviceWorkerReady(page);

	// The next check for an update finds different bytes: a new version.
	await context.route('**/service-worker.js', async (route) => {
		const response = await route.fetch();
		await route.fulfill({ response, body: `${await response.text()}\n// e2e: next app version\n` });
	});
	await page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
	await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

	const banner = page.getByTestId('update-banner');
	await expect(banner).toContainText('New version available', { timeout: 30_000 });
	// Nothing happens until the user accepts: same page, new version still waiting.
	await page.waitForTimeout(1500);
	expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
	expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(true);

	await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
	await expect(page.getByLabel('Component description')).toBeVisible();
	expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBeUndefined();
	expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(false);
	await expect(page.getByTestId('update-banner')).toHaveCount(0);
});

test('the reload waits while changes are unsynced and says why', async ({ page, context }) => {
	await serveModel(context, 'pwa-update-2');
	await openApp(page, '/');
	await serviceWorkerReady(page);
	await context.route('**/service-worker.js', async (route) => {
		const response = await route.fetch();
		await route.fulfill({ response, body: `${await response.text()}\n// e2e: another version\n` });
	});
	await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
	await expect(page.getByTestId('update-banner')).toBeVisible({ timeout: 30_000 });

	// Offline with an unsynced change: Reload is disabled with the reason.
	await context.setOffline(true);
	await classify(page, `Iron pipe 1975 poor blk${Date.now()}`);
	await page.getByRole('button', { name: 'Save to inventory' }).click();
	await expect(page.getByTestId('update-blocker')).toContainText('1 change not synced yet');
	await expect(page.getByTestId('update-banner').getByRole('button', { name: 'Reload' })).toBeDisabled();
	await context.setOffline(false);
	await expect(page.getByTestId('update-banner').getByRole('button', { name: 'Reload' })).toBeEnabled({ timeout: 30_000 });
});
