/** Issue 13: Enter while the model loads is queued (and says so); long text gets a counter and a message. */
import { expect, test } from '@playwright/test';
import { openApp, serveModel, signIn } from './pwa-helpers.ts';

const MODEL = 'ui-input-1';

test('Enter while the model is loading says so, then classifies as soon as the model is ready', async ({ page, context }) => {
	await serveModel(context, MODEL);
	// Hold the model file until the request is queued (routes added later run first).
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	await context.route('**/models/**/model.onnx', async (route) => {
		await held;
		await route.fallback();
	});
	await signIn(page, '/');
	const box = page.getByLabel('Component description');
	await box.fill('Steel bracket manufactured in 1998 in good condition');
	await box.press('Enter');
	await expect(page.getByTestId('classify-queued')).toContainText('The model is still loading');
	await expect(page.getByTestId('verdict')).toHaveCount(0);

	release();
	await expect(page.getByTestId('verdict')).toBeVisible({ timeout: 30_000 });
	await expect(page.getByTestId('explanation')).toContainText('Steel bracket');
	await expect(page.getByTestId('classify-queued')).toHaveCount(0);
});

test('text over 2,000 characters is kept, counted, and explained instead of cut', async ({ page, context }) => {
	await serveModel(context, MODEL);
	await openApp(page, '/');
	const box = page.getByLabel('Component description');
	const long = 'Steel bracket 1998 good. '.repeat(84); // 2,100 characters
	await box.fill(long);
	await expect(box).toHaveValue(long);
	await expect(page.getByTestId('char-count')).toHaveText('2,099 / 2,000 characters');
	await expect(page.getByTestId('too-long')).toContainText('Shorten it by 99 characters');
	await expect(page.getByRole('button', { name: 'Classify' })).toBeDisabled();

	await box.fill(long.slice(0, 1990));
	await expect(page.getByTestId('char-count')).toHaveText('1,990 / 2,000 characters');
	await expect(page.getByTestId('too-long')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Classify' })).toBeEnabled();
});
