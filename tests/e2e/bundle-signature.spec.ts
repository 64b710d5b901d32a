/**
 * Signed model bundles in the browser (real Chromium, the built app, the real worker and
 * WebCrypto Ed25519): an unsigned bundle, one signed with a key the build does not pin,
 * and a signed manifest edited afterwards (threshold and golden labels, the attack that
 * flipped verdicts) are all refused; the signed model keeps serving, each refusal is a
 * BUNDLE_SIGNATURE model-error event, and a stored manifest is checked again at start.
 */
import { generateKeyPairSync } from 'node:crypto';
import { test, expect, type Page } from '@playwright/test';
import { signingKeyFromPem } from '#lib/registry/signing.ts';
import { buildBundle, buildVocabulary, serveBundles, type TestBundle } from './inference-bundles.ts';
import { inferenceWorker, openClassifier } from './inference-page.ts';

let good: TestBundle;
let unsigned: TestBundle;
let stranger: TestBundle;
let edited: TestBundle;

test.beforeAll(async () => {
	const vocabulary = buildVocabulary();
	const { privateKey } = generateKeyPairSync('ed25519');
	const strangerKey = await signingKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
	good = await buildBundle('signed-1', 61, vocabulary);
	unsigned = await buildBundle('unsigned-2', 62, vocabulary, null);
	stranger = await buildBundle('stranger-3', 63, vocabulary, strangerKey);
	edited = await buildBundle('edited-4', 64, vocabulary);
});

async function checkForUpdate(page: Page, expectError: string | RegExp): Promise<void> {
	await page.getByRole('button', { name: 'Check for update' }).click();
	await expect(page.getByTestId('load-error')).toContainText(expectError);
	await expect(page.getByTestId('load-error')).toContainText(`still using model ${good.version}`);
	await expect(page.getByTestId('model-version')).toHaveText(`Model ${good.version}`);
}

test('unsigned, untrusted-key and edited bundles are refused; the signed model keeps serving', async ({ page, context }) => {
	const served = await serveBundles(context, good);
	await openClassifier(page, good.version);
	const worker = await inferenceWorker(page);

	served.set(unsigned);
	await checkForUpdate(page, 'has no signature.json');

	served.set(stranger);
	await checkForUpdate(page, 'which this app does not trust');

	// The signature is genuine, but the manifest was changed after signing: every verdict flips.
	const flipped = {
		...edited.manifest,
		threshold: 0.01,
		golden: edited.manifest.golden.map((g) => ({ ...g, label: g.probability >= 0.01 ? 1 : 0 }))
	};
	served.set(edited);
	served.overrideJson(`${edited.version}/manifest.json`, flipped);
	await checkForUpdate(page, 'does not match its manifest');

	// The technician still gets verdicts from the signed model.
	await page.getByLabel('Component description').fill('Plastic housing from 1987 in poor condition');
	await page.getByRole('button', { name: 'Classify' }).click();
	await expect(page.getByTestId('verdict')).toContainText(`model ${good.version}`);

	const errors = (await worker.telemetry()).filter((e) => e.kind === 'model-error');
	expect(errors.map((e) => [e.modelVersion, (e as { errorCode: string }).errorCode])).toEqual([
		[unsigned.version, 'BUNDLE_SIGNATURE'],
		[stranger.version, 'BUNDLE_SIGNATURE'],
		[edited.version, 'BUNDLE_SIGNATURE']
	]);
	// No refused file was downloaded: the signature is checked before any model file.
	for (const b of [unsigned, stranger, edited]) expect(served.requests).not.toContain(b.manifest.files.model.path);

	// After a restart the refused bundles are still not used.
	await page.reload();
	await expect(page.getByTestId('model-version')).toHaveText(`Model ${good.version}`);
});

test('a stored manifest edited on the device is refused at the next start', async ({ page, context }) => {
	const served = await serveBundles(context, good);
	await openClassifier(page, good.version);

	// Edit the stored copy of the manifest in the bundle store (Cache Storage), then start offline.
	const edited = await page.evaluate(async (version) => {
		const cache = await caches.open('compliance-models-v1');
		const url = `/__model-store/manifest/${encodeURIComponent(version)}`;
		const stored = await (await cache.match(url))!.json();
		stored.json.threshold = 0.01;
		await cache.put(url, Response.json(stored));
		return (await (await cache.match(url))!.json()).json.threshold;
	}, good.version);
	expect(edited).toBe(0.01);
	served.offline = true;
	await page.reload();
	await expect(page.getByTestId('load-error')).toContainText('does not match its manifest');
	const worker = await inferenceWorker(page);
	expect(await worker.status()).toMatchObject({ active: null, lastError: { code: 'BUNDLE_SIGNATURE' } });
	const errors = (await worker.telemetry()).filter((e) => e.kind === 'model-error');
	expect(errors).toContainEqual(expect.objectContaining({ modelVersion: good.version, errorCode: 'BUNDLE_SIGNATURE' }));

	// Back online, the published (signed) manifest serves again.
	served.offline = false;
	await page.reload();
	await expect(page.getByTestId('model-version')).toHaveText(`Model ${good.version}`);
});
