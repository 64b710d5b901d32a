/**
 * The one module that decides which onnxruntime build runs:
 * - Node (batch CLI, HTTP service, training parity): onnxruntime-node.
 * - Browser worker: onnxruntime-web, WebGPU build or WASM build, imported dynamically
 *   inside the worker (a static import lets Vite inline ORT into the app chunk, and its
 *   WASM threads then hang; see DESIGN.md).
 */
import type { InferenceSession, Tensor } from 'onnxruntime-common';

export type RuntimeKind = 'node' | 'webgpu' | 'wasm';

export interface OrtRuntime {
	kind: RuntimeKind;
	InferenceSession: typeof InferenceSession;
	Tensor: typeof Tensor;
	env: { wasm: { numThreads?: number; wasmPaths?: unknown; proxy?: boolean }; logLevel?: string };
}

// Kept in a variable so bundlers never try to pull the native addon into a browser chunk.
const NODE_PACKAGE = 'onnxruntime-node';

export async function loadRuntime(kind: RuntimeKind): Promise<OrtRuntime> {
	const ort: Omit<OrtRuntime, 'kind'> =
		kind === 'node'
			? await import(/* @vite-ignore */ NODE_PACKAGE)
			: kind === 'webgpu'
				? await import('onnxruntime-web/webgpu')
				: await import('onnxruntime-web/wasm');
	return { kind, InferenceSession: ort.InferenceSession, Tensor: ort.Tensor, env: ort.env };
}
