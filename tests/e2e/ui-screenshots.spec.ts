/**
 * Screenshots of the screens issue 13 changed, at the three sizes we check by eye
 * (tablet landscape, tablet portrait, phone). Not an assertion suite: runs only with
 * SCREENSHOTS=<folder>, e.g. `SCREENSHOTS=/tmp/shots npx playwright test ui-screenshots`.
 */
import { expect, test, type Page } from '@playwright/test';
import { serveBundles } from './inference-bundles.ts';
import { bundle, classify, openApp, overrideVerdict } from './pwa-helpers.ts';
import { loadSigningKey, signManifest } from '#lib/registry/signing.ts';
import { TEST_USERS } from '../support/users.ts';

const OUT = process.env.SCREENSHOTS;
const SIZES = [
	{ name: '1024x768', width: 1024, height: 768 },
	{ name: '768x1024', width: 768, height: 1024 },
	{ name: '390x844', width: 390, height: 844 }
];

test.skip(!OUT, 'set SCREENSHOTS=<folder> to take them');

const shot = (page: Page, name: string, size: string) => page.screenshot({ path: `${OUT}/${name}-${size}.png`, fullPage: true });

test('issue 13 screens at three sizes', async ({ page, context }) => {
	test.setTimeout(300_000);
	const base = await bundle('ui-shots-1');
	const manifest = { ...base.manifest, review: { ...base.manifest.review, minConfidence: 0.9999 } };
	await serveBundles(context, { ...base, manifest, signature: signManifest(manifest, await loadSigningKey({})) });
	await openApp(page, '/');
	for (const size of SIZES) {
		await page.setViewportSize(size);
		const tag = `shot${size.width}x${Date.now() % 10_000}`;
		await page.goto('/');
		await expect(page.getByTestId('status-model')).not.toContainText('loading', { timeout: 30_000 });
		const text = `Steel bracket manufactured in 1998 in good condition ${tag}`;
		await classify(page, text);
		const other = (await page.getByTestId('verdict').getAttribute('data-label')) === '1' ? 'Compliant' : 'Non-compliant';
		await page.getByRole('button', { name: 'Save to inventory' }).click();
		await overrideVerdict(page, other, 'Supplier certificate');
		await shot(page, 'classify-overridden', size.name);
		await page.getByLabel('Component description').fill(`${text} changed ${'x'.repeat(2000)}`);
		await shot(page, 'classify-stale-too-long', size.name);

		await page.goto('/bulk');
		const csv = ['id,text', `${tag}-1,Steel pipe 1999 good`, `${tag}-2,`, `${tag}-3,Iron gear 1970 poor`].join('\n');
		for (let round = 0; round < 2; round++) {
			await page.getByLabel(/CSV file/).setInputFiles({ name: 'parts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
			await page.getByRole('button', { name: 'Classify all' }).click();
			await expect(page.getByTestId('bulk-status')).toHaveText(/^Done/, { timeout: 30_000 });
			await page.getByRole('button', { name: 'Save all to inventory' }).click();
		}
		await expect(page.getByTestId('bulk-duplicates')).toBeVisible();
		await shot(page, 'bulk-duplicates', size.name);

		await page.goto('/inventory');
		await page.getByRole('searchbox', { name: 'Search' }).fill(tag);
		await expect(page.getByTestId('inventory-item')).toHaveCount(3);
		await shot(page, 'inventory', size.name);
	}

	await page.goto('/does-not-exist');
	for (const size of SIZES) {
		await page.setViewportSize(size);
		await shot(page, 'not-found', size.name);
	}
	await page.goto('/');
	await expect(page.getByTestId('status-model')).not.toContainText('loading', { timeout: 30_000 });
	await context.setOffline(true);
	await classify(page, 'Iron gear 1970 poor unsynced');
	await page.getByRole('button', { name: 'Save to inventory' }).click();
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
	for (const size of SIZES) {
		await page.setViewportSize(size);
		await shot(page, 'signed-out-offline', size.name);
	}
	await context.setOffline(false);
	await expect.poll(async () => (await page.request.get('/api/session')).status(), { timeout: 30_000 }).toBe(401);
	await page.goto('/login?unsynced=1');
	await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible({ timeout: 20_000 });
	for (const size of SIZES) {
		await page.setViewportSize(size);
		await shot(page, 'login', size.name);
	}
});

test('design: technician screens and admin models, light and dark, three sizes', async ({ browser }) => {
	test.setTimeout(600_000);
	for (const colorScheme of ['light', 'dark'] as const) {
		const context = await browser.newContext({ colorScheme });
		const page = await context.newPage();
		await serveBundles(context, await bundle('ui-shots-design-1'));
		await openApp(page, '/');
		const tag = `design${Date.now() % 100_000}`;
		for (const size of SIZES) {
			await page.setViewportSize(size);
			await page.goto('/');
			await expect(page.getByTestId('status-model')).not.toContainText('loading', { timeout: 30_000 });
			await classify(page, `Steel bracket manufactured in 1998 in good condition ${tag}`);
			await shot(page, `design-classify-${colorScheme}`, size.name);
			await page.getByRole('button', { name: 'Save to inventory' }).click();
			await page.goto('/bulk');
			await page.getByLabel(/CSV file/).setInputFiles({
				name: 'parts.csv',
				mimeType: 'text/csv',
				buffer: Buffer.from(['id,text', `${tag}-1,Steel pipe 1999 good`, `${tag}-2,Iron gear 1970 poor`].join('\n'))
			});
			await page.getByRole('button', { name: 'Classify all' }).click();
			await expect(page.getByTestId('bulk-status')).toHaveText(/^Done/, { timeout: 30_000 });
			await shot(page, `design-bulk-${colorScheme}`, size.name);
			await page.goto('/inventory');
			await page.getByRole('searchbox', { name: 'Search' }).fill(tag);
			await page.getByTestId('inventory-item').first().getByRole('button', { name: /^Edit/ }).click();
			await shot(page, `design-inventory-edit-${colorScheme}`, size.name);
		}
		await context.close();
	}
	for (const colorScheme of ['light', 'dark'] as const) {
		const context = await browser.newContext({ colorScheme });
		const page = await context.newPage();
		const admin = TEST_USERS.admin;
		await page.goto('/login?next=/admin/models');
		await page.waitForLoadState('networkidle');
		await page.getByLabel('Username').fill(admin.username);
		await page.getByLabel('Password').fill(admin.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
		for (const size of SIZES) {
			await page.setViewportSize(size);
			await shot(page, `design-admin-models-${colorScheme}`, size.name);
		}
		await context.close();
	}
});
