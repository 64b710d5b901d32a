/**
 * The inference engine that runs inside the worker: loads the champion (and a shadow
 * challenger) from the server or the bundle store, picks the backend, queues work.
 *
 * Invariant: a bundle becomes active only after its files matched the manifest (size +
 * sha256) and it passed its self-test on this device. Anything else leaves the current
 * model serving, records `lastError` and emits a `model-error` telemetry event.
 */
import type { TelemetryEventInput } from '../telemetry/event.ts';
import type { Manifest } from '../bundle/manifest.ts';
import { Vocabulary } from '../text/vocabulary.ts';
import { Classifier, assertSupported, checkText } from './classifier.ts';
import { InferenceError, isInferenceErrorLike, type SerializedInferenceError } from './errors.ts';
import { probeCapabilities, wasmThreads, type Capabilities } from './backend-probe.ts';
import { openRuntime, type WebRuntime } from './web-runtime.ts';
import { BundleStore } from './bundle-store.ts';
import { downloadFiles, ensureRoom, fetchManifest, fetchPointer, type ModelPointer, type VersionPointer } from './bundle-fetch.ts';
import type {
	BackendInfo,
	BatchProgressCallback,
	ClassifyResult,
	EngineOptions,
	EngineStatus,
	ExplainResult,
	LoadPhase,
	LoadProgress,
	LoadResult,
	ProgressCallback,
	TelemetryCallback
} from './protocol.ts';

/** Texts per step of a bulk job: progress and cancellation are checked between steps. */
export const JOB_STEP = 64;
/** Telemetry events kept while no sink is attached (oldest dropped first). */
const MAX_BUFFERED_EVENTS = 5000;
/** Last events kept for diagnostics (recentTelemetry()), whatever the sink does with them. */
const RECENT_EVENTS = 100;

export function toSerializedError(error: unknown): SerializedInferenceError {
	if (isInferenceErrorLike(error) && /^[A-Z_]+$/.test(error.code)) return { code: error.code, message: error.message };
	const message = (error as Error)?.message ?? String(error);
	return { code: 'MODEL_LOAD', message: `Unexpected failure in the inference worker: ${message}` };
}

interface Loaded {
	classifier: Classifier;
	/** Bytes fetched from the network for this version (0 when all came from the store). */
	downloadedBytes: number;
}

export class Engine {
	readonly #options: Required<EngineOptions>;
	readonly #store: BundleStore;
	#caps: Promise<Capabilities> | null = null;
	#runtime: WebRuntime | null = null;
	#backend: BackendInfo | null = null;
	#champion: Classifier | null = null;
	#challenger: Classifier | null = null;
	#previous: string | null = null;
	#vocabularies = new Map<string, Promise<Vocabulary>>();
	#phase: LoadPhase = 'idle';
	#progress: LoadProgress = { phase: 'idle', version: null, loadedBytes: 0, totalBytes: 0, percent: 0 };
	#lastError: SerializedInferenceError | null = null;
	#loading: Promise<LoadResult> | null = null;
	#tail: Promise<unknown> = Promise.resolve();
	#queued = 0;
	#cancelled = new Set<string>();
	#sink: TelemetryCallback | null = null;
	#buffer: TelemetryEventInput[] = [];
	#recent: TelemetryEventInput[] = [];
	#persisted: boolean | null = null;

	constructor(options: EngineOptions, store = new BundleStore()) {
		this.#options = { modelsBase: '/models', disableWebGpu: false, maxThreads: 4, ...options };
		this.#store = store;
	}

	// ---- telemetry -------------------------------------------------------------

