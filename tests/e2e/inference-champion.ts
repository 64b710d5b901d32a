/** Shared by the WASM and WebGPU champion parity specs (they need different launch flags). */
import { test, expect, type Page } from '@playwright/test';
import { descriptions } from './inference-bundles.ts';
import { inferenceWorker, openClassifier } from './inference-page.ts';
import { cliReference, MODELS_DIR, PARITY_TOLERANCE, publishedChampion } from './inference-reference.ts';

/** The champion served by the real server vs the batch CLI, on 500 generated descriptions. */
export async function expectChampionParity(page: Page, backend: 'wasm' | 'webgpu'): Promise<void> {
	const version = publishedChampion();
	expect(version, `no champion in ${MODELS_DIR}/registry.json (train one with npm run train)`).toBeTruthy();
	const texts = descriptions(500, 4242);
	const expected = cliReference(version as string, texts);
	expect(expected).toHaveLength(texts.length);

	await openClassifier(page, version as string);
	const worker = await inferenceWorker(page);
	expect((await worker.status()).backend?.kind).toBe(backend);
	const actual = await worker.classify(texts);
	let maxDiff = 0;
	actual.forEach((r, i) => {
		maxDiff = Math.max(maxDiff, Math.abs(r.probability - expected[i].probability));
		expect.soft(r.label, texts[i]).toBe(expected[i].label);
		expect(r.model).toBe(expected[i].model);
	});
	console.log(`champion ${version} on ${backend}: ${texts.length} descriptions, max |diff| vs batch CLI ${maxDiff.toExponential(2)}`);
	expect(maxDiff).toBeLessThan(PARITY_TOLERANCE);
}
