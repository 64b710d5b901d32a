/**
 * Build the TF.js twin of an ONNX model (see onnx-weights.ts) with the training code's
 * own architecture, and run it. Shared by Node and the browser worker.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../training/src/model/architectures.ts';
import type { TfjsModelSpec } from './onnx-weights.ts';

export function buildTfjsModel(spec: TfjsModelSpec): tf.LayersModel {
	const model = buildModel(spec.architecture, 1, spec.dim);
	for (const { layer, tensors } of spec.layers) {
		const values = tensors.map((t) => tf.tensor(Float32Array.from(t.values), t.shape, 'float32'));
		model.getLayer(layer).setWeights(values);
		tf.dispose(values);
	}
	return model;
}

/** P(non-compliant) for one encoded batch (the model's first output; the second is the review signals); downloads the result, as a caller would. */
export async function predictTfjs(
	model: tf.LayersModel,
	features: Float32Array,
	mask: Float32Array,
	batch: number,
	tokens: number,
	dim: number
): Promise<Float32Array> {
	const output = tf.tidy(() => {
		const outputs = model.predict([tf.tensor3d(features, [batch, tokens, dim]), tf.tensor2d(mask, [batch, tokens])]);
		return Array.isArray(outputs) ? outputs[0] : outputs;
	});
	try {
		return (await output.data()) as Float32Array;
	} finally {
		output.dispose();
	}
}
