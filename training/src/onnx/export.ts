/**
 * TF.js model -> ONNX (opset 17), without Python. Tensor names and shapes come from the
 * model contract (src/lib/bundle/model-contract.ts).
 *
 * conv:     Transpose(NWC->NCW) -> Conv(pads same) -> Relu -> Mul(mask) -> ReduceMax(axis 2)
 * dilated:  the same first layer, then per block x + Mul(Relu(Conv(dilation d)(x)), mask),
 *           then Concat(ReduceMax, ReduceSum / Max(sum(mask), 1)) over tokens
 * mean:     Mul(features, mask) -> ReduceSum(axis 1) / Max(ReduceSum(mask), 1)
 * heads:    Gemm -> Relu -> { Gemm -> Sigmoid = probability, Gemm -> Sigmoid = review }
 *
 * The conv kernel is the one pitfall: TF.js stores [k, in, out], ONNX Conv wants
 * [out, in, k]. It needs a permutation; a reshape keeps the shape right and silently
 * scrambles the weights (DESIGN.md measured 40% of labels flipped). parity.ts catches it.
 */
import type * as tf from '@tensorflow/tfjs';
import { INPUT_FEATURES, INPUT_MASK, OUTPUT_PROBABILITY, OUTPUT_REVIEW, REVIEW_SIGNALS } from '../../../src/lib/bundle/model-contract.ts';
import { LAYER, type Architecture } from '../model/architectures.ts';
import { samePadding } from '../model/layers.ts';
import { GraphBuilder } from './graph-builder.ts';
import { CodedError } from '../../../src/lib/errors.ts';

export class ExportError extends CodedError<'ONNX_EXPORT'> {
	constructor(message: string) {
		super('ONNX_EXPORT', message);
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

function conv(
	g: GraphBuilder,
	model: tf.LayersModel,
	layer: string,
	input: string,
	mask3: string,
	convert: typeof convKernelToOnnx,
	dilation = 1
): string {
	const [kernel, bias] = weights(model, layer);
	const [k, channels, filters] = kernel.shape;
	const w = g.floats(`${layer}.kernel`, [filters, channels, k], convert(kernel.values, k, channels, filters));
	const b = g.floats(`${layer}.bias`, [filters], bias.values);
	const y = g.node('Conv', [input, w, b], {
		kernel_shape: [k],
		pads: samePadding(k, dilation),
		strides: [1],
		dilations: [dilation],
		group: 1
	});
	return g.node('Mul', [g.node('Relu', [y]), mask3]);
}

export function exportOnnx(model: tf.LayersModel, architecture: Architecture, options: ExportOptions = {}): Uint8Array {
	const dim = model.inputs[0].shape[2];
	if (typeof dim !== 'number') throw new ExportError('The features input needs a fixed last dimension');
	const g = new GraphBuilder();
	const features = g.input(INPUT_FEATURES, ['batch', 'tokens', dim]);
	const mask = g.input(INPUT_MASK, ['batch', 'tokens']);
	const convert = options.convKernel ?? convKernelToOnnx;
	let pooled: string;
	if (architecture.kind === 'mean') {
		const mask3 = g.node('Unsqueeze', [mask, g.int64s('axes_2', [2])]);
		const masked = g.node('Mul', [features, mask3]);
		const axis1 = g.int64s('axes_1', [1]);
		const summed = g.node('ReduceSum', [masked, axis1], { keepdims: 0 });
		const count = g.node('ReduceSum', [mask, axis1], { keepdims: 1 });
		const safeCount = g.node('Max', [count, g.floats('one', [], Float32Array.of(1))]);
		pooled = g.node('Div', [summed, safeCount]);
	} else {
		const ncw = g.node('Transpose', [features], { perm: [0, 2, 1] });
		const mask3 = g.node('Unsqueeze', [mask, g.int64s('axes_1', [1])]);
		let x = conv(g, model, LAYER.conv, ncw, mask3, convert);
		if (architecture.kind === 'conv') {
			pooled = g.node('ReduceMax', [x], { axes: [2], keepdims: 0 });
		} else {
			architecture.dilations.forEach((d, i) => {
				x = g.node('Add', [x, conv(g, model, LAYER.block(i + 1), x, mask3, convert, d)]);
			});
			const max = g.node('ReduceMax', [x], { axes: [2], keepdims: 0 });
			const axis2 = g.int64s('axes_2', [2]);
			const summed = g.node('ReduceSum', [x, axis2], { keepdims: 0 });
			const count = g.node('ReduceSum', [mask, g.int64s('axes_1b', [1])], { keepdims: 1 });
			const mean = g.node('Div', [summed, g.node('Max', [count, g.floats('one', [], Float32Array.of(1))])]);
			pooled = g.node('Concat', [max, mean], { axis: 1 });
		}
	}
	const hidden = g.node('Relu', [dense(g, model, LAYER.hidden, pooled)]);
	g.node('Sigmoid', [dense(g, model, LAYER.output, hidden)], {}, OUTPUT_PROBABILITY);
	g.node('Sigmoid', [dense(g, model, LAYER.review, hidden)], {}, OUTPUT_REVIEW);
	g.output(OUTPUT_PROBABILITY, ['batch', 1]);
	g.output(OUTPUT_REVIEW, ['batch', REVIEW_SIGNALS.length]);
	return g.build(`compliance-${architecture.kind}`, options.metadata);
}
