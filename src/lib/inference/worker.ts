/**
 * The inference worker: exposes ONE object through comlink. The page imports only its
 * type (`InferenceWorkerApi`) and wraps the worker (see client.ts).
 *
 * Only plain data crosses. Errors cross as a plain `{ code, message }` object (comlink
 * would reduce an Error to its message): check `code` after the boundary.
 * Callbacks must be top-level arguments wrapped in Comlink.proxy() (comlink does not
 * look inside objects for proxies).
 */
import * as Comlink from 'comlink';
import { Engine } from './engine.ts';
import { InferenceError, toSerializedError } from './errors.ts';
import type {
	BatchProgressCallback,
	ClassifyResult,
	EngineOptions,
	EngineStatus,
	ExplainResult,
	LoadResult,
	ProgressCallback,
	TelemetryCallback
} from './protocol.ts';
import type { TelemetryEventInput } from '../telemetry/event.ts';
import type { BackgroundVerdict } from './rescan-batch.ts';
import { markLoad } from './load-marks.ts';

markLoad('worker-start');

let engine: Engine | null = null;

function current(): Engine {
	if (!engine) throw new InferenceError('NOT_READY', 'The inference worker was not initialised: call init() first.');
	return engine;
}

/** Run `fn` and turn any failure into plain `{ code, message }` data. */
async function plain<T>(fn: () => T | Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (error) {
		throw toSerializedError(error);
	}
}

const api = {
	/** Configure the engine; call once, before anything else. Calling again is a no-op. */
	init(options: EngineOptions): Promise<void> {
		return plain(() => {
			if (engine) return;
			engine = new Engine(options);
			if (options.warmUp !== false) engine.warmUp();
		});
	},
	/** Load the champion (and shadow challenger): network when reachable, otherwise the stored bundle. */
	load(onProgress?: ProgressCallback): Promise<LoadResult> {
		return plain(() => current().load(onProgress));
	},
	/** Same as load(): downloads only files whose hash is not stored yet; a refused update keeps the old model. */
	checkForUpdate(onProgress?: ProgressCallback): Promise<LoadResult> {
		return plain(() => current().load(onProgress));
	},
	/** Classify descriptions in order; queued behind earlier calls. Pass a jobId to get progress and allow cancel(jobId). */
	classify(texts: string[], jobId?: string, onProgress?: BatchProgressCallback): Promise<ClassifyResult[]> {
		return plain(() => current().classify(texts, { jobId, onProgress }));
	},
	/** Stop a classify() job at its next step; it then fails with code CANCELLED. */
	cancel(jobId: string): Promise<void> {
		return plain(() => current().cancel(jobId));
	},
	/** One description's verdict plus each token's contribution to P(non-compliant), in one call; reported to telemetry like classify(). */
	explain(text: string): Promise<ExplainResult> {
		return plain(() => current().explain(text));
	},
	/** Re-scan batch: the champion's verdicts, run only when no interactive work waits; no telemetry. */
	classifyBackground(texts: string[]): Promise<(BackgroundVerdict | null)[]> {
		return plain(() => current().classifyBackground(texts));
	},
	status(): Promise<EngineStatus> {
		return plain(() => current().status());
	},
	/** Receive telemetry events (predictions after the shadow ran, model errors) as they happen. */
	setTelemetrySink(sink: TelemetryCallback | null): Promise<void> {
		return plain(() => current().setTelemetrySink(sink));
	},
	/** Events buffered while no sink was attached. */
	drainTelemetry(): Promise<TelemetryEventInput[]> {
		return plain(() => current().drainTelemetry());
	},
	/** The last 100 events emitted (whether or not a sink took them), for diagnostics. */
	recentTelemetry(): Promise<TelemetryEventInput[]> {
		return plain(() => current().recentTelemetry());
	}
};

export type InferenceWorkerApi = typeof api;

// Also reachable as `self.inferenceApi` inside the worker's own global scope (not from the
// page): for DevTools and the e2e tests, which call it through Playwright's worker.evaluate.
Object.defineProperty(self, 'inferenceApi', { value: api });

Comlink.expose(api);
