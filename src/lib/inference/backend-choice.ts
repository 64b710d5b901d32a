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
import { openRuntime, warmRuntime, type WebRuntime } from './web-runtime.ts';
import type { BackendInfo, WasmBinaryUrls } from './protocol.ts';
import { markLoad } from './load-marks.ts';

export interface BackendSettings {
	disableWebGpu: boolean;
	maxThreads: number;
	/** Exact WASM threads when cross-origin isolated, instead of wasmThreads()'s rule (EngineOptions.threads). */
	threads?: number;
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
	#warming: Promise<void> | null = null;

	constructor(settings: BackendSettings) {
		this.#settings = settings;
	}

	#threads(caps: Capabilities): number {
		const { threads, maxThreads } = this.#settings;
		if (threads && caps.crossOriginIsolated) return Math.max(1, Math.floor(threads));
		return wasmThreads(caps.crossOriginIsolated, caps.hardwareConcurrency, maxThreads);
	}

	/** What runs the models, once the first one started; null before. */
	get info(): BackendInfo | null {
		return this.#info;
	}

	/**
	 * Start the runtime the first model will most likely run on (WebGPU where the probe
	 * found an adapter, else WASM) while the model's files are still being checked; the
	 * session then only has to read the model. Never throws.
	 */
	warmUp(): Promise<void> {
		this.#warming ??= this.#warm();
		return this.#warming;
	}

	async #warm(): Promise<void> {
		if (this.#runtime) return;
		const { disableWebGpu, wasmBinaries } = this.#settings;
		const caps = await (this.#caps ??= probeCapabilities());
		const threads = this.#threads(caps);
		const kind = !disableWebGpu && caps.gpu.available ? 'webgpu' : 'wasm';
		markLoad('warm-start');
		await warmRuntime(kind, threads, wasmBinaries);
		markLoad(`warm-${kind}`);
	}

	/** Session + self-test on the chosen backend; the first call chooses it. */
	async start(manifest: Manifest, model: Uint8Array, vocabulary: Vocabulary): Promise<Classifier> {
		// onnxruntime refuses a WebGPU session while another one is being created: let the warm-up's finish.
		await this.#warming?.catch(() => {});
		if (this.#runtime) return startOn(this.#runtime, manifest, model, vocabulary);
		const { disableWebGpu, wasmBinaries } = this.#settings;
		const caps = await (this.#caps ??= probeCapabilities());
		markLoad('capabilities');
		const threads = this.#threads(caps);

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
