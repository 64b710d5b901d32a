import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.ts';
import { buildModel, type Architecture } from '../model/architectures.ts';
import { exportOnnx } from './export.ts';
import { checkParity, ParityError, type ParityBatch } from './parity.ts';

const DIM = 10;

/** A tiny model with every weight (biases too) random, so outputs spread over (0, 1). */
function randomModel(architecture: Architecture, seed: number): tf.LayersModel {
	const model = buildModel(architecture, seed, DIM);
	model.setWeights(model.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.7, 'float32', seed * 100 + i)));
	return model;
}

/** Random batches with ragged lengths; padded positions are zero, as the featurizer writes them. */
function randomBatches(count: number, batch: number, length: number, seed: number): ParityBatch[] {
	return Array.from({ length: count }, (_, n) =>
		tf.tidy(() => {
			const lengths = tf.randomUniform([batch], 0, length + 1, 'int32', seed + n).dataSync();
			const mask = new Float32Array(batch * length);
			lengths.forEach((l, b) => mask.fill(1, b * length, b * length + l));
			const features = tf
				.randomNormal([batch, length, DIM], 0, 1, 'float32', seed + n)
				.mul(tf.tensor2d(mask, [batch, length]).expandDims(-1));
			return { features: features.dataSync() as Float32Array, mask, batch, length, dim: DIM };
		})
	);
}

const CONV: Architecture = { kind: 'conv', filters: 8, kernelSize: 3, hidden: 6 };
const CONV_EVEN: Architecture = { kind: 'conv', filters: 8, kernelSize: 4, hidden: 6 };
const MEAN: Architecture = { kind: 'mean', hidden: 6 };
const DILATED: Architecture = { kind: 'dilated', filters: 8, kernelSize: 3, dilations: [2, 4], hidden: 6 };

beforeAll(async () => {
	await initBackend('wasm');
});

describe('ONNX export', () => {
	for (const architecture of [CONV, CONV_EVEN, MEAN, DILATED]) {
		it(`matches TF.js in onnxruntime-node and onnxruntime-web, both outputs (${architecture.kind}${architecture.kind !== 'mean' ? ` k=${architecture.kernelSize}` : ''})`, async () => {
			const model = randomModel(architecture, 11);
			const onnx = exportOnnx(model, architecture);
			const report = await checkParity(model, onnx, randomBatches(6, 20, 9, 5), { minSamples: 100 });
			expect(report.samples).toBe(120);
			expect(report.maxAbsDiffNode).toBeLessThan(1e-5);
			expect(report.maxAbsDiffWeb).toBeLessThan(1e-5);
			expect(report.labelChanges).toBe(0);
			// Non-trivial outputs: both labels occur, so a label flip would have been visible.
			const labels = new Set(Array.from(report.onnxProbabilities, (p) => p >= 0.5));
			expect(labels.size).toBe(2);
		});
	}

	it.each([CONV, DILATED])('gives the same probability whatever the padded length (TF.js and ONNX, $kind)', async (architecture) => {
		const model = randomModel(architecture, 3);
		const onnx = exportOnnx(model, architecture);
		const [short] = randomBatches(1, 8, 5, 9);
		const long: ParityBatch = { ...short, length: 12, features: new Float32Array(8 * 12 * DIM), mask: new Float32Array(8 * 12) };
		for (let b = 0; b < 8; b++) {
			long.features.set(short.features.subarray(b * 5 * DIM, (b + 1) * 5 * DIM), b * 12 * DIM);
			long.mask.set(short.mask.subarray(b * 5, (b + 1) * 5), b * 12);
		}
		const a = await checkParity(model, onnx, [short], { minSamples: 1 });
		const b = await checkParity(model, onnx, [long], { minSamples: 1 });
		for (let i = 0; i < 8; i++) {
			expect(b.tfProbabilities[i]).toBeCloseTo(a.tfProbabilities[i], 6);
			expect(b.onnxProbabilities[i]).toBeCloseTo(a.onnxProbabilities[i], 6);
		}
	});

	it('rejects an export whose conv kernel was reshaped instead of permuted', async () => {
		const model = randomModel(CONV, 7);
		const reshaped = exportOnnx(model, CONV, { convKernel: (kernel) => kernel.slice() });
		const error = await checkParity(model, reshaped, randomBatches(4, 25, 9, 1), { minSamples: 100 }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ParityError);
		expect((error as ParityError).code).toBe('ONNX_PARITY');
		expect((error as ParityError).report?.maxAbsDiffNode).toBeGreaterThan(1e-3);
	});

	it('refuses to vouch for a model on too few samples', async () => {
		const model = randomModel(MEAN, 2);
		await expect(checkParity(model, exportOnnx(model, MEAN), randomBatches(1, 10, 4, 2))).rejects.toThrow(/at least 1000 samples/);
	});
});
