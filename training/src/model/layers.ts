/**
 * Custom TF.js layers of our two architectures.
 *
 * `TokenConv1D` is a 1-D convolution over tokens with TF "same" padding, written as
 * im2col: pad, take k shifted copies, concatenate on channels and do one matMul with
 * the kernel reshaped [k*in, out]. Its kernel has the tf.layers.conv1d layout
 * [k, in, out], so export permutes it exactly like a stock Conv1D. We use it because
 * the WASM backend lacks Conv2DBackpropFilter (see backend.ts).
 */
import * as tf from '@tensorflow/tfjs';

type Kwargs = Record<string, unknown>;

function single(input: tf.Tensor | tf.Tensor[]): tf.Tensor {
	return Array.isArray(input) ? input[0] : input;
}

/**
 * a [m,k] @ b [k,n] with gradients that avoid transposed matMuls. tfjs-backend-wasm
 * 4.22 runs matMul with transposeA/transposeB about 12x slower than the plain product
 * (218 ms vs 17 ms for [5120,402]x[5120,64] here), and the stock gradient of matMul
 * uses exactly those. Transposing the small operands explicitly is much cheaper.
 */
function fastMatMul(inputGradient: boolean) {
	return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
		const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
		save([a, b]);
		return {
			value: tf.matMul(a, b),
			gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
				const [sa, sb] = saved as tf.Tensor2D[];
				const dy2 = dy as tf.Tensor2D;
				const da = inputGradient ? tf.matMul(dy2, tf.transpose(sb)) : tf.zerosLike(sa);
				return [da, tf.transpose(tf.matMul(tf.transpose(dy2), sa))];
			}
		};
	}) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;
}

export const matMulFastGrad = fastMatMul(true);
/** Same, but reports a zero gradient for `a`: for a first layer, whose input is data. */
export const matMulFastGradWeightsOnly = fastMatMul(false);

/** "same" padding: total (k-1)*d, the extra pad (even k) on the right, as in TF and ONNX SAME_UPPER. */
export function samePadding(kernelSize: number, dilation = 1): [number, number] {
	const total = (kernelSize - 1) * dilation;
	const left = Math.floor(total / 2);
	return [left, total - left];
}

export interface TokenConv1DArgs {
	filters: number;
	kernelSize: number;
	/** Gap between the kernel's taps (default 1). */
	dilation?: number;
	seed?: number;
	name?: string;
	/** False when the layer reads the model input directly: skips a matMul per step. Default true. */
	inputGradient?: boolean;
}

export class TokenConv1D extends tf.layers.Layer {
	static className = 'TokenConv1D';
	readonly filters: number;
	readonly kernelSize: number;
	readonly dilation: number;
	readonly seed: number | undefined;
	readonly inputGradient: boolean;
	kernel: tf.LayerVariable | null = null;
	bias: tf.LayerVariable | null = null;

	constructor(args: TokenConv1DArgs) {
		super({ name: args.name });
		this.filters = args.filters;
		this.kernelSize = args.kernelSize;
		this.dilation = args.dilation ?? 1;
		this.seed = args.seed;
		this.inputGradient = args.inputGradient ?? true;
	}

	override build(inputShape: tf.Shape | tf.Shape[]): void {
		const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
		const channels = shape[shape.length - 1];
		if (channels == null) throw new Error('TokenConv1D needs a known channel count');
		this.kernel = this.addWeight(
			'kernel',
			[this.kernelSize, channels, this.filters],
			'float32',
			tf.initializers.glorotUniform({ seed: this.seed })
		);
		this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
		this.built = true;
	}

	override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
		const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
		return [shape[0], shape[1], this.filters];
	}

	override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
		return tf.tidy(() => {
			const x = single(inputs) as tf.Tensor3D;
			const [batch, tokens, channels] = x.shape;
			const [left, right] = samePadding(this.kernelSize, this.dilation);
			const padded = tf.pad(x, [
				[0, 0],
				[left, right],
				[0, 0]
			]);
			const shifted: tf.Tensor3D[] = [];
			for (let j = 0; j < this.kernelSize; j++) shifted.push(tf.slice(padded, [0, j * this.dilation, 0], [batch, tokens, channels]));
			const columns = (this.kernelSize === 1 ? shifted[0] : tf.concat(shifted, 2)).reshape([batch * tokens, this.kernelSize * channels]);
			const kernel = this.kernel!.read().reshape([this.kernelSize * channels, this.filters]);
			const product = this.inputGradient ? matMulFastGrad : matMulFastGradWeightsOnly;
			const y = tf.add(product(columns as tf.Tensor2D, kernel as tf.Tensor2D), this.bias!.read());
			return y.reshape([batch, tokens, this.filters]);
		});
	}

	override getConfig(): tf.serialization.ConfigDict {
		return {
			...super.getConfig(),
			filters: this.filters,
			kernelSize: this.kernelSize,
			dilation: this.dilation,
			seed: this.seed ?? null,
			inputGradient: this.inputGradient
		};
	}
}

/** [x [B,T,F], mask [B,T]] -> x * mask[..., None]. After a ReLU this makes padding irrelevant to a max-pool. */
export class MaskTokens extends tf.layers.Layer {
	static className = 'MaskTokens';

	override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
		return (inputShape as tf.Shape[])[0];
	}

	override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
		return tf.tidy(() => {
			const [x, mask] = inputs as tf.Tensor[];
			return tf.mul(x, tf.expandDims(mask, -1));
		});
	}
}

/** [x [B,T,C], mask [B,T]] -> sum_t(x*mask) / max(sum_t(mask), 1): the mean over real tokens. */
export class MaskedMean extends tf.layers.Layer {
	static className = 'MaskedMean';

	override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
		const x = (inputShape as tf.Shape[])[0];
		return [x[0], x[2]];
	}

	override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
		return tf.tidy(() => {
			const [x, mask] = inputs as tf.Tensor[];
			const summed = tf.sum(tf.mul(x, tf.expandDims(mask, -1)), 1);
			const count = tf.maximum(tf.sum(mask, 1, true), 1);
			return tf.div(summed, count);
		});
	}
}

/**
 * The gradient of a max over axis 1, without tf.equal: tfjs-backend-wasm 4.22 runs a
 * broadcasting Equal ~40x slower than other broadcasting ops (52 ms for [256,20,64]).
 * indicator = relu(sign(x - max) + 1) is 1 where x equals the max and 0 elsewhere;
 * like the stock gradient, ties all receive the gradient.
 */
const maxOverTokens = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
	const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
	const value = tf.max(x, 1);
	save([x, value]);
	return {
		value,
		gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
			const [sx, sv] = saved;
			const indicator = tf.relu(tf.add(tf.sign(tf.sub(sx, tf.expandDims(sv, 1))), 1));
			return tf.mul(indicator, tf.expandDims(dy, 1));
		}
	};
}) as (x: tf.Tensor) => tf.Tensor;

/** Max over tokens: [B,T,F] -> [B,F]. */
export class TokenMaxPool extends tf.layers.Layer {
	static className = 'TokenMaxPool';

	override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
		const x = inputShape as tf.Shape;
		return [x[0], x[2]];
	}

	override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
		return tf.tidy(() => maxOverTokens(single(inputs)));
	}
}

for (const layer of [TokenConv1D, MaskTokens, MaskedMean, TokenMaxPool]) tf.serialization.registerClass(layer);
