/**
 * The inference engine that runs inside the worker: which models serve (the champion,
 * the shadow challenger, the previous version kept for rollback) and the work they do.
 * The parts live next to it: bundle-loader.ts (files, verification, store),
 * backend-choice.ts (WebGPU or WASM, sessions, self-test), work-queue.ts (one run at a
 * time, cancellation), shadow.ts, telemetry-outbox.ts, load-progress.ts.
 *
 * Invariant: a bundle becomes active only after its manifest's signature was made by a
 * key pinned in this build, its files matched the manifest (size + sha256) and it passed
 * its self-test on this device. Anything else leaves the current
 * model serving, records `lastError` and emits a `model-error` telemetry event.
 */
import type { TelemetryEventInput } from '../telemetry/event.ts';
import { modelErrorEvent, predictionEvent, type EventSource } from '../telemetry/factory.ts';
import { checkText, type Classifier } from './classifier.ts';
import { InferenceError, toSerializedError, type SerializedInferenceError } from './errors.ts';
import { BundleStore } from './bundle-store.ts';
import { fetchPointer, type ModelPointer, type VersionPointer } from './bundle-fetch.ts';
import { BackendChoice } from './backend-choice.ts';
import { BundleLoader } from './bundle-loader.ts';
import { PINNED_MODEL_KEYS } from './pinned-keys.ts';
import { LoadTracker, type ReportProgress } from './load-progress.ts';
import { WorkQueue } from './work-queue.ts';
import { markLoad } from './load-marks.ts';
import { shadowVerdicts } from './shadow.ts';
import { TelemetryOutbox } from './telemetry-outbox.ts';
import { rescanVerdicts, type BackgroundVerdict } from './rescan-batch.ts';
import type {
	BackendInfo,
	BatchProgressCallback,
	ClassifyResult,
	EngineOptions,
	EngineStatus,
	ExplainResult,
	LoadResult,
	ProgressCallback,
	TelemetryCallback
} from './protocol.ts';

/** Texts per step of a bulk job: progress and cancellation are checked between steps. */
export const JOB_STEP = 64;

export class Engine {
	readonly #appVersion: string;
	readonly #store: BundleStore;
	readonly #backends: BackendChoice;
	readonly #loader: BundleLoader;
	readonly #tracker = new LoadTracker();
	readonly #queue = new WorkQueue();
	readonly #telemetry = new TelemetryOutbox();
	#champion: Classifier | null = null;
	#challenger: Classifier | null = null;
	#previous: string | null = null;
	#lastError: SerializedInferenceError | null = null;
	#loading: Promise<LoadResult> | null = null;
	/** warmUp() was called: the first load also reads the stored model ahead. */
	#warmUp = false;
	/** Store clean-up after a load, off the path to "ready"; the next load waits for it. */
	#housekeeping: Promise<void> = Promise.resolve();

	constructor(options: EngineOptions, store = new BundleStore()) {
		const { appVersion, wasmBinaries, modelsBase = '/models', disableWebGpu = false, maxThreads = 4, threads } = options;
		this.#appVersion = appVersion;
		this.#store = store;
		this.#backends = new BackendChoice({ disableWebGpu, maxThreads, threads, wasmBinaries });
		this.#loader = new BundleLoader(modelsBase, store, this.#backends, PINNED_MODEL_KEYS);
	}

	/** Start onnxruntime now and read the stored model ahead at the first load, in parallel with its checks (BackendChoice.warmUp, BundleLoader.readAhead). */
	warmUp(): void {
		this.#warmUp = true;
		void this.#backends.warmUp();
	}

	// ---- telemetry -------------------------------------------------------------

	setTelemetrySink(sink: TelemetryCallback | null): void {
		this.#telemetry.setSink(sink);
	}

	drainTelemetry(): TelemetryEventInput[] {
		return this.#telemetry.drain();
	}

	/** The last events emitted (sent to the sink or not), newest last: for DevTools and tests. */
	recentTelemetry(): TelemetryEventInput[] {
		return this.#telemetry.recent();
	}

	#source(): EventSource {
		const backend = this.#backends.info;
		return { appVersion: this.#appVersion, backend: backend?.kind ?? 'wasm', threads: backend?.threads ?? 0 };
	}

