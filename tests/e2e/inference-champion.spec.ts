/**
 * The published champion, served by the real server from MODELS_DIR: the browser worker
 * on WASM gives the batch CLI's labels and probabilities (WebGPU: inference-webgpu.spec.ts).
 */
import { test } from '@playwright/test';
import { expectChampionParity } from './inference-champion.ts';

test('champion on WASM matches the batch CLI on 500 descriptions', async ({ page }) => {
	await expectChampionParity(page, 'wasm');
});
