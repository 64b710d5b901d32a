/** Sign-in gate and the classify screen: verdict, explanation, save, override -> telemetry. */
import { expect, test } from '@playwright/test';
import {
	adminApi,
	classify,
	openApp,
	overrideVerdict,
	serveModel,
	serverInventory,
	serverTelemetry,
	uniqueDescription
} from './pwa-helpers.ts';

const MODEL = 'pwa-classify-1';

test('an anonymous visitor is sent to sign in, then classifies, saves and overrides', async ({ page, context }) => {
	await serveModel(context, MODEL);
	await page.goto('/inventory');
	await expect(page).toHaveURL(/\/login\?next=%2Finventory/);
	await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

	await openApp(page, '/');
	await expect(page.getByTestId('status-backend')).toContainText(/WASM|WebGPU/);

	// Shift+Enter is a new line, Enter classifies.
	const box = page.getByLabel('Component description');
	await box.fill('Iron gear manufactured in 1980');
	await box.press('Shift+Enter');
	await expect(box).toHaveValue('Iron gear manufactured in 1980\n');
	await expect(page.getByTestId('verdict')).toHaveCount(0);

	const text = uniqueDescription('classify-a');
	await classify(page, text);
	const verdict = page.getByTestId('verdict');
	await expect(verdict.getByRole('heading')).toHaveText(/^(Compliant|Non-compliant)$/);
	await expect(verdict.getByTestId('confidence')).toHaveText(/^\d+\.\d%$/);
	// The words that drove it are marked; the description is text, not HTML.
	expect(await verdict.locator('mark[data-contribution]').count()).toBeGreaterThan(0);

	const modelLabel = (await verdict.getAttribute('data-label')) === '1' ? 'Non-compliant' : 'Compliant';
	const other = modelLabel === 'Compliant' ? 'Non-compliant' : 'Compliant';
	await page.getByRole('button', { name: 'Save to inventory' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved to the inventory' })).toBeVisible();

	await overrideVerdict(page, other, 'Supplier certificate says otherwise');
	await expect(page.getByTestId('override-note')).toContainText(other);

	// The saved item and the overridden prediction reach the server once.
	await expect(page.getByTestId('pending-sync')).toHaveText(/^0 changes to sync/, { timeout: 20_000 });
	await expect(page.getByTestId('pending-telemetry')).toHaveText(/^0 telemetry events queued/, { timeout: 30_000 });
	const api = await adminApi();
	const records = (await serverInventory(api)).filter((r) => r.description === text);
	expect(records).toHaveLength(1);
	expect(records[0].override).toEqual({ label: other === 'Compliant' ? 0 : 1, reason: 'Supplier certificate says otherwise' });
	expect(await serverTelemetry(api, MODEL)).toEqual({ predictions: 1, overrides: 1 });
	await api.dispose();
});

test('user text is shown as text, never as HTML', async ({ page, context }) => {
	await serveModel(context, MODEL);
	await openApp(page, '/');
	const text = 'Steel <img src=x onerror="window.__xss=1"> bracket 1999';
	await classify(page, text);
	await expect(page.getByTestId('explanation')).toContainText('<img src=x');
	expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
	expect(await page.locator('[data-testid="verdict"] img').count()).toBe(0);
});
