/**
 * Issue 13: sign-out works offline. The device is signed out at once (no browser error
 * page), unsynced changes stay and the user is told; the server session is revoked at the
 * next contact, so the next person on a shared tablet never works as the previous user.
 */
import { expect, test } from '@playwright/test';
import { adminApi, classify, openApp, serveModel, serverInventory, serviceWorkerReady, signIn } from './pwa-helpers.ts';

const MODEL = 'ui-signout-1';

test('signing out offline ends the session on the device at once and on the server at the next contact', async ({ page, context }) => {
	test.setTimeout(120_000);
	await serveModel(context, MODEL);
	await openApp(page, '/');
	await serviceWorkerReady(page);
	const tag = `signout${Date.now()}`;

	await context.setOffline(true);
	await expect(page.getByTestId('connectivity')).toHaveText('Offline');
	await classify(page, `Steel bracket 1999 good ${tag}`);
	await page.getByRole('button', { name: 'Save to inventory' }).click();
	await expect(page.getByTestId('pending-sync')).toHaveText(/^1 change to sync/);
	// The status line says it in plain words; model and backend sit behind Details.
	await expect(page.getByTestId('status-summary')).toHaveText('1 change waiting for the network');
	await expect(page.getByTestId('status-backend')).toBeHidden();
	await page.getByText('Details', { exact: true }).click();
	await expect(page.getByTestId('status-backend')).toBeVisible();

	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
	await expect(page.getByTestId('signed-out-unsynced')).toContainText('1 change made on this device has not reached the server yet');
	await expect(page.getByLabel('Component description')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

	// An offline reload (the next person picks up the tablet) stays signed out.
	await page.reload();
	await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
	await expect(page.getByLabel('Component description')).toHaveCount(0);

	// Back online: the old server session is revoked, the sign-in page asks who is there.
	await context.setOffline(false);
	await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible({ timeout: 20_000 });
	await expect.poll(async () => (await page.request.get('/api/session')).status(), { timeout: 20_000 }).toBe(401);
	await page.goto('/login');
	await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

	// The change made before signing out was kept and reaches the server after the next sign-in.
	await signIn(page, '/');
	await expect(page.getByTestId('pending-sync')).toHaveText(/^0 changes to sync/, { timeout: 30_000 });
	await expect(page.getByTestId('status-summary')).toHaveText('All changes saved');
	const api = await adminApi();
	expect((await serverInventory(api)).filter((r) => r.description.includes(tag))).toHaveLength(1);
	await api.dispose();
});

test('signing out online tells what stays on the device and ends the server session', async ({ page, context }) => {
	await serveModel(context, MODEL);
	await openApp(page, '/');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login/);
	await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
	expect((await page.request.get('/api/session')).status()).toBe(401);
	await expect(page.getByText('npm run user')).toHaveCount(0);
});
