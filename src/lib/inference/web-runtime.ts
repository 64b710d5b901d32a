/**
 * onnxruntime-web sessions inside the worker: WebGPU where the probe says it works,
 * WASM otherwise (multi-threaded when cross-origin isolated).
 *
 * vite.config.ts resolves onnxruntime-web's "extern wasm" builds, which load the WASM
 * binary and its .mjs glue from `env.wasm.wasmPaths`. Both are Vite assets of our own
 * build, imported with `?url` on the page side (client.ts) so they appear in
 * `$app/manifest` and the service worker precaches them; never fetched from a CDN.
 * What each build needs (checked in onnxruntime-web 1.30 dist/):
 *   onnxruntime-web/wasm   -> ort-wasm-simd-threaded.{mjs,wasm}          (14 MB)
 *   onnxruntime-web/webgpu -> ort-wasm-simd-threaded.asyncify.{mjs,wasm} (27 MB)
 * The jsep/jspi variants belong to other builds and are not used.
 */
import type { InferenceSession } from 'onnxruntime-common';
import { loadRuntime, type OrtRuntime } from './ort.ts';
import { InferenceError } from './errors.ts';
import type { BackendKind, WasmBinaryUrls } from './protocol.ts';

export interface WebRuntime {
	kind: BackendKind;
	threads: number;
	ort: OrtRuntime;
	createSession(model: Uint8Array): Promise<InferenceSession>;
}

const runtimes = new Map<BackendKind, Promise<OrtRuntime>>();

/** Each ORT build is initialised once per worker; `env` settings only apply before the first session. */
function runtime(kind: BackendKind, threads: number, binaries: WasmBinaryUrls): Promise<OrtRuntime> {
	let pending = runtimes.get(kind);
	if (!pending) {
		pending = loadRuntime(kind).then((ort) => {
			const files = binaries[kind];
			const absolute = (url: string) => new URL(url, self.location.href).href;
			ort.env.wasm.wasmPaths = { wasm: absolute(files.wasm), mjs: absolute(files.mjs) };
			ort.env.wasm.numThreads = threads;
			// We already are in a worker: ORT's own proxy worker would only add a hop.
			ort.env.wasm.proxy = false;
			ort.env.logLevel = 'error';
			return ort;
		});
		pending.catch(() => runtimes.delete(kind));
		runtimes.set(kind, pending);
	}
	return pending;
}

/**
 * Start `kind`'s runtime ahead of the model (issue 13, cold start): import the build, fetch
 * and compile its WASM and start its threads while the model's files are still being
 * checked. onnxruntime initialises a backend on the first `InferenceSession.create` and
 * before it reads the model, so an empty model does exactly that and then fails; the
 * real session reuses the initialised backend. Never throws: a runtime that cannot start
 * is reported by the real session's start.
 */
export async function warmRuntime(kind: BackendKind, wasmThreads: number, binaries: WasmBinaryUrls): Promise<void> {
	try {
		const ort = await runtime(kind, kind === 'webgpu' ? 1 : wasmThreads, binaries);
		await ort.InferenceSession.create(new Uint8Array(0), { executionProviders: [kind] }).then(
			(session) => session.release(),
			() => {}
		);
	} catch {
		// The real start reports it.
	}
}

export async function openRuntime(kind: BackendKind, wasmThreads: number, binaries: WasmBinaryUrls): Promise<WebRuntime> {
	// WebGPU runs the graph on the GPU; one CPU thread is enough for what stays on the CPU.
	const threads = kind === 'webgpu' ? 1 : wasmThreads;
	let ort: OrtRuntime;
	try {
		ort = await runtime(kind, threads, binaries);
	} catch (cause) {
		throw new InferenceError(
			'MODEL_LOAD',
			`Could not start the ${kind} runtime (${(cause as Error)?.message ?? cause}). Reload the page; if it persists, the app files may be incomplete.`,
			{ cause }
		);
	}
	return {
		kind,
		threads: kind === 'webgpu' ? 0 : threads,
		ort,
		async createSession(model: Uint8Array) {
			try {
				return await ort.InferenceSession.create(model, {
					// Only one provider: a list would fall back silently and we could not report what ran.
					executionProviders: [kind],
					graphOptimizationLevel: 'all'
				});
			} catch (cause) {
				throw new InferenceError('MODEL_LOAD', `The ${kind} backend could not open the model: ${(cause as Error)?.message ?? cause}`, {
					cause
				});
			}
		}
	};
}
