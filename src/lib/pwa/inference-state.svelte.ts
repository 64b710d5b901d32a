/**
 * The inference worker as the page sees it (Svelte 5 runes): load progress, status, the
 * last errors, and which model versions this device served. One instance per tab.
 */
import type { TelemetryEventInput } from '../telemetry/event.ts';
import { asInferenceError, startInferenceWorker, withProgress, type InferenceApi, type InferenceWorker } from '../inference/client.ts';
import type { SerializedInferenceError } from '../inference/errors.ts';
import type { EngineStatus, ExplainResult, LoadProgress } from '../inference/protocol.ts';
import { markLoad } from '../inference/load-marks.ts';
import { getMeta, noteModelVersion, type ModelChange } from '../storage/meta.ts';

/** How long a first visit waits for the service worker's precache before loading the model anyway. */
const PRECACHE_WAIT_MS = 60_000;

/**
 * First visit: the service worker is installing and precaching onnxruntime's 14 MB WASM.
 * Starting the inference worker now would download the same file a second time in
 * parallel (measured by `npm run bench`), so wait until the service worker is active;
 * the worker then gets the file from the HTTP cache. Bounded, so a service worker that
 * never installs only costs the old double download, never a stuck app.
 */
export async function precacheSettled(): Promise<void> {
	if (!('serviceWorker' in navigator) || navigator.serviceWorker.controller) return;
	const registration = await navigator.serviceWorker.getRegistration().catch(() => undefined);
	if (!registration || registration.active) return;
	let timer: ReturnType<typeof setTimeout> | undefined;
	await Promise.race([navigator.serviceWorker.ready, new Promise((resolve) => (timer = setTimeout(resolve, PRECACHE_WAIT_MS)))]);
	clearTimeout(timer);
}

export interface InferenceHooks {
	/** App version stamped on telemetry events. */
	appVersion: string;
	/** Start onnxruntime while the model's files are checked (EngineOptions.warmUp). */
	warmUp?: boolean;
	/** Exact WASM threads (EngineOptions.threads); unset: the engine's rule. */
	threads?: number;
	/** Telemetry events from the worker (to the outbox). */
	onTelemetry(events: TelemetryEventInput[]): void;
	onError(error: unknown): void;
	/** After each load: the version serving and the one this device served before it (issue 16: re-scan). */
	onModelServed?(version: string, previous: string | null): void;
}

export class InferenceState {
	#status = $state<EngineStatus | null>(null);
	#progress = $state<LoadProgress | null>(null);
	#loadError = $state<SerializedInferenceError | null>(null);
	#error = $state<SerializedInferenceError | null>(null);
	#busy = $state(false);
	#history = $state<ModelChange[]>([]);
	readonly #hooks: InferenceHooks;
	#worker: InferenceWorker | null = null;
	#starting: Promise<InferenceApi> | null = null;

	constructor(hooks: InferenceHooks) {
		this.#hooks = hooks;
	}

	get status(): EngineStatus | null {
		return this.#status;
	}

	get progress(): LoadProgress | null {
		return this.#progress;
	}

	/** Why the last load or update failed (the previous model, if any, keeps serving). */
	get loadError(): SerializedInferenceError | null {
		return this.#loadError;
	}

	/** Why the last classification failed. */
	get error(): SerializedInferenceError | null {
		return this.#error;
	}

	get busy(): boolean {
		return this.#busy;
	}

	get ready(): boolean {
		return this.#status?.active != null;
	}

	/** Model versions this device served, newest last. */
	get history(): ModelChange[] {
		return this.#history;
	}

	async restoreHistory(): Promise<void> {
		this.#history = (await getMeta('modelHistory')) ?? [];
	}

	/** The worker's API once the model is loaded: starts the worker on the first call. */
	api(): Promise<InferenceApi> {
		this.#starting ??= (async () => {
			this.#worker = await startInferenceWorker({
				appVersion: this.#hooks.appVersion,
				warmUp: this.#hooks.warmUp,
				threads: this.#hooks.threads
			});
			await this.#worker.api.setTelemetrySink(withProgress((events: TelemetryEventInput[]) => this.#hooks.onTelemetry(events)));
			await this.load();
			return this.#worker.api;
		})();
		return this.#starting;
	}

	/**
	 * Load, or check for an update (the engine verifies and self-tests a new model before
	 * switching); a refused update is reported while the old model keeps serving.
	 */
	async load(): Promise<void> {
		const api = this.#worker?.api;
		if (!api) return;
		try {
			// A block body: an assignment to $state evaluates to a proxy, which comlink cannot send back.
			const onProgress = (p: LoadProgress) => {
				this.#progress = p;
			};
			const result = await api.load(withProgress(onProgress));
			this.#loadError = result.refused;
		} catch (error) {
			this.#loadError = asInferenceError(error);
		}
		await this.refreshStatus().catch(() => {});
		// The page knows what serves (the bench's cold start reads this page-side mark).
		markLoad('status');
		const active = this.#status?.active;
		try {
			if (active) {
				this.#history = await noteModelVersion(active);
				const before = this.#history.at(-2)?.version ?? null;
				this.#hooks.onModelServed?.(active, before);
			}
		} catch (error) {
			this.#hooks.onError(error);
		}
	}

	async refreshStatus(): Promise<void> {
		if (this.#worker) this.#status = await this.#worker.api.status();
	}

	/** One description: the verdict and the words that drove it, in one worker call. */
	async classify(text: string): Promise<ExplainResult | null> {
		const api = this.#worker?.api;
		if (!api) return null;
		this.#busy = true;
		try {
			const result = await api.explain(text);
			this.#error = null;
			return result;
		} catch (error) {
			this.#error = asInferenceError(error);
			return null;
		} finally {
			this.#busy = false;
		}
	}

	stop(): void {
		this.#worker?.terminate();
		this.#worker = null;
		this.#starting = null;
	}
}
