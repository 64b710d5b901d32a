/**
 * Issue 13: the status line is plain and true on every page. The model loads only on the
 * pages that classify (classify, inventory, bulk, documents); on admin, monitoring, review
 * and account pages no inference worker starts and the status line says nothing about a
 * model (it used to say "Model loading…" there for ever). Admins still classify.
 * Screenshots of the classify page and an admin page at 1024x768 and 390x844 go to
 * /tmp/shots-coldstart/.
 */
import { expect, test, type Page } from '@playwright/test';
import { signInAs } from './a11y-pages.ts';
import { serveModel } from './pwa-helpers.ts';

const MODEL = 'ui-status-1';
const OUT = '/tmp/shots-coldstart';
const SIZES = [
	{ name: '1024x768', width: 1024, height: 768 },
	{ name: '390x844', width: 390, height: 844 }
];

/**
 * The page's inference worker, if one was started (it exposes `self.inferenceApi`).
 * onnxruntime's own WASM thread workers also show up in page.workers(), and one that
 * idles in Atomics.wait never answers an evaluate: each gets 3 s.
 */
async function inferenceWorkers(page: Page): Promise<number> {
	let n = 0;
	for (const w of page.workers()) {
		const answer = w.evaluate(() => 'inferenceApi' in self).catch(() => false);
		const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000));
		if (await Promise.race([answer, timeout])) n++;
	}
	return n;
}

async function expectNoModelWords(page: Page): Promise<void> {
	const summary = page.getByTestId('status-summary');
	await expect(summary).toBeVisible();
	await expect(summary).not.toContainText(/model/i);
	await page.getByText('Details', { exact: true }).click();
	await expect(page.getByTestId('storage-used')).toBeVisible();
	await expect(page.getByTestId('status-model')).toHaveCount(0);
	await expect(page.getByTestId('status-backend')).toHaveCount(0);
	await page.getByText('Details', { exact: true }).click();
}

test('admin pages say nothing about a model and start none; the classify page loads it and says which', async ({ page, context }) => {
	test.setTimeout(120_000);
	await serveModel(context, MODEL);
	await signInAs(page, 'admin', '/admin/models');
	await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
	await page.waitForLoadState('networkidle');
	await expect(page.getByTestId('status-summary')).toHaveText('All changes saved');
	await expectNoModelWords(page);
	expect(await inferenceWorkers(page)).toBe(0);
	for (const size of SIZES) {
		await page.setViewportSize(size);
		await page.screenshot({ path: `${OUT}/admin-models-${size.name}.png`, fullPage: true });
	}

	// Admins classify too: the Classify link loads the model, and the status line names it.
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Classify' }).click();
	await expect(page.getByTestId('model-version')).toHaveText(`Model ${MODEL}`, { timeout: 30_000 });
	await expect(page.getByTestId('status-summary')).toHaveText('All changes saved');
	await page.getByText('Details', { exact: true }).click();
	await expect(page.getByTestId('status-model')).toContainText(`Model ${MODEL}`);
	await expect(page.getByTestId('status-backend')).toContainText(/WASM|WebGPU/);
	expect(await inferenceWorkers(page)).toBe(1);
	for (const size of SIZES) {
		await page.setViewportSize(size);
		await page.screenshot({ path: `${OUT}/classify-${size.name}.png`, fullPage: true });
	}

	// Back on an admin page the loaded model is not this page's business.
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin', exact: true }).click();
	await expect(page).toHaveURL(/\/admin$/);
	await expectNoModelWords(page);
});

test('a reload of an admin page starts no model; the account page neither', async ({ page, context }) => {
	await serveModel(context, MODEL);
	await signInAs(page, 'technician', '/account');
	await page.waitForLoadState('networkidle');
	await expectNoModelWords(page);
	expect(await inferenceWorkers(page)).toBe(0);
	await page.reload();
	await page.waitForLoadState('networkidle');
	await expectNoModelWords(page);
	expect(await inferenceWorkers(page)).toBe(0);
});

test('analysts on monitoring and review see connectivity only, and no model starts', async ({ page, context }) => {
	await serveModel(context, MODEL);
	await signInAs(page, 'analyst', '/review');
	await expect(page.getByTestId('connectivity')).toHaveText('Online');
	await page.waitForLoadState('networkidle');
	await expect(page.getByTestId('app-status')).not.toContainText(/model/i);
	expect(await inferenceWorkers(page)).toBe(0);
	await page.goto('/monitoring');
	await expect(page.getByTestId('connectivity')).toHaveText('Online');
	await page.waitForLoadState('networkidle');
	await expect(page.getByTestId('app-status')).not.toContainText(/model/i);
	expect(await inferenceWorkers(page)).toBe(0);
});
