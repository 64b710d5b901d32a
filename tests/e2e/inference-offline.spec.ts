/**
 * Offline: once the app and a model were loaded, the page (service worker) and the model
 * (bundle store) both come from the device; classification works without a network.
 */
import { test, expect } from '@playwright/test';
import { buildBundle, serveBundles } from './inference-bundles.ts';
import { openClassifier } from './inference-page.ts';

test('after one visit, the classifier starts and answers offline', async ({ page, context }) => {
	const bundle = await buildBundle('offline-1', 41);
	const served = await serveBundles(context, bundle);
	await openClassifier(page, bundle.version);
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});

	await context.setOffline(true);
	served.offline = true;
	await page.reload();
	await expect(page.getByTestId('model-version')).toHaveText(`Model ${bundle.version}`, { timeout: 60_000 });
	await expect(page.getByTestId('status-backend')).toContainText('WASM');
	// Being offline is not a model error: no alert.
	await expect(page.getByTestId('load-error')).toHaveCount(0);

	await page.getByLabel('Component description').fill('Carbon fiber panel made in 2010, new');
	await page.getByLabel('Component description').press('Enter');
	await expect(page.getByTestId('verdict')).toContainText(`model ${bundle.version}`);
});
