/**
 * The candidate architectures. Both take `features` [T, FEATURE_DIM] and `mask` [T]
 * (any T) and output P(non-compliant) [1].
 *
 * conv: TokenConv1D(filters, k, same) -> ReLU -> * mask -> max over tokens -> Dense(hidden, relu) -> Dense(1, sigmoid)
 *       ReLU output is >= 0, so after masking the max over all positions equals the max
 *       over real tokens: padding never changes the prediction.
 * mean: masked mean of token features -> Dense(hidden, relu) -> Dense(1, sigmoid)
 *
 * Layer names are part of the contract with onnx/export.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { FEATURE_DIM } from '../../../src/lib/text/index.ts';
import { MaskedMean, MaskTokens, TokenConv1D, TokenMaxPool } from './layers.ts';

export type Architecture =
	| { readonly kind: 'conv'; readonly filters: number; readonly kernelSize: number; readonly hidden: number }
	| { readonly kind: 'mean'; readonly hidden: number };

export const CONV_DEFAULT: Architecture = { kind: 'conv', filters: 64, kernelSize: 3, hidden: 32 };
export const MEAN_DEFAULT: Architecture = { kind: 'mean', hidden: 32 };

export const LAYER = { conv: 'conv', hidden: 'hidden', output: 'probability' } as const;

/** A short human-readable description, stored as the manifest's `architecture`. */
export function describeArchitecture(a: Architecture): string {
	return a.kind === 'conv'
		? `conv1d(${a.filters},k=${a.kernelSize},same)-relu-mask-maxpool-dense(${a.hidden},relu)-dense(1,sigmoid)`
		: `masked-mean-dense(${a.hidden},relu)-dense(1,sigmoid)`;
}

export function buildModel(architecture: Architecture, seed: number, dim = FEATURE_DIM): tf.LayersModel {
	const features = tf.input({ shape: [null, dim], name: 'features', dtype: 'float32' });
	const mask = tf.input({ shape: [null], name: 'mask', dtype: 'float32' });
	let pooled: tf.SymbolicTensor;
	if (architecture.kind === 'conv') {
		const conv = new TokenConv1D({
			filters: architecture.filters,
			kernelSize: architecture.kernelSize,
			seed,
			name: LAYER.conv,
			inputGradient: false
		}).apply(features) as tf.SymbolicTensor;
		const relu = tf.layers.activation({ activation: 'relu', name: 'relu' }).apply(conv) as tf.SymbolicTensor;
		const masked = new MaskTokens({ name: 'mask_tokens' }).apply([relu, mask]) as tf.SymbolicTensor;
		pooled = new TokenMaxPool({ name: 'max_over_tokens' }).apply(masked) as tf.SymbolicTensor;
	} else {
		pooled = new MaskedMean({ name: 'masked_mean' }).apply([features, mask]) as tf.SymbolicTensor;
	}
	const hidden = tf.layers
		.dense({
			units: architecture.hidden,
			activation: 'relu',
			name: LAYER.hidden,
			kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 })
		})
		.apply(pooled) as tf.SymbolicTensor;
	const output = tf.layers
		.dense({ units: 1, activation: 'sigmoid', name: LAYER.output, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) })
		.apply(hidden) as tf.SymbolicTensor;
	return tf.model({ inputs: [features, mask], outputs: output, name: architecture.kind });
}

/** Trainable parameter count (used to prefer the smaller model on ties). */
export function parameterCount(model: tf.LayersModel): number {
	return model.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
}
