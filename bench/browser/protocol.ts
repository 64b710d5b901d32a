/** Plain data between the Node driver, the bench pages and the model worker. */
import type { ModelResult } from '../lib/contenders.ts';
import type { FeaturizerResult } from '../lib/featurizer-timing.ts';
import type { LatencySummary, LoopOptions } from '../lib/stats.ts';

export interface BundleInfo {
	version: string;
	modelUrl: string;
	vocabUrl: string;
}

export interface ContenderConfig {
	runtime: 'tfjs' | 'onnxruntime-web';
	backend: 'wasm' | 'webgl' | 'webgpu';
	/** WASM threads asked for (ORT); TF.js wasm takes every core when cross-origin isolated. */
	threads: number;
}

export type BrowserJob =
	{ kind: 'model'; contender: ContenderConfig; loops: Record<number, LoopOptions> } | { kind: 'featurizer'; loop: LoopOptions };

export type BrowserJobResult =
	| { kind: 'featurizer'; featurizer: FeaturizerResult }
	| { kind: 'model'; runtime: string; backend: string; threads: number; note: string; parity: number[]; results: ModelResult[] };

export type WorkerReply = { ok: true; result: BrowserJobResult } | { ok: false; error: string };

/** End to end through the product's inference worker (client.ts -> comlink -> worker.ts). */
export interface EndToEndResult {
	backend: string;
	threads: number;
	/** startInferenceWorker + load(), ms (network, model download, session, self-test). */
	loadMs: number;
	/** One description per classify() call, page-side (comlink round trip included). */
	single: LatencySummary;
	/** classify() of `bulkCount` descriptions in one job, ms. */
	bulkMs: number;
	bulkCount: number;
}
