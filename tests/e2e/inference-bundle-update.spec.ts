/**
 * Model bundles in the browser: an update downloads only what changed, a restart
 * downloads nothing, a tampered or truncated bundle is refused while the old model
 * keeps working (error shown, model-error telemetry emitted), a full device is told so.
 */
import { test, expect } from '@playwright/test';
import { buildBundle, buildVocabulary, serveBundles, type TestBundle } from './inference-bundles.ts';
import { gotoClassifier, inferenceWorker, openClassifier } from './inference-page.ts';
import { nodeReference, PARITY_TOLERANCE } from './inference-reference.ts';

let v1: TestBundle;
let v2: TestBundle;

test.beforeAll(async () => {
	const vocabulary = buildVocabulary();
	v1 = await buildBundle('update-1', 21, vocabulary);
	v2 = await buildBundle('update-2', 22, vocabulary);
});

const bundleFiles = (requests: string[]) => requests.filter((p) => p.endsWith('.onnx') || p.endsWith('.bin'));

test('a model update downloads only the ONNX file; a restart downloads nothing', async ({ page, context }) => {
	const served = await serveBundles(context, v1);
	await openClassifier(page, v1.version);
	expect(bundleFiles(served.requests).sort()).toEqual([v1.manifest.files.model.path, v1.manifest.files.vocabulary.path].sort());

	served.requests.length = 0;
	served.set(v2);
	await page.getByRole('button', { name: 'Check for update' }).click();
	await expect(page.getByTestId('model-version')).toHaveText(`Model ${v2.version}`);
	// Same vocabulary hash: only the new model file crosses the network.
	expect(bundleFiles(served.requests)).toEqual([v2.manifest.files.model.path]);
	const status = await (await inferenceWorker(page)).status();
	expect(status).toMatchObject({ active: v2.version, previous: v1.version, lastError: null });

	// App restart: everything comes from the bundle store.
	served.requests.length = 0;
	await page.reload();
	await expect(page.getByTestId('model-version')).toHaveText(`Model ${v2.version}`);
	expect(bundleFiles(served.requests)).toEqual([]);

	await page.getByLabel('Component description').fill('Steel bracket manufactured in 1998, good condition');
	await page.getByLabel('Component description').press('Enter');
	await expect(page.getByTestId('verdict')).toContainText(/Compliant|Non-compliant/);
	await expect(page.getByTestId('verdict')).toContainText(`model ${v2.version}`);
});

test('a tampered or truncated bundle is refused and the old model keeps working', async ({ page, context }) => {
	const served = await serveBundles(context, v1);
	await openClassifier(page, v1.version);
	const worker = await inferenceWorker(page);

	// Same size, one byte changed: only the checksum can tell.
	const model = v2.files.get(v2.manifest.files.model.path) as Uint8Array;
	const tampered = Uint8Array.from(model);
	tampered[Math.floor(tampered.length / 2)] ^= 0xff;
	served.set(v2);
	served.override(v2.manifest.files.model.path, tampered);
	await page.getByRole('button', { name: 'Check for update' }).click();
	await expect(page.getByTestId('load-error')).toContainText('checksum');
	await expect(page.getByTestId('load-error')).toContainText(`still using model ${v1.version}`);
	await expect(page.getByTestId('model-version')).toHaveText(`Model ${v1.version}`);

	// Cut short: the download ends early and the size check refuses it.
	served.override(v2.manifest.files.model.path, model.subarray(0, model.length - 100));
	await page.getByRole('button', { name: 'Check for update' }).click();
	await expect(page.getByTestId('load-error')).toContainText(`${model.length - 100} bytes`);

	// The old model still answers, through the UI.
	await page.getByLabel('Component description').fill('Plastic housing from 1987 in poor condition');
	await page.getByRole('button', { name: 'Classify' }).click();
	await expect(page.getByTestId('verdict')).toContainText(`model ${v1.version}`);

	const errors = (await worker.telemetry()).filter((e) => e.kind === 'model-error');
	expect(errors).toHaveLength(2);
	for (const e of errors)
		expect(e).toMatchObject({ kind: 'model-error', modelVersion: v2.version, errorCode: 'BUNDLE_INTEGRITY', backend: 'wasm' });

	// After a restart the refused bundle is still not used.
	await page.reload();
	await expect(page.getByTestId('model-version')).toHaveText(`Model ${v1.version}`);
	await expect(page.getByTestId('load-error')).toBeVisible();
});

test('a challenger runs in shadow after the champion answers; telemetry reports both', async ({ page, context }) => {
	await serveBundles(context, v1, v2);
	await openClassifier(page, v1.version);
	const worker = await inferenceWorker(page);
	await expect(page.getByTestId('model-status')).toContainText(`shadow ${v2.version}`);

	const text = 'Iron flange made in 1991, fair condition';
	const [champion, challenger] = await Promise.all([nodeReference(v1, [text]), nodeReference(v2, [text])]);
	await page.getByLabel('Component description').fill(text);
	await page.getByLabel('Component description').press('Enter');
	await expect(page.getByTestId('verdict')).toHaveAttribute('data-label', String(champion[0].label));

	const predictions = async () => (await worker.telemetry()).filter((e) => e.kind !== 'model-error');
	await expect.poll(async () => (await predictions()).length).toBe(1);
	const [event] = await predictions();
	expect(event).toMatchObject({
		kind: 'prediction',
		modelVersion: v1.version,
		label: champion[0].label,
		backend: 'wasm',
		overridden: false
	});
	expect(event).not.toHaveProperty('text');
	const shadow = (event as { shadow: { modelVersion: string; label: number; probability: number } }).shadow;
	expect(shadow).toMatchObject({ modelVersion: v2.version, label: challenger[0].label });
	expect(Math.abs(shadow.probability - challenger[0].probability)).toBeLessThan(PARITY_TOLERANCE);
});

test('a device without room for the model gets a clear STORAGE_FULL message, not a broken download', async ({ page, context }) => {
	const served = await serveBundles(context, v1);
	// Shrink the quota the worker sees (init scripts do not reach workers: patch its script).
	await context.route('**/_app/immutable/workers/worker-*.js', async (route) => {
		const response = await route.fetch();
		const patch = 'StorageManager.prototype.estimate = async () => ({ usage: 0, quota: 1000 });';
		await route.fulfill({ response, body: `${patch}\n${await response.text()}` });
	});
	await gotoClassifier(page);
	await expect(page.getByTestId('load-error')).toContainText('Not enough storage for the model', { timeout: 60_000 });
	await expect(page.getByTestId('load-error')).toContainText('Free space on the device');
	expect(bundleFiles(served.requests)).toEqual([]);
	const status = await (await inferenceWorker(page)).status();
	expect(status).toMatchObject({ active: null, state: 'error', lastError: { code: 'STORAGE_FULL' } });
});
