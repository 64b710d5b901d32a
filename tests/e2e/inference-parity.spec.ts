/**
 * The browser worker gives the same labels and probabilities as Node (onnxruntime-node,
 * the batch CLI's runtime) for the same 500 descriptions, on WASM.
 * WebGPU parity lives in inference-webgpu.spec.ts (it needs other launch flags).
 */
import { test, expect } from '@playwright/test';
import { buildBundle, descriptions, serveBundles } from './inference-bundles.ts';
import { inferenceWorker, openClassifier } from './inference-page.ts';
import { nodeReference, PARITY_TOLERANCE } from './inference-reference.ts';

test('WASM worker matches onnxruntime-node on 500 descriptions', async ({ page, context }) => {
	const bundle = await buildBundle('parity-1', 11);
	await serveBundles(context, bundle);
	const texts = descriptions(500, 2024);
	const expected = await nodeReference(bundle, texts);

	await openClassifier(page, bundle.version);
	const worker = await inferenceWorker(page);
	const status = await worker.status();
	expect(status.backend?.kind).toBe('wasm');
	// Threads need cross-origin isolation, which the server's headers provide.
	expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
	const cores = await page.evaluate(() => navigator.hardwareConcurrency);
	expect(status.backend?.threads).toBe(Math.min(cores, 4));

	const actual = await worker.classify(texts);
	expect(actual).toHaveLength(texts.length);
	let maxDiff = 0;
	actual.forEach((r, i) => {
		maxDiff = Math.max(maxDiff, Math.abs(r.probability - expected[i].probability));
		expect.soft(r.label, texts[i]).toBe(expected[i].label);
		expect(r.backend).toBe('wasm');
		expect(r.model).toBe(bundle.version);
	});
	console.log(`WASM parity: ${texts.length} descriptions, max |diff| ${maxDiff.toExponential(2)}, ${status.backend?.threads} threads`);
	expect(maxDiff).toBeLessThan(PARITY_TOLERANCE);
});
