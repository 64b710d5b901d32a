/**
 * Plain data that crosses the worker boundary (structured clone only: no classes, no
 * functions except comlink proxies passed as callbacks). The worker's API object and
 * its type live in worker.ts; the page imports only that type.
 */
import type { TelemetryEventInput } from '../telemetry/event.ts';
import type { SerializedInferenceError } from './errors.ts';
import type { Classification, TokenContribution } from './types.ts';

export type BackendKind = 'webgpu' | 'wasm';

/** What actually runs the model, after any fallback. */
export interface BackendInfo {
	kind: BackendKind;
	/** WASM threads (1 when not cross-origin isolated); 0 for WebGPU. */
	threads: number;
	/** Why the preferred backend was not used, e.g. "WebGPU: no adapter". */
	fallbackReason: string | null;
	/** GPU adapter description when WebGPU ran ("vendor / architecture"). */
	adapter: string | null;
}

export type LoadPhase = 'idle' | 'checking' | 'downloading' | 'starting' | 'ready' | 'error';

/** One aggregate figure across every file being downloaded. */
export interface LoadProgress {
	phase: LoadPhase;
	version: string | null;
	loadedBytes: number;
	totalBytes: number;
	/** 0..100, whole numbers; 100 when there is nothing to download. */
	percent: number;
}

export interface ClassifyResult extends Classification {
	/** Inference time per text (a batch's time divided by its size). */
	latencyMs: number;
	backend: BackendKind;
	/** Id of this prediction's telemetry event, so a later override can refer to it. */
	eventId: string;
}

/** A verdict with each token's contribution to P(non-compliant), for highlighting. */
export interface ExplainResult extends ClassifyResult {
	tokens: TokenContribution[];
}

export interface StorageInfo {
	/** Bytes our model cache holds (sum of stored bundle files). */
	modelBytes: number;
	/** navigator.storage.estimate(), when available. */
	usage: number | null;
	quota: number | null;
	persisted: boolean | null;
}

export interface EngineStatus {
	state: LoadPhase;
	/** The champion version serving predictions, or null before the first successful load. */
	active: string | null;
	/** The regulation the active model was trained for (absent in older bundles: cutoff-1995). */
	regulation: { id: string; title: string } | null;
	/** The version that served before `active` (kept for rollback). */
	previous: string | null;
	/** Challenger running in shadow, if any. */
	shadow: string | null;
	backend: BackendInfo | null;
	storage: StorageInfo;
	/** The last load or update failure; the active model keeps serving. */
	lastError: SerializedInferenceError | null;
	progress: LoadProgress;
	/** Texts waiting in the queue (all jobs). */
	queued: number;
}

export interface LoadResult {
	active: string;
	/** True when this call switched to a new champion version. */
	changed: boolean;
	/** Bytes downloaded by this call (0 when everything came from the cache). */
	downloadedBytes: number;
	shadow: string | null;
	backend: BackendInfo;
	/** Set when an update was refused; `active` is still the previous working version. */
	refused: SerializedInferenceError | null;
}

export interface BatchProgress {
	jobId: string;
	done: number;
	total: number;
}

/** Callbacks the page passes wrapped in Comlink.proxy(). */
export type ProgressCallback = (progress: LoadProgress) => void;
export type BatchProgressCallback = (progress: BatchProgress) => void;
export type TelemetryCallback = (events: TelemetryEventInput[]) => void;

/** A WASM binary and its Emscripten glue module. */
export interface WasmFiles {
	wasm: string;
	mjs: string;
}

/** URLs of onnxruntime's WASM files (Vite `?url` assets, see client.ts). */
export interface WasmBinaryUrls {
	/** ort-wasm-simd-threaded.{wasm,mjs}, for onnxruntime-web/wasm. */
	wasm: WasmFiles;
	/** ort-wasm-simd-threaded.asyncify.{wasm,mjs}, for onnxruntime-web/webgpu. */
	webgpu: WasmFiles;
}

export interface EngineOptions {
	/** App version stamped on telemetry events. */
	appVersion: string;
	wasmBinaries: WasmBinaryUrls;
	/** Where /models lives; default "/models". */
	modelsBase?: string;
	/** Skip WebGPU even where it works (settings, tests). Default false. */
	disableWebGpu?: boolean;
	/** Most WASM threads; default 4 (more rarely helps a model this small). */
	maxThreads?: number;
	/** Exact WASM threads (when cross-origin isolated) instead of the rule in backend-probe.ts; the bench's old start order only. */
	threads?: number;
	/**
	 * Start onnxruntime at init(), while the model's files are checked (default true).
	 * False only to measure the old sequential start (`npm run bench`, cold start).
	 */
	warmUp?: boolean;
}