	setTelemetrySink(sink: TelemetryCallback | null): void {
		this.#sink = sink;
		if (sink && this.#buffer.length > 0) this.#flushTelemetry();
	}

	drainTelemetry(): TelemetryEventInput[] {
		const events = this.#buffer;
		this.#buffer = [];
		return events;
	}

	/** The last events emitted (sent to the sink or not), newest last: for DevTools and tests. */
	recentTelemetry(): TelemetryEventInput[] {
		return [...this.#recent];
	}

	#emit(events: TelemetryEventInput[]): void {
		this.#recent.push(...events);
		if (this.#recent.length > RECENT_EVENTS) this.#recent.splice(0, this.#recent.length - RECENT_EVENTS);
		this.#buffer.push(...events);
		if (this.#buffer.length > MAX_BUFFERED_EVENTS) this.#buffer.splice(0, this.#buffer.length - MAX_BUFFERED_EVENTS);
		if (this.#sink) this.#flushTelemetry();
	}

	#flushTelemetry(): void {
		const events = this.drainTelemetry();
		// A page that went away must not break inference; the events are then lost, like the page.
		Promise.resolve(this.#sink?.(events)).catch(() => {});
	}

	#emitModelError(version: string | null, error: SerializedInferenceError, startedAt: number): void {
		this.#emit([
			{
				kind: 'model-error',
				eventId: crypto.randomUUID(),
				time: new Date().toISOString(),
				appVersion: this.#options.appVersion,
				modelVersion: version ?? 'unknown',
				backend: this.#backend?.kind ?? 'wasm',
				threads: this.#backend?.threads ?? 0,
				latencyMs: Math.min(600_000, Math.max(0, performance.now() - startedAt)),
				errorCode: error.code
			}
		]);
	}

	// ---- loading ---------------------------------------------------------------

	#setProgress(phase: LoadPhase, version: string | null, loadedBytes = 0, totalBytes = 0, onProgress?: ProgressCallback): void {
		this.#phase = phase;
		const percent = totalBytes > 0 ? Math.min(100, Math.floor((loadedBytes / totalBytes) * 100)) : phase === 'ready' ? 100 : 0;
		this.#progress = { phase, version, loadedBytes, totalBytes, percent };
		try {
			onProgress?.(this.#progress);
		} catch {
			// A progress listener's failure is the page's problem, not the load's.
		}
	}

	/** Load the champion (and challenger); the same call checks for updates. Concurrent calls share one load. */
	load(onProgress?: ProgressCallback): Promise<LoadResult> {
		this.#loading ??= this.#refresh(onProgress).finally(() => {
			this.#loading = null;
		});
		return this.#loading;
	}

	async #refresh(onProgress?: ProgressCallback): Promise<LoadResult> {
		this.#setProgress('checking', this.#champion?.version ?? null, 0, 0, onProgress);
		let pointer: ModelPointer | null = null;
		try {
			pointer = await fetchPointer(this.#options.modelsBase);
		} catch (error) {
			// Offline (or the server is down): serve what we have, or start from the store.
			if (!this.#champion) await this.#startFromStore(error, onProgress);
			return this.#result(false, 0, this.#champion ? null : toSerializedError(error), onProgress);
		}
		if (!pointer.champion) {
			const error = {
				code: 'MODEL_LOAD',
				message: 'The server publishes no champion model yet. Publish one with `npm run models`.'
			} as const;
			if (!this.#champion) await this.#startFromStore(error, onProgress);
			return this.#result(false, 0, error, onProgress);
		}

		let changed = false;
		let downloaded = 0;
		let refused: SerializedInferenceError | null = null;
		if (pointer.champion.version !== this.#champion?.version) {
			const startedAt = performance.now();
			try {
				const loaded = await this.#prepare(pointer.champion, onProgress);
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
				if (!this.#champion) await this.#startFromStore(error, onProgress);
			}
		}

		downloaded += await this.#refreshChallenger(pointer.challenger, onProgress);
		if (this.#champion) {
			await this.#store.prune([this.#champion.version, this.#previous, this.#challenger?.version ?? null]).catch(() => {});
		}
		return this.#result(changed, downloaded, refused, onProgress);
	}

	async #refreshChallenger(pointer: VersionPointer | null, onProgress?: ProgressCallback): Promise<number> {
		if (!pointer || pointer.version === this.#champion?.version) {
			this.#challenger = null;
			return 0;
		}
		if (pointer.version === this.#challenger?.version) return 0;
		const startedAt = performance.now();
		try {
			const loaded = await this.#prepare(pointer, onProgress);
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
	async #startFromStore(cause: unknown, onProgress?: ProgressCallback): Promise<void> {
		const state = await this.#store.getState().catch(() => null);
		for (const version of [state?.active, state?.previous]) {
			if (!version) continue;
			try {
				const manifest = await this.#store.getManifest(version);
				if (!manifest) continue;
				const loaded = await this.#prepareManifest(manifest, onProgress, false);
				this.#champion = loaded.classifier;
				this.#previous = version === state?.active ? (state?.previous ?? null) : null;
				return;
			} catch (error) {
				this.#emitModelError(version, toSerializedError(error), performance.now());
			}
		}
		this.#lastError = toSerializedError(cause);
	}

	#result(changed: boolean, downloadedBytes: number, refused: SerializedInferenceError | null, onProgress?: ProgressCallback): LoadResult {
		if (!this.#champion || !this.#backend) {
			const error = refused ?? this.#lastError ?? { code: 'NOT_READY', message: 'No model could be loaded.' };
			this.#setProgress('error', null, 0, 0, onProgress);
			throw new InferenceError(error.code, error.message);
		}
		this.#setProgress('ready', this.#champion.version, 0, 0, onProgress);
		return {
			active: this.#champion.version,
			changed,
			downloadedBytes,
			shadow: this.#challenger?.version ?? null,
			backend: this.#backend,
			refused
		};
	}

	async #prepare(pointer: VersionPointer, onProgress?: ProgressCallback): Promise<Loaded> {
		this.#setProgress('checking', pointer.version, 0, 0, onProgress);
		const manifest = await fetchManifest(this.#options.modelsBase, pointer);
		return this.#prepareManifest(manifest, onProgress, true);
	}

	/** Files from the store or the network -> verified -> session -> self-test; stored only when all passed. */
	async #prepareManifest(manifest: Manifest, onProgress: ProgressCallback | undefined, allowNetwork: boolean): Promise<Loaded> {
		assertSupported(manifest);
		const files = [manifest.files.model, manifest.files.vocabulary];
		const bytes = await Promise.all(files.map((f) => this.#store.getFile(f.sha256)));
		const missing = files.filter((_, i) => bytes[i] === null);
		let downloadedBytes = 0;
		if (missing.length > 0) {
			if (!allowNetwork)
				throw new InferenceError(
					'MODEL_LOAD',
					`Model ${manifest.version} is not fully stored on this device; connect to the network once to download it.`
				);
			const needed = missing.reduce((n, f) => n + f.bytes, 0);
			this.#persisted = (await ensureRoom(needed)).persisted;
			const fetched = await downloadFiles(this.#options.modelsBase, missing, ({ loadedBytes, totalBytes }) =>
				this.#setProgress('downloading', manifest.version, loadedBytes, totalBytes, onProgress)
			);
			missing.forEach((f, i) => (bytes[files.indexOf(f)] = fetched[i]));
			downloadedBytes = needed;
		}
		this.#setProgress('starting', manifest.version, 0, 0, onProgress);
		const [modelBytes, vocabBytes] = bytes as [Uint8Array, Uint8Array];
		const vocabulary = await this.#vocabulary(manifest.files.vocabulary.sha256, vocabBytes);
		const classifier = await this.#startClassifier(manifest, modelBytes, vocabulary);
		// Verified and self-tested: now, and only now, keep it.
		for (const f of missing) await this.#store.putFile(f.sha256, bytes[files.indexOf(f)] as Uint8Array);
		await this.#store.putManifest(manifest);
		return { classifier, downloadedBytes };
	}

	#vocabulary(sha256: string, bytes: Uint8Array): Promise<Vocabulary> {
		let pending = this.#vocabularies.get(sha256);
		if (!pending) {
			pending = Promise.resolve().then(() => {
				try {
					return Vocabulary.decode(bytes);
				} catch (cause) {
					throw new InferenceError('UNSUPPORTED_BUNDLE', `The vocabulary file cannot be read: ${(cause as Error).message}`, { cause });
				}
			});
			pending.catch(() => this.#vocabularies.delete(sha256));
			this.#vocabularies.set(sha256, pending);
		}
		return pending;
	}

	/** Session + self-test on the chosen backend; the first model decides WebGPU vs WASM. */
	async #startClassifier(manifest: Manifest, model: Uint8Array, vocabulary: Vocabulary): Promise<Classifier> {
		const caps = await (this.#caps ??= probeCapabilities());
		const threads = wasmThreads(caps.crossOriginIsolated, caps.hardwareConcurrency, this.#options.maxThreads);
		const start = async (runtime: WebRuntime) => {
			const session = await runtime.createSession(model);
			const classifier = new Classifier({ manifest, vocabulary, session, Tensor: runtime.ort.Tensor });
			await classifier.selfTest();
			return classifier;
		};
		if (this.#runtime) return start(this.#runtime);

		let fallbackReason: string | null = null;
		if (this.#options.disableWebGpu) fallbackReason = 'WebGPU: turned off in settings';
		else if (!caps.gpu.available) fallbackReason = `WebGPU: ${caps.gpu.reason}`;
		else {
			try {
				const runtime = await openRuntime('webgpu', threads, this.#options.wasmBinaries);
				const classifier = await start(runtime);
				this.#runtime = runtime;
				this.#backend = { kind: 'webgpu', threads: 0, fallbackReason: null, adapter: caps.gpu.adapter };
				return classifier;
			} catch (error) {
				fallbackReason = `WebGPU: ${toSerializedError(error).message}`;
			}
		}
		const runtime = await openRuntime('wasm', threads, this.#options.wasmBinaries);
		const classifier = await start(runtime);
		this.#runtime = runtime;
		this.#backend = { kind: 'wasm', threads: runtime.threads, fallbackReason, adapter: null };
		return classifier;
	}

	// ---- work ------------------------------------------------------------------

	/** Run `task` after everything queued before it (one ONNX run at a time). */
	#enqueue<T>(count: number, task: () => Promise<T>): Promise<T> {
		this.#queued += count;
		const run = this.#tail.then(task).finally(() => {
			this.#queued -= count;
		});
		this.#tail = run.catch(() => {});
		return run;
	}

	async #ready(): Promise<Classifier> {
		if (!this.#champion && this.#loading) await this.#loading.catch(() => {});
		if (!this.#champion) {
			throw new InferenceError(
				'NOT_READY',
				this.#lastError ? `No model is loaded: ${this.#lastError.message}` : 'No model is loaded yet: wait for the download to finish.'
			);
		}
		return this.#champion;
	}

	cancel(jobId: string): void {
		this.#cancelled.add(jobId);
	}

	#checkCancelled(jobId: string | undefined): void {
		if (jobId && this.#cancelled.has(jobId)) {
			this.#cancelled.delete(jobId);
			throw new InferenceError('CANCELLED', 'The classification was cancelled.');
		}
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
		const champion = await this.#ready();
		const backend = this.#backend as BackendInfo;
		const { jobId, onProgress } = options;
		const results = await this.#enqueue(texts.length, async () => {
			const out: ClassifyResult[] = [];
			for (let from = 0; from < texts.length; from += JOB_STEP) {
				this.#checkCancelled(jobId);
				const chunk = texts.slice(from, from + JOB_STEP);
				const t0 = performance.now();
				const verdicts = await champion.classify(chunk);
				const latencyMs = (performance.now() - t0) / chunk.length;
				for (const v of verdicts) out.push({ ...v, latencyMs, backend: backend.kind, eventId: crypto.randomUUID() });
				if (onProgress && jobId) await onProgress({ jobId, done: out.length, total: texts.length });
			}
			if (jobId) this.#cancelled.delete(jobId);
			return out;
		});
		// Answer first; the shadow model runs after, and the telemetry waits for it.
		void this.#shadowAndReport(texts, results, backend);
		return results;
	}

	async #shadowAndReport(texts: readonly string[], results: ClassifyResult[], backend: BackendInfo): Promise<void> {
		const challenger = this.#challenger;
		let shadow: { modelVersion: string; label: 0 | 1; probability: number }[] | null = null;
		if (challenger) {
			try {
				const verdicts = await this.#enqueue(0, () => challenger.classify(texts));
				shadow = verdicts.map((v) => ({ modelVersion: challenger.version, label: v.label, probability: v.probability }));
			} catch {
				// The shadow is best effort; the champion's answer stands.
			}
		}
		this.#emit(
			results.map((r, i) => ({
				kind: 'prediction' as const,
				eventId: r.eventId,
				time: new Date().toISOString(),
				appVersion: this.#options.appVersion,
				modelVersion: r.model,
				backend: backend.kind,
				threads: backend.threads,
				latencyMs: Math.min(600_000, r.latencyMs),
				label: r.label,
				probability: r.probability,
				tokenCount: r.tokenCount,
				oovCount: Math.min(r.oovCount, r.tokenCount),
				overridden: false,
				overrideLabel: null,
				shadow: shadow?.[i] ?? null
			}))
		);
	}

	async explain(text: string): Promise<ExplainResult> {
		const champion = await this.#ready();
		const backend = this.#backend as BackendInfo;
		return this.#enqueue(1, async () => {
			const t0 = performance.now();
			const explanation = await champion.explain(text);
			return { ...explanation, latencyMs: performance.now() - t0, backend: backend.kind };
		});
	}

	async status(): Promise<EngineStatus> {
		const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => null);
		return {
			state: this.#phase,
			active: this.#champion?.version ?? null,
			previous: this.#previous,
			shadow: this.#challenger?.version ?? null,
			backend: this.#backend,
			storage: {
				modelBytes: await this.#store.storedBytes().catch(() => 0),
				usage: estimate?.usage ?? null,
				quota: estimate?.quota ?? null,
				persisted: this.#persisted ?? (await globalThis.navigator?.storage?.persisted?.().catch(() => null)) ?? null
			},
			lastError: this.#lastError,
			progress: this.#progress,
			queued: this.#queued
		};
	}
}
