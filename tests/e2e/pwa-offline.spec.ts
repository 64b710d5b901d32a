/**
 * Offline: after one sign-in online the app reloads, classifies and saves offline;
 * back online the inventory and the telemetry reach the server exactly once. An
 * expired session asks to sign in again without losing what is queued.
 */
import { expect, test } from '@playwright/test';
import { adminApi, classify, openApp, signIn, serveModel, serverInventory, serverTelemetry, serviceWorkerReady } from './pwa-helpers.ts';

test('reload, classify and save offline; everything reaches the server once when back online', async ({ page, context }) => {
	test.setTimeout(120_000);
	const MODEL = 'pwa-offline-1';
	await serveModel(context, MODEL);
	await openApp(page, '/');
	await serviceWorkerReady(page);
	// Visit the other screens once online too (not needed for the shell, but realistic).
	await page.getByRole('link', { name: 'Inventory' }).click();
	await expect(page.getByTestId('inventory-count')).toBeVisible();
	await page.getByRole('link', { name: 'Classify', exact: true }).click();
	// On the classify screen before going offline (else the reload below may reload the inventory).
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByLabel('Component description')).toBeVisible();

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('connectivity')).toHaveText('Offline');
	await expect(page.getByTestId('model-version')).toContainText(MODEL, { timeout: 30_000 });

	const tag = `off${Date.now()}`;
	const texts = [`Steel bracket 1999 good ${tag}`, `Iron gear 1970 poor ${tag}`];
	for (const t of texts) {
		await classify(page, t);
		await page.getByRole('button', { name: 'Save to inventory' }).click();
		await expect(page.getByRole('button', { name: 'Saved' })).toBeDisabled();
	}
	await expect(page.getByTestId('pending-sync')).toHaveText(/^2 changes to sync/);
	await expect(page.getByTestId('pending-telemetry')).toHaveText(/^2 telemetry events queued/);

	// A second offline reload keeps the queue (IndexedDB), and the inventory page works offline.
	await page.goto('/inventory');
	await page.getByRole('searchbox', { name: 'Search' }).fill(tag);
	await expect(page.getByTestId('inventory-item')).toHaveCount(2);

	await context.setOffline(false);
	await expect(page.getByTestId('connectivity')).toHaveText('Online');
	await expect(page.getByTestId('pending-sync')).toHaveText(/^0 changes to sync/, { timeout: 30_000 });
	await expect(page.getByTestId('pending-telemetry')).toHaveText(/^0 telemetry events queued/, { timeout: 30_000 });

	// A reload and another sync must not send anything twice.
	await page.reload();
	await page.getByRole('button', { name: 'Sync now' }).click();
	await expect(page.getByTestId('pending-sync')).toHaveText(/^0 changes to sync/);
	const api = await adminApi();
	expect((await serverInventory(api)).filter((r) => r.description.includes(tag)).map((r) => r.version)).toEqual([1, 1]);
	expect(await serverTelemetry(api, MODEL)).toEqual({ predictions: 2, overrides: 0 });
	await api.dispose();
});

test('an expired session asks to sign in again and keeps the queue', async ({ page, context }) => {
	const MODEL = 'pwa-session-1';
	await serveModel(context, MODEL);
	await openApp(page, '/');
	const tag = `exp${Date.now()}`;

	await context.clearCookies(); // the server session is gone
	await classify(page, `Plastic cap 1985 fair ${tag}`);
	await page.getByRole('button', { name: 'Save to inventory' }).click();
	await expect(page.getByTestId('session-expired')).toBeVisible({ timeout: 20_000 });
	await expect(page.getByTestId('pending-sync')).toHaveText(/^1 change to sync/);

	await page.getByRole('link', { name: 'Sign in again' }).click();
	await expect(page).toHaveURL(/\/login/);
	await signIn(page, '/');
	await expect(page.getByTestId('pending-sync')).toHaveText(/^0 changes to sync/, { timeout: 30_000 });
	await expect(page.getByTestId('pending-telemetry')).toHaveText(/^0 telemetry events queued/, { timeout: 30_000 });
	const api = await adminApi();
	expect((await serverInventory(api)).filter((r) => r.description.includes(tag))).toHaveLength(1);
	expect((await serverTelemetry(api, MODEL)).predictions).toBe(1);
	await api.dispose();
});
