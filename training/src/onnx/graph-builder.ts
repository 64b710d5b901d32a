/**
 * A small builder over `onnx-proto` (the ONNX protobuf schema as JS classes): nodes,
 * float/int64 initializers and tensor value infos, then one serialized ModelProto.
 */
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

const { onnx } = onnxProto;

/** ONNX opset we emit. Opset 17: ReduceMax/ReduceMean take `axes` as an attribute, ReduceSum/Unsqueeze as an input. */
export const OPSET = 17;
/** IR version that goes with opset 17 (ONNX 1.12). */
export const IR_VERSION = 8;

export type Dim = number | string;
type Attribute = number | number[] | { float: number };

function attribute(name: string, value: Attribute): Onnx.IAttributeProto {
	const T = onnx.AttributeProto.AttributeType;
	if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
	if (typeof value === 'number') return { name, type: T.INT, i: value };
	return { name, type: T.FLOAT, f: value.float };
}

function valueInfo(name: string, shape: readonly Dim[]): Onnx.IValueInfoProto {
	return {
		name,
		type: {
			tensorType: {
				elemType: onnx.TensorProto.DataType.FLOAT,
				shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) }
			}
		}
	};
}

function littleEndianBytes(view: Float32Array | BigInt64Array): Uint8Array {
	// Typed arrays use the platform byte order; ONNX raw_data is little endian. Every
	// platform Node and browsers run on is little endian, so a copy is enough.
	return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

export class GraphBuilder {
	readonly #nodes: Onnx.INodeProto[] = [];
	readonly #initializers: Onnx.ITensorProto[] = [];
	readonly #inputs: Onnx.IValueInfoProto[] = [];
	readonly #outputs: Onnx.IValueInfoProto[] = [];
	#counter = 0;

	input(name: string, shape: readonly Dim[]): string {
		this.#inputs.push(valueInfo(name, shape));
		return name;
	}

	output(name: string, shape: readonly Dim[]): void {
		this.#outputs.push(valueInfo(name, shape));
	}

	floats(name: string, dims: readonly number[], data: Float32Array): string {
		const expected = dims.reduce((a, b) => a * b, 1);
		if (data.length !== expected) throw new Error(`Initializer ${name}: ${data.length} values for shape [${dims.join(',')}]`);
		this.#initializers.push({ name, dims: [...dims], dataType: onnx.TensorProto.DataType.FLOAT, rawData: littleEndianBytes(data) });
		return name;
	}

	int64s(name: string, values: readonly number[]): string {
		const data = BigInt64Array.from(values.map((v) => BigInt(v)));
		this.#initializers.push({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, rawData: littleEndianBytes(data) });
		return name;
	}

	/** Add a node; returns its output name (`output` or a generated one). */
	node(opType: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}, output?: string): string {
		const out = output ?? `${opType.toLowerCase()}_${this.#counter++}`;
		this.#nodes.push({
			opType,
			name: `${opType}_${this.#nodes.length}`,
			input: [...inputs],
			output: [out],
			attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v))
		});
		return out;
	}

	build(graphName: string, metadata: Record<string, string> = {}): Uint8Array {
		const model = onnx.ModelProto.create({
			irVersion: IR_VERSION,
			opsetImport: [{ domain: '', version: OPSET }],
			producerName: 'compliance-training',
			producerVersion: '1',
			graph: {
				name: graphName,
				node: this.#nodes,
				initializer: this.#initializers,
				input: this.#inputs,
				output: this.#outputs
			},
			metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value }))
		});
		return onnx.ModelProto.encode(model).finish();
	}
}
