/**
 * The two ONNX runtimes the product uses, opened on an in-memory model for the parity
 * gate: onnxruntime-node (batch CLI, server) and onnxruntime-web with its WASM backend
 * (the browser worker; it runs in Node too).
 */
import { INPUT_FEATURES, INPUT_MASK, OUTPUT_PROBABILITY, OUTPUT_REVIEW } from '../../../src/lib/bundle/model-contract.ts';

export type RuntimeName = 'onnxruntime-node' | 'onnxruntime-web';

export interface OnnxRunner {
	readonly name: RuntimeName;
	/** P(non-compliant) per text and the review signals (REVIEW_SIGNALS per text). */
	run(
		features: Float32Array,
		mask: Float32Array,
		batch: number,
		tokens: number,
		dim: number
	): Promise<{ probability: Float32Array; review: Float32Array }>;
	release(): Promise<void>;
}

/** The parts of InferenceSession/Tensor both packages share (onnxruntime-common). */
interface OrtLike {
	InferenceSession: { create(model: Uint8Array, options?: object): Promise<SessionLike> };
	Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown;
}
interface SessionLike {
	run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
	release(): Promise<void>;
}

async function runner(name: RuntimeName, ort: OrtLike, model: Uint8Array): Promise<OnnxRunner> {
	const session = await ort.InferenceSession.create(model, { executionProviders: [name === 'onnxruntime-node' ? 'cpu' : 'wasm'] });
	return {
		name,
		async run(features, mask, batch, tokens, dim) {
			const result = await session.run({
				[INPUT_FEATURES]: new ort.Tensor('float32', features, [batch, tokens, dim]),
				[INPUT_MASK]: new ort.Tensor('float32', mask, [batch, tokens])
			});
			return { probability: result[OUTPUT_PROBABILITY].data as Float32Array, review: result[OUTPUT_REVIEW].data as Float32Array };
		},
		release: () => session.release()
	};
}

export async function openNodeRunner(model: Uint8Array): Promise<OnnxRunner> {
	const ort = (await import('onnxruntime-node')) as unknown as OrtLike;
	return runner('onnxruntime-node', ort, model);
}

export async function openWebRunner(model: Uint8Array): Promise<OnnxRunner> {
	const ort = await import('onnxruntime-web/wasm');
	// One thread: the browser default on 2 cores, and no worker threads left behind in Node.
	ort.env.wasm.numThreads = 1;
	return runner('onnxruntime-web', ort as unknown as OrtLike, model);
}
