import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../training/src/backend.ts';
import { buildModel, type Architecture } from '../../training/src/model/architectures.ts';
import { exportOnnx } from '../../training/src/onnx/export.ts';
import { readTfjsSpec, type TfjsModelSpec } from './onnx-weights.ts';
import { buildTfjsModel, predictTfjs } from './tfjs-model.ts';

beforeAll(async () => {
	await initBackend('wasm');
});

describe('the TF.js twin the bench rebuilds from an ONNX file', () => {
	it.each<Architecture>([
		{ kind: 'dilated', filters: 8, kernelSize: 3, dilations: [2, 4], hidden: 6 },
		{ kind: 'conv', filters: 8, kernelSize: 4, hidden: 6 },
		{ kind: 'mean', hidden: 6 }
	])('survives JSON (as the browser worker gets it) and predicts what the original does ($kind)', async (architecture) => {
		const dim = 10;
		const original = buildModel(architecture, 5, dim);
		original.setWeights(original.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', i + 1)));
		const spec = JSON.parse(JSON.stringify(readTfjsSpec(exportOnnx(original, architecture)))) as TfjsModelSpec;
		expect(spec.architecture).toEqual(architecture);
		expect(spec.dim).toBe(dim);
		const twin = buildTfjsModel(spec);
		const [batch, tokens] = [3, 7];
		const features = Float32Array.from({ length: batch * tokens * dim }, (_, i) => Math.sin(i));
		const mask = Float32Array.from({ length: batch * tokens }, (_, i) => (i % tokens < 5 ? 1 : 0));
		const expected = await predictTfjs(original, features, mask, batch, tokens, dim);
		const got = await predictTfjs(twin, features, mask, batch, tokens, dim);
		expect(got).toHaveLength(batch);
		expect(new Set(Array.from(expected)).size).toBeGreaterThan(1);
		for (let i = 0; i < batch; i++) expect(got[i]).toBeCloseTo(expected[i], 6);
		original.dispose();
		twin.dispose();
	});

	it('refuses a file that is not an exported model, with a coded error', () => {
		expect(() => readTfjsSpec(new Uint8Array([1, 2, 3, 4]))).toThrow(expect.objectContaining({ code: 'ONNX_IMPORT' }));
	});
});
