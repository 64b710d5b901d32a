/**
 * Reactive page-side state of the inference worker (Svelte 5 runes): load progress,
 * status, last error. One instance per page; screens read its fields and call its methods.
 */
import type { TelemetryEventInput } from '../telemetry/event.ts';
import { asInferenceError, startInferenceWorker, withProgress, type InferenceApi, type InferenceWorker } from './client.ts';
import type { SerializedInferenceError } from './errors.ts';
import type { EngineOptions, EngineStatus, ExplainResult, LoadProgress } from './protocol.ts';

export class InferenceState {
	status = $state<EngineStatus | null>(null);
	progress = $state<LoadProgress | null>(null);
	/** Why the last load or update failed (the previous model, if any, keeps serving). */
	loadError = $state<SerializedInferenceError | null>(null);
	/** Why the last classification failed. */
	error = $state<SerializedInferenceError | null>(null);
	busy = $state(false);
	#worker: InferenceWorker | null = null;
	#starting: Promise<InferenceApi> | null = null;

	get ready(): boolean {
		return this.status?.active != null;
	}

	/** Start the worker and load the model; telemetry events go to `onTelemetry` (an outbox). */
	start(options: Omit<EngineOptions, 'wasmBinaries'>, onTelemetry: (events: TelemetryEventInput[]) => void): Promise<InferenceApi> {
		this.#starting ??= (async () => {
			this.#worker = await startInferenceWorker(options);
			await this.#worker.api.setTelemetrySink(withProgress(onTelemetry));
			await this.load();
			return this.#worker.api;
		})();
		return this.#starting;
	}

	/** Load or check for an update; a refused update is reported while the old model keeps serving. */
	async load(): Promise<void> {
		const api = this.#worker?.api;
		if (!api) return;
		try {
			const result = await api.load(withProgress((p: LoadProgress) => (this.progress = p)));
			this.loadError = result.refused;
		} catch (error) {
			this.loadError = asInferenceError(error);
		}
		await this.refreshStatus();
	}

	async refreshStatus(): Promise<void> {
		if (this.#worker) this.status = await this.#worker.api.status();
	}

	/** One description: the verdict and the words that drove it, in one worker call. */
	async classify(text: string): Promise<ExplainResult | null> {
		const api = this.#worker?.api;
		if (!api) return null;
		this.busy = true;
		try {
			const result = await api.explain(text);
			this.error = null;
			return result;
		} catch (error) {
			this.error = asInferenceError(error);
			return null;
		} finally {
			this.busy = false;
		}
	}

	stop(): void {
		this.#worker?.terminate();
		this.#worker = null;
		this.#starting = null;
	}
}