	#emitModelError(version: string | null, error: SerializedInferenceError, startedAt: number): void {
		this.#telemetry.emit([modelErrorEvent(this.#source(), version, error.code, performance.now() - startedAt)]);
	}

	// ---- loading ---------------------------------------------------------------

	/** Load the champion (and challenger); the same call checks for updates. Concurrent calls share one load. */
	load(onProgress?: ProgressCallback): Promise<LoadResult> {
		this.#loading ??= this.#refresh(this.#tracker.reporter(onProgress)).finally(() => {
			this.#loading = null;
		});
		return this.#loading;
	}

	async #refresh(report: ReportProgress): Promise<LoadResult> {
		await this.#housekeeping;
		report('checking', this.#champion?.version ?? null);
		markLoad('load');
		// Nothing serves yet: read the stored model while the network is asked (see readAhead).
		if (!this.#champion && this.#warmUp) this.#loader.readAhead();
		let pointer: ModelPointer | null = null;
		try {
			pointer = await fetchPointer(this.#loader.modelsBase);
			markLoad('pointer');
		} catch (error) {
			markLoad('pointer-offline');
			// Offline (or the server is down): serve what we have, or start from the store.
			if (!this.#champion) await this.#startFromStore(error, report);
			return this.#result(false, 0, this.#champion ? null : this.#lastError, report);
		}
		if (!pointer.champion) {
			const error = {
				code: 'MODEL_LOAD',
				message: 'The server publishes no champion model yet. Publish one with `npm run models`.'
			} as const;
			if (!this.#champion) await this.#startFromStore(error, report);
			return this.#result(false, 0, error, report);
		}

		let changed = false;
		let downloaded = 0;
		let refused: SerializedInferenceError | null = null;
		if (pointer.champion.version !== this.#champion?.version) {
			const startedAt = performance.now();
			try {
				const loaded = await this.#loader.fromPointer(pointer.champion, report);
				const state = await this.#store.activate(loaded.classifier.version);
				this.#previous = state.previous;
				this.#champion = loaded.classifier;
				this.#lastError = null;
				changed = true;
				downloaded += loaded.downloadedBytes;
			} catch (error) {
				refused = toSerializedError(error);
				this.#lastError = refused;
				this.#emitModelError(pointer.champion.version, refused, startedAt);
				if (!this.#champion) await this.#startFromStore(error, report);
			}
		}

		downloaded += await this.#refreshChallenger(pointer.challenger, report);
		if (this.#champion) {
			// After the answer, not before it: nothing here changes what serves.
			const keep = [this.#champion.version, this.#previous, this.#challenger?.version ?? null];
			this.#housekeeping = this.#store.prune(keep).catch(() => {});
		}
		return this.#result(changed, downloaded, refused, report);
	}

	async #refreshChallenger(pointer: VersionPointer | null, report: ReportProgress): Promise<number> {
		if (!pointer || pointer.version === this.#champion?.version) {
			this.#challenger = null;
			return 0;
		}
		if (pointer.version === this.#challenger?.version) return 0;
		const startedAt = performance.now();
		try {
			const loaded = await this.#loader.fromPointer(pointer, report);
			this.#challenger = loaded.classifier;
			return loaded.downloadedBytes;
		} catch (error) {
			// A broken challenger must never disturb the champion: no shadow, one telemetry event.
			this.#challenger = null;
			this.#emitModelError(pointer.version, toSerializedError(error), startedAt);
			return 0;
		}
	}

	/** No network: serve the stored active version (or, failing that, the previous one). */
	async #startFromStore(cause: unknown, report: ReportProgress): Promise<void> {
		let storedRefused: SerializedInferenceError | null = null;
		const started = await this.#loader.fromStore(report, (version, error) => {
			const refused = toSerializedError(error);
			// A stored bundle changed on the device says more than "offline".
			if (refused.code === 'BUNDLE_SIGNATURE' || refused.code === 'BUNDLE_INTEGRITY') storedRefused ??= refused;
			this.#emitModelError(version, refused, performance.now());
		});
		if (started) {
			this.#champion = started.classifier;
			this.#previous = started.previous;
		} else this.#lastError = storedRefused ?? toSerializedError(cause);
	}

	#result(changed: boolean, downloadedBytes: number, refused: SerializedInferenceError | null, report: ReportProgress): LoadResult {
		const backend = this.#backends.info;
		if (!this.#champion || !backend) {
			const error = refused ?? this.#lastError ?? { code: 'NOT_READY', message: 'No model could be loaded.' };
			report('error', null);
			throw new InferenceError(error.code, error.message);
		}
		markLoad('ready');
		report('ready', this.#champion.version);
		return { active: this.#champion.version, changed, downloadedBytes, shadow: this.#challenger?.version ?? null, backend, refused };
	}

	// ---- work ------------------------------------------------------------------

	async #ready(): Promise<{ champion: Classifier; backend: BackendInfo }> {
		if (!this.#champion && this.#loading) await this.#loading.catch(() => {});
		const backend = this.#backends.info;
		if (!this.#champion || !backend) {
			throw new InferenceError(
				'NOT_READY',
				this.#lastError ? `No model is loaded: ${this.#lastError.message}` : 'No model is loaded yet: wait for the download to finish.'
			);
		}
		return { champion: this.#champion, backend };
	}

	cancel(jobId: string): void {
		this.#queue.cancel(jobId);
	}

	async classify(
		texts: readonly string[],
		options: { jobId?: string; onProgress?: BatchProgressCallback } = {}
	): Promise<ClassifyResult[]> {
		if (!Array.isArray(texts)) throw new InferenceError('EMPTY_TEXT', 'classify() takes a list of descriptions.');
		texts.forEach((t, i) => {
			const problem = checkText(t);
			if (problem) throw new InferenceError(problem.code, texts.length > 1 ? `Description ${i + 1}: ${problem.message}` : problem.message);
		});
		const { champion, backend } = await this.#ready();
		const { jobId, onProgress } = options;
		const results = await this.#queue.run(texts.length, async () => {
			const out: ClassifyResult[] = [];
			for (let from = 0; from < texts.length; from += JOB_STEP) {
				this.#queue.throwIfCancelled(jobId);
				const chunk = texts.slice(from, from + JOB_STEP);
				const t0 = performance.now();
				const verdicts = await champion.classify(chunk);
				const latencyMs = (performance.now() - t0) / chunk.length;
				for (const v of verdicts) out.push({ ...v, latencyMs, backend: backend.kind, eventId: crypto.randomUUID() });
				if (onProgress && jobId) await onProgress({ jobId, done: out.length, total: texts.length });
			}
			this.#queue.finished(jobId);
			return out;
		});
		// Answer first; the shadow model runs after, and the telemetry waits for it.
		void this.#shadowAndReport(texts, results, backend);
		return results;
	}

	async #shadowAndReport(texts: readonly string[], results: readonly ClassifyResult[], backend: BackendInfo): Promise<void> {
		const shadow = await shadowVerdicts(this.#challenger, texts, this.#queue);
		const source: EventSource = { appVersion: this.#appVersion, backend: backend.kind, threads: backend.threads };
		this.#telemetry.emit(
			results.map((r, i) => predictionEvent(source, r, { latencyMs: r.latencyMs, eventId: r.eventId, shadow: shadow?.[i] ?? null }))
		);
	}

	/**
	 * One description, verdict and explanation in one run (Classifier.explain checks the
	 * text), reported to telemetry like classify(); its latency is that whole run.
	 */
	async explain(text: string): Promise<ExplainResult> {
		const { champion, backend } = await this.#ready();
		const result = await this.#queue.run(1, async () => {
			const t0 = performance.now();
			const explanation = await champion.explain(text);
			return { ...explanation, latencyMs: performance.now() - t0, backend: backend.kind, eventId: crypto.randomUUID() };
		});
		void this.#shadowAndReport([text], [result], backend);
		return result;
	}

	/**
	 * The re-scan's batches: verdicts of the champion, run only when no interactive work
	 * waits (WorkQueue.runBackground); no telemetry per item (the page reports counts).
	 */
	async classifyBackground(texts: readonly string[]): Promise<(BackgroundVerdict | null)[]> {
		const { champion } = await this.#ready();
		return this.#queue.runBackground(texts.length, () => rescanVerdicts(champion, texts));
	}

	async status(): Promise<EngineStatus> {
		const storage = globalThis.navigator?.storage;
		// In parallel: the page waits for this status to show the model that serves.
		const [estimate, modelBytes, persisted] = await Promise.all([
			storage?.estimate?.().catch(() => null),
			this.#store.storedBytes().catch(() => 0),
			this.#loader.persisted ?? storage?.persisted?.().catch(() => null) ?? null
		]);
		return {
			state: this.#tracker.phase,
			active: this.#champion?.version ?? null,
			regulation: this.#champion?.manifest.regulation ?? null,
			previous: this.#previous,
			shadow: this.#challenger?.version ?? null,
			backend: this.#backends.info,
			storage: { modelBytes, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted: persisted ?? null },
			lastError: this.#lastError,
			progress: this.#tracker.progress,
			queued: this.#queue.queued
		};
	}
}
