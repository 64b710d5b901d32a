/**
 * The champion's weights, read back from its ONNX file, in TF.js layer layout: the
 * benchmark rebuilds the "native" TF.js model from exactly the numbers ONNX runs, so
 * the comparison is the same model in two runtimes (parity is checked before timing).
 *
 * The reading (every architecture, Conv permutation, dilations) is training's own
 * importer, training/src/onnx/import.ts; this file only turns its result into plain
 * data, because the browser worker receives the spec as JSON. Node only (onnx-proto).
 */
import type { Architecture } from '../../training/src/model/architectures.ts';
import { readOnnxWeights } from '../../training/src/onnx/import.ts';

export interface LayerWeights {
	/** TF.js layer name (architectures.ts LAYER). */
	layer: string;
	/** [kernel, bias] in TF.js layout. */
	tensors: { shape: number[]; values: number[] }[];
}

export interface TfjsModelSpec {
	architecture: Architecture;
	/** Width of the features input. */
	dim: number;
	layers: LayerWeights[];
}

/** The TF.js spec of an ONNX file written by training/src/onnx/export.ts (throws ImportError otherwise). */
export function readTfjsSpec(modelBytes: Uint8Array): TfjsModelSpec {
	const { architecture, dim, layers } = readOnnxWeights(modelBytes);
	return {
		architecture,
		dim,
		layers: [...layers].map(([layer, tensors]) => ({
			layer,
			tensors: tensors.map((t) => ({ shape: t.dims, values: Array.from(t.values) }))
		}))
	};
}
