/**
 * TF.js model -> ONNX (opset 17), without Python.
 *
 * Inputs  features float32 [batch, tokens, FEATURE_DIM], mask float32 [batch, tokens]
 * Output  probability float32 [batch, 1] = P(non-compliant)
 *
 * conv:  Transpose(NWC->NCW) -> Conv(pads same) -> Relu -> Mul(Unsqueeze(mask,1)) -> ReduceMax(axis 2)
 *        -> Gemm -> Relu -> Gemm -> Sigmoid
 * mean:  Mul(features, Unsqueeze(mask,2)) -> ReduceSum(axis 1) / Max(ReduceSum(mask), 1)
 *        -> Gemm -> Relu -> Gemm -> Sigmoid
 *
 * The conv kernel is the one pitfall: TF.js stores [k, in, out], ONNX Conv wants
 * [out, in, k]. It needs a permutation; a reshape keeps the shape right and silently
 * scrambles the weights (DESIGN.md measured 40% of labels flipped). parity.ts catches it.
 */
import type * as tf from '@tensorflow/tfjs';
import { FEATURE_DIM } from '../../../src/lib/text/index.ts';
import { LAYER, type Architecture } from '../model/architectures.ts';
import { samePadding } from '../model/layers.ts';
import { GraphBuilder } from './graph-builder.ts';

export const INPUT_FEATURES = 'features';
export const INPUT_MASK = 'mask';
export const OUTPUT_PROBABILITY = 'probability';

/** Input/output description, as written into the manifest. */
export function modelSignature(dim = FEATURE_DIM) {
	return {
		inputs: [
			{ name: INPUT_FEATURES, dtype: 'float32' as const, shape: ['batch', 'tokens', dim] },
			{ name: INPUT_MASK, dtype: 'float32' as const, shape: ['batch', 'tokens'] }
		],
		outputs: [{ name: OUTPUT_PROBABILITY, dtype: 'float32' as const, shape: ['batch', 1] }]
	};
}

export class ExportError extends Error {
	readonly code = 'ONNX_EXPORT';
	constructor(message: string) {
		super(message);
		this.name = 'ExportError';
	}
}

/** TF.js Conv1D kernel [k, in, out] -> ONNX Conv weight [out, in, k]: out[o][i][j] = kernel[j][i][o]. */
export function convKernelToOnnx(kernel: Float32Array, k: number, channels: number, filters: number): Float32Array {
	const out = new Float32Array(kernel.length);
	for (let j = 0; j < k; j++)
		for (let i = 0; i < channels; i++)
			for (let o = 0; o < filters; o++) out[(o * channels + i) * k + j] = kernel[(j * channels + i) * filters + o];
	return out;
}

export interface ExportOptions {
	/** Kernel conversion; only tests replace it (to prove that a wrong one is caught). */
	convKernel?: typeof convKernelToOnnx;
	metadata?: Record<string, string>;
}

function weights(model: tf.LayersModel, layer: string): { values: Float32Array; shape: number[] }[] {
	let found;
	try {
		found = model.getLayer(layer);
	} catch {
		throw new ExportError(`The model has no layer "${layer}"; export only supports models built by model/architectures.ts`);
	}
	return found.getWeights().map((w) => ({ values: w.dataSync() as Float32Array, shape: w.shape }));
}

function dense(g: GraphBuilder, model: tf.LayersModel, layer: string, input: string): string {
	const [kernel, bias] = weights(model, layer);
	// Gemm computes input [B,in] x B [in,out] + C: the TF.js kernel layout as is.
	const w = g.floats(`${layer}.kernel`, kernel.shape, kernel.values);
	const b = g.floats(`${layer}.bias`, bias.shape, bias.values);
	return g.node('Gemm', [input, w, b]);
}

export function exportOnnx(model: tf.LayersModel, architecture: Architecture, options: ExportOptions = {}): Uint8Array {
	const dim = model.inputs[0].shape[2];
	if (typeof dim !== 'number') throw new ExportError('The features input needs a fixed last dimension');
	const g = new GraphBuilder();
	const features = g.input(INPUT_FEATURES, ['batch', 'tokens', dim]);
	const mask = g.input(INPUT_MASK, ['batch', 'tokens']);
	let pooled: string;
	if (architecture.kind === 'conv') {
		const [kernel, bias] = weights(model, LAYER.conv);
		const [k, channels, filters] = kernel.shape;
		const convert = options.convKernel ?? convKernelToOnnx;
		const w = g.floats(`${LAYER.conv}.kernel`, [filters, channels, k], convert(kernel.values, k, channels, filters));
		const b = g.floats(`${LAYER.conv}.bias`, [filters], bias.values);
		const ncw = g.node('Transpose', [features], { perm: [0, 2, 1] });
		const conv = g.node('Conv', [ncw, w, b], { kernel_shape: [k], pads: samePadding(k), strides: [1], dilations: [1], group: 1 });
		const relu = g.node('Relu', [conv]);
		const mask3 = g.node('Unsqueeze', [mask, g.int64s('axes_1', [1])]);
		const masked = g.node('Mul', [relu, mask3]);
		pooled = g.node('ReduceMax', [masked], { axes: [2], keepdims: 0 });
	} else {
		const mask3 = g.node('Unsqueeze', [mask, g.int64s('axes_2', [2])]);
		const masked = g.node('Mul', [features, mask3]);
		const axis1 = g.int64s('axes_1', [1]);
		const summed = g.node('ReduceSum', [masked, axis1], { keepdims: 0 });
		const count = g.node('ReduceSum', [mask, axis1], { keepdims: 1 });
		const safeCount = g.node('Max', [count, g.floats('one', [], Float32Array.of(1))]);
		pooled = g.node('Div', [summed, safeCount]);
	}
	const hidden = g.node('Relu', [dense(g, model, LAYER.hidden, pooled)]);
	g.node('Sigmoid', [dense(g, model, LAYER.output, hidden)], {}, OUTPUT_PROBABILITY);
	g.output(OUTPUT_PROBABILITY, ['batch', 1]);
	return g.build(`compliance-${architecture.kind}`, options.metadata);
}
