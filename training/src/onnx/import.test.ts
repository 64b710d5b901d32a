import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../src/lib/text/index.ts';
import { readManifest, resolveVersion } from '../../../src/lib/registry/resolve.ts';
import { DEFAULT_MODELS_DIR } from '../../../src/lib/registry/models-dir.ts';
import { initBackend } from '../backend.ts';
import { loadRealisticEval } from '../eval/eval-sets.ts';
import { buildModel, describeArchitecture, type Architecture } from '../model/architectures.ts';
import { runParity } from '../pipeline/export-stage.ts';
import { loadVocabulary } from '../vocab/build.ts';
import { convKernelToOnnx, exportOnnx } from './export.ts';
import { convKernelFromOnnx, importOnnx, readOnnxWeights } from './import.ts';

beforeAll(async () => {
	await initBackend('wasm');
});

describe('ONNX import (the inverse of the export)', () => {
	it('inverts the conv kernel permutation', () => {
		const kernel = Float32Array.from({ length: 3 * 5 * 4 }, (_, i) => i);
		expect(Array.from(convKernelFromOnnx(convKernelToOnnx(kernel, 3, 5, 4), 4, 5, 3))).toEqual(Array.from(kernel));
	});

	it.each<Architecture>([
		{ kind: 'dilated', filters: 8, kernelSize: 3, dilations: [2, 4], hidden: 6 },
		{ kind: 'conv', filters: 8, kernelSize: 4, hidden: 6 },
		{ kind: 'mean', hidden: 6 }
	])('reads the architecture and every weight back ($kind)', (architecture) => {
		const model = buildModel(architecture, 5, 10);
		model.setWeights(model.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', i + 1)));
		const onnx = exportOnnx(model, architecture);
		expect(readOnnxWeights(onnx).architecture).toEqual(architecture);
		const back = importOnnx(onnx).model;
		const a = model.getWeights().map((w) => Array.from(w.dataSync()));
		const b = back.getWeights().map((w) => Array.from(w.dataSync()));
		expect(b).toEqual(a);
	});

	it('rebuilds the committed champion: TF.js gives the ONNX probabilities (onnxruntime-node and -web) on real text', async () => {
		const version = await resolveVersion(DEFAULT_MODELS_DIR, 'champion');
		const manifest = await readManifest(DEFAULT_MODELS_DIR, version);
		const bytes = new Uint8Array(await readFile(path.join(DEFAULT_MODELS_DIR, manifest.files.model.path)));
		const { model, architecture } = importOnnx(bytes);
		expect(describeArchitecture(architecture)).toBe(manifest.architecture);
		const vocab = await loadVocabulary(path.join(DEFAULT_MODELS_DIR, manifest.files.vocabulary.path));
		const texts = (await loadRealisticEval()).slice(0, 300).map((s) => analyze(s.text, vocab));
		const parity = await runParity(model, bytes, texts, vocab, manifest.threshold, texts.length);
		expect(parity.samples).toBe(300);
		expect(parity.maxAbsDiffNode).toBeLessThan(1e-5);
		expect(parity.maxAbsDiffWeb).toBeLessThan(1e-5);
		expect(parity.labelChanges).toBe(0);
		// Both verdicts occur, so a scrambled kernel would have shown.
		expect(new Set(Array.from(parity.onnxProbabilities, (p) => p >= 0.5)).size).toBe(2);
		model.dispose();
	}, 120_000);

	it('refuses a file that is not an exported model, naming the missing weights', () => {
		expect(() => readOnnxWeights(new Uint8Array([1, 2, 3, 4]))).toThrow(/ONNX|initializer/);
	});
});
