/**
 * The champion's weights, read back from its ONNX file, in TF.js layer layout: the
 * benchmark rebuilds the "native" TF.js model from exactly the numbers ONNX runs, so
 * the comparison is the same model in two runtimes (parity is checked before timing).
 *
 * Inverse of training/src/onnx/export.ts: Conv weight [out,in,k] -> TF.js [k,in,out];
 * Gemm weights are already in TF.js Dense layout. Node only (onnx-proto); the result is
 * plain data that the browser worker receives as JSON.
 */
import onnxProto from 'onnx-proto';
import { LAYER, type Architecture } from '../../training/src/model/architectures.ts';
import { CodedError } from '#lib/errors.ts';

const { onnx } = onnxProto;

export interface LayerWeights {
	/** TF.js layer name (architectures.ts LAYER). */
	layer: string;
	/** [kernel, bias] in TF.js layout. */
	tensors: { shape: number[]; values: number[] }[];
}

export interface TfjsModelSpec {
	architecture: Architecture;
	layers: LayerWeights[];
}

export class OnnxWeightsError extends CodedError<'BENCH_ONNX_WEIGHTS'> {
	constructor(message: string) {
		super('BENCH_ONNX_WEIGHTS', message);
	}
}

function floats(tensor: import('onnx-proto').onnx.ITensorProto): Float32Array {
	if (tensor.rawData && tensor.rawData.length > 0) {
		const raw = tensor.rawData;
		return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
	}
	return Float32Array.from(tensor.floatData ?? []);
}

/** ONNX Conv weight [out, in, k] -> TF.js Conv1D kernel [k, in, out]. */
export function convKernelFromOnnx(weight: Float32Array, filters: number, channels: number, k: number): Float32Array {
	const out = new Float32Array(weight.length);
	for (let o = 0; o < filters; o++)
		for (let i = 0; i < channels; i++)
			for (let j = 0; j < k; j++) out[(j * channels + i) * filters + o] = weight[(o * channels + i) * k + j];
	return out;
}

export function readTfjsSpec(modelBytes: Uint8Array): TfjsModelSpec {
	const model = onnx.ModelProto.decode(modelBytes);
	const init = new Map((model.graph?.initializer ?? []).map((t) => [t.name ?? '', t]));
	const get = (name: string) => {
		const t = init.get(name);
		if (!t)
			throw new OnnxWeightsError(
				`The ONNX model has no initializer "${name}"; only models exported by training/src/onnx/export.ts can be rebuilt in TF.js.`
			);
		return { dims: (t.dims ?? []).map(Number), values: floats(t) };
	};
	const dense = (layer: string): LayerWeights => {
		const kernel = get(`${layer}.kernel`);
		const bias = get(`${layer}.bias`);
		return { layer, tensors: [kernel, bias].map((t) => ({ shape: t.dims, values: Array.from(t.values) })) };
	};
	const hidden = dense(LAYER.hidden);
	const hiddenUnits = hidden.tensors[1].shape[0];
	if (init.has(`${LAYER.conv}.kernel`)) {
		const weight = get(`${LAYER.conv}.kernel`);
		const bias = get(`${LAYER.conv}.bias`);
		const [filters, channels, k] = weight.dims;
		const conv: LayerWeights = {
			layer: LAYER.conv,
			tensors: [
				{ shape: [k, channels, filters], values: Array.from(convKernelFromOnnx(weight.values, filters, channels, k)) },
				{ shape: bias.dims, values: Array.from(bias.values) }
			]
		};
		return { architecture: { kind: 'conv', filters, kernelSize: k, hidden: hiddenUnits }, layers: [conv, hidden, dense(LAYER.output)] };
	}
	return { architecture: { kind: 'mean', hidden: hiddenUnits }, layers: [hidden, dense(LAYER.output)] };
}
