/**
 * Page side of the inference worker: start it, wrap it with comlink, normalise errors.
 * Imports only the worker's type, so no inference code lands in the page's chunks.
 */
import * as Comlink from 'comlink';
// onnxruntime's binaries and glue, served by us (never a CDN). Imported here, not in the
// worker: page-side assets are listed in `$app/manifest`, so the service worker precaches them.
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import wasmGlueUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import webgpuWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import webgpuGlueUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import type { InferenceWorkerApi } from './worker.ts';
import { markLoad } from './load-marks.ts';
import { isInferenceErrorLike, type SerializedInferenceError } from './errors.ts';
import type { BatchProgress, ClassifyResult, EngineOptions } from './protocol.ts';

export type InferenceApi = Comlink.Remote<InferenceWorkerApi>;

export interface InferenceWorker {
	api: InferenceApi;
	terminate(): void;
}

export async function startInferenceWorker(options: Omit<EngineOptions, 'wasmBinaries'>): Promise<InferenceWorker> {
	markLoad('worker-spawn');
	const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'inference' });
	const api = Comlink.wrap<InferenceWorkerApi>(worker);
	await api.init({
		...options,
		wasmBinaries: { wasm: { wasm: wasmUrl, mjs: wasmGlueUrl }, webgpu: { wasm: webgpuWasmUrl, mjs: webgpuGlueUrl } }
	});
	return {
		api,
		terminate() {
			api[Comlink.releaseProxy]();
			worker.terminate();
		}
	};
}

/** What was thrown across the boundary, as `{ code, message }` (check `code`, not instanceof). */
export function asInferenceError(error: unknown): SerializedInferenceError {
	if (isInferenceErrorLike(error)) return { code: error.code, message: error.message };
	return { code: 'MODEL_LOAD', message: (error as Error)?.message ?? String(error) };
}

export function withProgress<T extends (...args: never[]) => unknown>(callback: T): T & Comlink.ProxyMarked {
	return Comlink.proxy(callback);
}

export interface BulkJob {
	id: string;
	result: Promise<ClassifyResult[]>;
	cancel(): Promise<void>;
}

/** Classify many descriptions as one cancellable job with progress. */
export function startBulkJob(api: InferenceApi, texts: string[], onProgress?: (progress: BatchProgress) => void): BulkJob {
	const id = crypto.randomUUID();
	const result = api.classify(texts, id, onProgress ? Comlink.proxy(onProgress) : undefined);
	return { id, result, cancel: () => api.cancel(id) };
}
