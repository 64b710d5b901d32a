/**
 * Issue 13: "Needs review" is impossible to miss (icon and words, not colour alone) with
 * the classifier's reasons in plain words, in classify, inventory and bulk.
 */
import { expect, test } from '@playwright/test';
import { serveBundles } from './inference-bundles.ts';
import { bundle, classify, openApp } from './pwa-helpers.ts';
import { loadSigningKey, signManifest } from '#lib/registry/signing.ts';

const MODEL = 'ui-review-1';
const LOW_CONFIDENCE = 'the facts point both ways (low confidence)';

test('a verdict that needs review says so, with its reasons, in classify, inventory and bulk', async ({ page, context }) => {
	test.setTimeout(90_000);
	// The tiny model with a review policy that flags every verdict as not sure enough.
	const base = await bundle(MODEL);
	const manifest = { ...base.manifest, review: { ...base.manifest.review, minConfidence: 0.9999 } };
	// A changed manifest needs a new signature (the app refuses a bundle whose signature does not match).
	await serveBundles(context, { ...base, manifest, signature: signManifest(manifest, await loadSigningKey({})) });
	// No sync: the server re-checks pushed verdicts with its own champion (README, Security),
	// and the pulled copy would carry that model's flag instead of this test model's.
	await context.route('**/api/sync', (route) => route.abort());
	await openApp(page, '/');
	const tag = `rev${Date.now()}`;

	await classify(page, `Steel bracket manufactured in 1998 in good condition ${tag}`);
	const note = page.getByTestId('verdict').getByRole('note', { name: 'Needs review' });
	await expect(note).toContainText('⚠');
	await expect(note).toContainText('Needs review');
	await expect(note.getByRole('listitem')).toContainText([LOW_CONFIDENCE]);
	await page.getByRole('button', { name: 'Save to inventory' }).click();
	await expect(page.getByRole('button', { name: 'Saved' })).toBeDisabled();

	await page.getByRole('link', { name: 'Inventory' }).click();
	await page.getByRole('searchbox', { name: 'Search' }).fill(tag);
	await page.getByRole('checkbox', { name: 'Needs review only' }).check();
	const item = page.getByTestId('inventory-item');
	await expect(item).toHaveCount(1);
	await expect(item.getByRole('note', { name: 'Needs review' })).toHaveText(`⚠ Needs review: ${LOW_CONFIDENCE}`);

	await page.getByRole('link', { name: 'Bulk scan' }).click();
	await page.getByLabel('Or paste descriptions, one per line').fill('Steel pipe 1999 good\nIron gear 1970 poor');
	await page.getByRole('button', { name: 'Classify all' }).click();
	await expect(page.getByTestId('bulk-status')).toContainText('⚠ 2 need review');
	await expect(page.getByTestId('bulk-results').getByRole('note', { name: 'Needs review' })).toHaveCount(2);
	await expect(page.getByTestId('bulk-results').getByRole('note', { name: 'Needs review' }).first()).toContainText(LOW_CONFIDENCE);
});
