/**
 * Backend choice and sessions. The first model decides the worker's runtime for good:
 * WebGPU where the probe says it works and a session plus self-test succeed on it, WASM
 * otherwise (the reason is kept for the status). Every later model opens its session on
 * the same runtime and must pass its own self-test before it may serve.
 */
import type { Manifest } from '../bundle/manifest.ts';
import type { Vocabulary } from '../text/vocabulary.ts';
import { Classifier } from './classifier.ts';
import { toSerializedError } from './errors.ts';
import { probeCapabilities, wasmThreads, type Capabilities } from './backend-probe.ts';
import { openRuntime, type WebRuntime } from './web-runtime.ts';
import type { BackendInfo, WasmBinaryUrls } from './protocol.ts';
import { markLoad } from './load-marks.ts';

export interface BackendSettings {
	disableWebGpu: boolean;
	maxThreads: number;
	wasmBinaries: WasmBinaryUrls;
}

/** A session for `model` on `runtime`, wrapped in a Classifier that passed the manifest's self-test. */
async function startOn(runtime: WebRuntime, manifest: Manifest, model: Uint8Array, vocabulary: Vocabulary): Promise<Classifier> {
	markLoad(`runtime-${runtime.kind}`);
	const pending = runtime.createSession(model);
	// The self-test needs the typo index: build it on this thread while onnxruntime
	// compiles its WASM and starts its threads in the background.
	vocabulary.prepareTypoIndex();
	markLoad('typo-index');
	const session = await pending;
	markLoad('session');
	const classifier = new Classifier({ manifest, vocabulary, session, Tensor: runtime.ort.Tensor });
	await classifier.selfTest();
	markLoad('self-test');
	return classifier;
}

export class BackendChoice {
	readonly #settings: BackendSettings;
	#caps: Promise<Capabilities> | null = null;
	#runtime: WebRuntime | null = null;
	#info: BackendInfo | null = null;

	constructor(settings: BackendSettings) {
		this.#settings = settings;
	}

	/** What runs the models, once the first one started; null before. */
	get info(): BackendInfo | null {
		return this.#info;
	}

	/** Session + self-test on the chosen backend; the first call chooses it. */
	async start(manifest: Manifest, model: Uint8Array, vocabulary: Vocabulary): Promise<Classifier> {
		if (this.#runtime) return startOn(this.#runtime, manifest, model, vocabulary);
		const { disableWebGpu, maxThreads, wasmBinaries } = this.#settings;
		const caps = await (this.#caps ??= probeCapabilities());
		markLoad('capabilities');
		const threads = wasmThreads(caps.crossOriginIsolated, caps.hardwareConcurrency, maxThreads);

		let fallbackReason: string | null = null;
		if (disableWebGpu) fallbackReason = 'WebGPU: turned off in settings';
		else if (!caps.gpu.available) fallbackReason = `WebGPU: ${caps.gpu.reason}`;
		else {
			try {
				const runtime = await openRuntime('webgpu', threads, wasmBinaries);
				const classifier = await startOn(runtime, manifest, model, vocabulary);
				this.#runtime = runtime;
				this.#info = { kind: 'webgpu', threads: 0, fallbackReason: null, adapter: caps.gpu.adapter };
				return classifier;
			} catch (error) {
				fallbackReason = `WebGPU: ${toSerializedError(error).message}`;
			}
		}
		const runtime = await openRuntime('wasm', threads, wasmBinaries);
		const classifier = await startOn(runtime, manifest, model, vocabulary);
		this.#runtime = runtime;
		this.#info = { kind: 'wasm', threads: runtime.threads, fallbackReason, adapter: null };
		return classifier;
	}
}
