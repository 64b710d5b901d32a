/**
 * ONNX -> TF.js: the inverse of export.ts, for warm-starting training from a registered
 * bundle (pipeline/warm-start.ts). The export is a straight mapping of TF.js weights to
 * initializers `${layer}.kernel` / `${layer}.bias`; Gemm weights keep the TF.js Dense
 * layout and Conv weights are permuted [k,in,out] -> [out,in,k], so the import permutes
 * them back. The architecture is read from the graph itself (which initializers exist,
 * their shapes, each Conv node's `dilations`), so a bundle needs nothing else; the
 * caller checks it against the manifest's `architecture` string.
 */
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import * as tf from '@tensorflow/tfjs';
import { CodedError } from '../../../src/lib/errors.ts';
import { buildModel, LAYER, type Architecture } from '../model/architectures.ts';

const { onnx } = onnxProto;

export class ImportError extends CodedError<'ONNX_IMPORT'> {
	constructor(message: string) {
		super('ONNX_IMPORT', message);
	}
}

/** ONNX Conv weight [out, in, k] -> TF.js Conv1D kernel [k, in, out]: the inverse of convKernelToOnnx. */
export function convKernelFromOnnx(weight: Float32Array, filters: number, channels: number, k: number): Float32Array {
	const out = new Float32Array(weight.length);
	for (let o = 0; o < filters; o++)
		for (let i = 0; i < channels; i++)
			for (let j = 0; j < k; j++) out[(j * channels + i) * filters + o] = weight[(o * channels + i) * k + j];
	return out;
}

interface Tensor {
	dims: number[];
	values: Float32Array;
}

export interface ImportedWeights {
	architecture: Architecture;
	/** Width of the features input. */
	dim: number;
	/** TF.js layer name -> [kernel, bias] in TF.js layout. */
	layers: Map<string, [Tensor, Tensor]>;
}

function floats(t: Onnx.ITensorProto): Float32Array {
	if (t.dataType !== onnx.TensorProto.DataType.FLOAT) throw new ImportError(`Initializer ${t.name} is not float32`);
	if (t.rawData && t.rawData.length > 0) {
		const raw = t.rawData;
		return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
	}
	return Float32Array.from(t.floatData ?? []);
}

/** Read the weights and the architecture of an ONNX file written by export.ts. */
export function readOnnxWeights(bytes: Uint8Array): ImportedWeights {
	let model: Onnx.ModelProto;
	try {
		model = onnx.ModelProto.decode(bytes);
	} catch (error) {
		throw new ImportError(`Not an ONNX model (${(error as Error).message})`);
	}
	const graph = model.graph;
	if (!graph) throw new ImportError('The ONNX model has no graph');
	const init = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
	const get = (name: string): Tensor => {
		const t = init.get(name);
		if (!t)
			throw new ImportError(
				`The ONNX model has no initializer "${name}": only models exported by training/src/onnx/export.ts can be imported`
			);
		return { dims: (t.dims ?? []).map(Number), values: floats(t) };
	};
	const layers = new Map<string, [Tensor, Tensor]>();
	const dense = (layer: string) => layers.set(layer, [get(`${layer}.kernel`), get(`${layer}.bias`)]);
	const featureDim = graph.input?.[0]?.type?.tensorType?.shape?.dim?.[2]?.dimValue;
	let dim = featureDim == null ? NaN : Number(featureDim);
	const conv = (layer: string): { filters: number; channels: number; k: number; dilation: number } => {
		const weight = get(`${layer}.kernel`);
		const [filters, channels, k] = weight.dims;
		const node = (graph.node ?? []).find((n) => n.opType === 'Conv' && n.input?.[1] === `${layer}.kernel`);
		const dilation = Number(node?.attribute?.find((a) => a.name === 'dilations')?.ints?.[0] ?? 1);
		layers.set(layer, [
			{ dims: [k, channels, filters], values: convKernelFromOnnx(weight.values, filters, channels, k) },
			get(`${layer}.bias`)
		]);
		return { filters, channels, k, dilation };
	};
	dense(LAYER.hidden);
	dense(LAYER.output);
	dense(LAYER.review);
	const hidden = layers.get(LAYER.hidden)![1].dims[0];
	let architecture: Architecture;
	if (init.has(`${LAYER.conv}.kernel`)) {
		const first = conv(LAYER.conv);
		if (Number.isNaN(dim)) dim = first.channels;
		const dilations: number[] = [];
		for (let i = 1; init.has(`${LAYER.block(i)}.kernel`); i++) dilations.push(conv(LAYER.block(i)).dilation);
		architecture =
			dilations.length === 0
				? { kind: 'conv', filters: first.filters, kernelSize: first.k, hidden }
				: { kind: 'dilated', filters: first.filters, kernelSize: first.k, dilations, hidden };
	} else {
		architecture = { kind: 'mean', hidden };
		if (Number.isNaN(dim)) dim = layers.get(LAYER.hidden)![0].dims[0];
	}
	return { architecture, dim, layers };
}

/** The TF.js model of an ONNX file written by export.ts, with its weights: the same numbers in both runtimes. */
export function importOnnx(bytes: Uint8Array, seed = 1): { model: tf.LayersModel; architecture: Architecture } {
	const weights = readOnnxWeights(bytes);
	const model = buildModel(weights.architecture, seed, weights.dim);
	for (const [name, [kernel, bias]] of weights.layers) {
		const layer = model.getLayer(name);
		const expected = layer.getWeights().map((w) => w.shape.join(','));
		const got = [kernel.dims.join(','), bias.dims.join(',')];
		if (expected.join(';') !== got.join(';'))
			throw new ImportError(`Layer ${name}: ONNX weights [${got.join('] [')}] do not fit the rebuilt layer [${expected.join('] [')}]`);
		const tensors = [tf.tensor(kernel.values, kernel.dims), tf.tensor(bias.values, bias.dims)];
		layer.setWeights(tensors);
		tf.dispose(tensors);
	}
	return { model, architecture: weights.architecture };
}
