/**
 * The candidate architectures. Each takes `features` [T, FEATURE_DIM] and `mask` [T]
 * (any T) and has two outputs (see src/lib/bundle/model-contract.ts):
 *   probability [1]  P(non-compliant)
 *   review      [R]  P(each review signal: undecidable, no year, no material, no condition)
 *
 * conv:     Conv(k) -> ReLU -> *mask -> max over tokens                              (keyword spotter)
 * dilated:  Conv(k) -> ReLU -> *mask, then per dilation d: x + ReLU(Conv(k, d)(x)) * mask,
 *           then [max, mean] over tokens                                               (reads context: scope of
 *           "not", "was ... now", which year a word belongs to; receptive field 1 + (k-1)(1 + sum d))
 * mean:     masked mean of token features                                             (baseline)
 * then Dense(hidden, relu) -> Dense(1, sigmoid) and Dense(R, sigmoid).
 *
 * ReLU outputs are >= 0 and padding is zeroed after every layer, so the max over all
 * positions equals the max over real tokens: padding never changes a prediction.
 * Layer names are part of the contract with onnx/export.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { FEATURE_DIM } from '../../../src/lib/text/index.ts';
import { REVIEW_SIGNALS } from '../../../src/lib/bundle/model-contract.ts';
import { MaskedMean, MaskTokens, TokenConv1D, TokenMaxPool } from './layers.ts';

export type Architecture =
	| { readonly kind: 'conv'; readonly filters: number; readonly kernelSize: number; readonly hidden: number }
	| {
			readonly kind: 'dilated';
			readonly filters: number;
			readonly kernelSize: number;
			readonly dilations: readonly number[];
			readonly hidden: number;
	  }
	| { readonly kind: 'mean'; readonly hidden: number };

export const MEAN_DEFAULT: Architecture = { kind: 'mean', hidden: 32 };
export const CONV_DEFAULT: Architecture = { kind: 'conv', filters: 96, kernelSize: 3, hidden: 48 };
export const DILATED_DEFAULT: Architecture = { kind: 'dilated', filters: 128, kernelSize: 3, dilations: [2, 4], hidden: 64 };
/** The same with 96 filters: cheaper, a little less accurate on hand-written text (README "Model quality"). */
export const DILATED_SMALL: Architecture = { kind: 'dilated', filters: 96, kernelSize: 3, dilations: [2, 4], hidden: 48 };

/** Names for the command line (`npm run train -- --architectures conv,dilated`). */
export const ARCHITECTURES: Record<string, Architecture> = {
	conv: CONV_DEFAULT,
	dilated: DILATED_DEFAULT,
	'dilated-small': DILATED_SMALL,
	mean: MEAN_DEFAULT
};

export const LAYER = {
	conv: 'conv',
	/** Stacked layers of the dilated model: block_1, block_2 ... */
	block: (i: number) => `block_${i}`,
	hidden: 'hidden',
	output: 'probability',
	review: 'review'
} as const;

/** A short human-readable description, stored as the manifest's `architecture`. */
export function describeArchitecture(a: Architecture): string {
	const heads = `dense(${a.hidden},relu)-[dense(1,sigmoid),dense(${REVIEW_SIGNALS.length},sigmoid)]`;
	if (a.kind === 'conv') return `conv1d(${a.filters},k=${a.kernelSize},same)-relu-mask-maxpool-${heads}`;
	if (a.kind === 'dilated')
		return `conv1d(${a.filters},k=${a.kernelSize})-relu-mask-${a.dilations.map((d) => `res[conv1d(k=${a.kernelSize},d=${d})-relu-mask]`).join('-')}-[max,mean]pool-${heads}`;
	return `masked-mean-${heads}`;
}

function convBlock(input: tf.SymbolicTensor, mask: tf.SymbolicTensor, name: string, conv: TokenConv1D): tf.SymbolicTensor {
	const y = conv.apply(input) as tf.SymbolicTensor;
	const relu = tf.layers.activation({ activation: 'relu', name: `${name}_relu` }).apply(y) as tf.SymbolicTensor;
	return new MaskTokens({ name: `${name}_mask` }).apply([relu, mask]) as tf.SymbolicTensor;
}

export function buildModel(architecture: Architecture, seed: number, dim = FEATURE_DIM): tf.LayersModel {
	const features = tf.input({ shape: [null, dim], name: 'features', dtype: 'float32' });
	const mask = tf.input({ shape: [null], name: 'mask', dtype: 'float32' });
	let pooled: tf.SymbolicTensor;
	if (architecture.kind === 'mean') {
		pooled = new MaskedMean({ name: 'masked_mean' }).apply([features, mask]) as tf.SymbolicTensor;
	} else {
		const { filters, kernelSize } = architecture;
		let x = convBlock(features, mask, LAYER.conv, new TokenConv1D({ filters, kernelSize, seed, name: LAYER.conv, inputGradient: false }));
		if (architecture.kind === 'conv') {
			pooled = new TokenMaxPool({ name: 'max_over_tokens' }).apply(x) as tf.SymbolicTensor;
		} else {
			architecture.dilations.forEach((dilation, i) => {
				const name = LAYER.block(i + 1);
				const y = convBlock(x, mask, name, new TokenConv1D({ filters, kernelSize, dilation, seed: seed + 10 + i, name }));
				x = tf.layers.add({ name: `${name}_residual` }).apply([x, y]) as tf.SymbolicTensor;
			});
			const max = new TokenMaxPool({ name: 'max_over_tokens' }).apply(x) as tf.SymbolicTensor;
			const mean = new MaskedMean({ name: 'mean_over_tokens' }).apply([x, mask]) as tf.SymbolicTensor;
			pooled = tf.layers.concatenate({ name: 'pooled', axis: -1 }).apply([max, mean]) as tf.SymbolicTensor;
		}
	}
	const dense = (input: tf.SymbolicTensor, units: number, activation: 'relu' | 'sigmoid', name: string, layerSeed: number) =>
		tf.layers
			.dense({ units, activation, name, kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed }) })
			.apply(input) as tf.SymbolicTensor;
	const hidden = dense(pooled, architecture.hidden, 'relu', LAYER.hidden, seed + 1);
	const probability = dense(hidden, 1, 'sigmoid', LAYER.output, seed + 2);
	const review = dense(hidden, REVIEW_SIGNALS.length, 'sigmoid', LAYER.review, seed + 3);
	return tf.model({ inputs: [features, mask], outputs: [probability, review], name: architecture.kind });
}

/** Trainable parameter count (used to prefer the smaller model on ties). */
export function parameterCount(model: tf.LayersModel): number {
	return model.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
}
