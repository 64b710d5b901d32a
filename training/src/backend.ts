/**
 * The one place that picks the TensorFlow.js backend for training.
 *
 * Order: @tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node (native libtensorflow,
 * where they could be installed), else the WASM backend (XNNPACK SIMD, one thread in
 * Node). Native packages are optional: they are imported dynamically and a missing one
 * is not an error.
 *
 * The WASM backend has no Conv2DBackpropFilter kernel, so `tf.layers.conv1d` cannot
 * be trained on it. Our models never use that kernel: the convolution is written as
 * im2col (k shifted copies concatenated, then one matMul; see model/layers.ts), whose
 * gradients (Slice, Concat, BatchMatMul) every backend has. That is as fast as a
 * registered filter-gradient kernel would be (the filter gradient *is* a matMul of the
 * im2col matrix) and runs the same code on every backend.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodedError } from '../../src/lib/errors.ts';

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendInfo {
	/** Which package provided the backend. */
	readonly name: BackendName;
	/** tf.getBackend() after initialisation. */
	readonly tfBackend: string;
}

export class BackendError extends CodedError<'BACKEND_UNAVAILABLE'> {
	constructor(message: string) {
		super('BACKEND_UNAVAILABLE', message);
	}
}

let selected: BackendInfo | null = null;

async function tryNative(pkg: string): Promise<boolean> {
	try {
		await import(/* @vite-ignore */ pkg);
		return true;
	} catch {
		return false; // not installed here (its install step downloads libtensorflow)
	}
}

/** Directory of the tfjs-backend-wasm .wasm files, as a file URL ending in '/'. */
export function wasmDirectory(): string {
	const require = createRequire(import.meta.url);
	const entry = require.resolve('@tensorflow/tfjs-backend-wasm');
	// entry is .../tfjs-backend-wasm/dist/tf-backend-wasm.node.js; the .wasm files sit next to it.
	return pathToFileURL(join(dirname(entry), '/')).href;
}

/**
 * Initialise the best available backend once. `prefer: 'cpu'` forces the pure-JS
 * backend (slow; for debugging). Set TFJS_BACKEND=wasm|cpu to override.
 */
export async function initBackend(prefer?: 'wasm' | 'cpu'): Promise<BackendInfo> {
	if (selected) return selected;
	const forced = prefer ?? (process.env.TFJS_BACKEND as 'wasm' | 'cpu' | undefined);
	if (!forced) {
		if (await tryNative('@tensorflow/tfjs-node-gpu')) return finish('tensorflow-gpu', 'tensorflow');
		if (await tryNative('@tensorflow/tfjs-node')) return finish('tensorflow', 'tensorflow');
	}
	if (forced === 'cpu') return finish('cpu', 'cpu');
	const wasm = await import('@tensorflow/tfjs-backend-wasm');
	const dir = wasmDirectory();
	// Node's fetch cannot read file: URLs; tfjs-backend-wasm reads the path with fs when
	// it sees a plain path, so hand it the directory as a path.
	wasm.setWasmPaths(new URL(dir).pathname);
	return finish('wasm', 'wasm');
}

async function finish(name: BackendName, tfName: string): Promise<BackendInfo> {
	const ok = await tf.setBackend(tfName);
	if (!ok)
		throw new BackendError(
			`TensorFlow.js backend "${tfName}" failed to initialise; set TFJS_BACKEND=cpu to fall back to the slow pure-JS backend`
		);
	await tf.ready();
	selected = Object.freeze({ name, tfBackend: tf.getBackend() });
	return selected;
}
