/**
 * WebGPU in headless Chromium (--enable-unsafe-webgpu gives a SwiftShader adapter:
 * correct but slow, so these tests assert results, never speed).
 */
import { test, expect } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, WEBGPU_ARGS } from '#scripts/lib/chromium.ts';
import { buildBundle, descriptions, serveBundles } from './inference-bundles.ts';
import { inferenceWorker, openClassifier } from './inference-page.ts';
import { nodeReference, PARITY_TOLERANCE } from './inference-reference.ts';
import { expectChampionParity } from './inference-champion.ts';

test.use({
	launchOptions: {
		executablePath: CHROMIUM_PATH,
		args: [...CHROMIUM_ARGS, ...WEBGPU_ARGS]
	}
});

test('WebGPU worker matches onnxruntime-node on 500 descriptions', async ({ page, context }) => {
	test.setTimeout(180_000);
	const bundle = await buildBundle('webgpu-1', 31);
	await serveBundles(context, bundle);
	const texts = descriptions(500, 2025);
	const expected = await nodeReference(bundle, texts);

	await openClassifier(page, bundle.version);
	await expect(page.getByTestId('status-backend')).toContainText('WebGPU');
	const worker = await inferenceWorker(page);
	const status = await worker.status();
	expect(status.backend).toMatchObject({ kind: 'webgpu', threads: 0, fallbackReason: null });

	const actual = await worker.classify(texts);
	let maxDiff = 0;
	actual.forEach((r, i) => {
		maxDiff = Math.max(maxDiff, Math.abs(r.probability - expected[i].probability));
		expect.soft(r.label, texts[i]).toBe(expected[i].label);
		expect(r.backend).toBe('webgpu');
	});
	console.log(`WebGPU parity (${status.backend?.adapter}): ${texts.length} descriptions, max |diff| ${maxDiff.toExponential(2)}`);
	expect(maxDiff).toBeLessThan(PARITY_TOLERANCE);
});

test('the published champion on WebGPU matches the batch CLI on 500 descriptions', async ({ page }) => {
	test.setTimeout(180_000);
	await expectChampionParity(page, 'webgpu');
});

test('a worker without WebGPU falls back to WASM and says why', async ({ page, context }) => {
	const bundle = await buildBundle('webgpu-2', 32);
	await serveBundles(context, bundle);
	// Init scripts do not reach workers: remove navigator.gpu at the top of the worker script itself.
	await context.route('**/_app/immutable/workers/worker-*.js', async (route) => {
		const response = await route.fetch();
		const body = `delete WorkerNavigator.prototype.gpu;\n${await response.text()}`;
		await route.fulfill({ response, body });
	});
	await openClassifier(page, bundle.version);
	await expect(page.getByTestId('status-backend')).toContainText('WASM');
	const status = await (await inferenceWorker(page)).status();
	expect(status.backend?.kind).toBe('wasm');
	expect(status.backend?.fallbackReason).toContain('navigator.gpu is missing');

	const [result] = await (await inferenceWorker(page)).classify([descriptions(1, 5)[0]]);
	const [expected] = await nodeReference(bundle, [descriptions(1, 5)[0]]);
	expect(result.label).toBe(expected.label);
	expect(Math.abs(result.probability - expected.probability)).toBeLessThan(PARITY_TOLERANCE);
});
