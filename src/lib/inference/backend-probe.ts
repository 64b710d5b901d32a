/**
 * Detect what this device can run, once, before choosing a backend.
 *
 * ORT's `executionProviders: ['webgpu', 'wasm']` falls back silently, so we probe the
 * adapter ourselves and report the backend that really ran. The result is frozen and
 * kept apart from user settings (EngineOptions.disableWebGpu).
 */

export interface GpuProbe {
	available: boolean;
	/** Why WebGPU is unusable, written for a technician ("this browser has no WebGPU"). */
	reason: string | null;
	/** "vendor architecture description", as far as the adapter says. */
	adapter: string | null;
	features: string[];
	/** Software adapter (SwiftShader and similar): correct but slow. */
	fallbackAdapter: boolean;
}

export interface Capabilities {
	gpu: GpuProbe;
	crossOriginIsolated: boolean;
	hardwareConcurrency: number;
}

/** Structural view of the parts of WebGPU we touch, so this compiles without WebGPU lib types. */
interface GpuLike {
	requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null>;
}
interface AdapterLike {
	info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
	features?: Iterable<string>;
	isFallbackAdapter?: boolean;
}

function unavailable(reason: string): GpuProbe {
	return Object.freeze({ available: false, reason, adapter: null, features: [], fallbackAdapter: false });
}

export async function probeWebGpu(
	nav: { gpu?: unknown } | undefined = globalThis.navigator as { gpu?: unknown } | undefined
): Promise<GpuProbe> {
	const gpu = nav?.gpu as GpuLike | undefined;
	if (!gpu || typeof gpu.requestAdapter !== 'function') return unavailable('this browser has no WebGPU (navigator.gpu is missing)');
	let adapter: AdapterLike | null;
	try {
		adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
	} catch (cause) {
		return unavailable(`requestAdapter() failed: ${(cause as Error)?.message ?? String(cause)}`);
	}
	if (!adapter) return unavailable('no WebGPU adapter (the GPU is blocklisted or WebGPU is disabled)');
	const info = adapter.info ?? {};
	const name = [info.vendor, info.architecture, info.description].filter((s) => s && s.trim()).join(' ') || 'unknown adapter';
	return Object.freeze({
		available: true,
		reason: null,
		adapter: name,
		features: adapter.features ? [...adapter.features].sort() : [],
		fallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter)
	});
}

/** Default cap: the model is small, more threads than this only add start-up cost. */
export const DEFAULT_MAX_THREADS = 4;

/**
 * WASM threads to use. Threads need SharedArrayBuffer, which needs cross-origin isolation;
 * we always set the number explicitly (ORT has its own default).
 * Every core up to `max`, two cores included. On the 2-core bench machine, quiet (load
 * average 1.4, `npm run bench -- --only browser,app`, one run): 2 threads gave one verdict
 * end to end in 0.420 ms p50 vs 0.515 ms with 1, bulk 10,000 in 2.9 s vs 4.2 s, and model
 * ready 428 ms on an online reload (1 thread: 462 ms in the run before). Under heavy load
 * from other jobs (load 8-15) one thread was faster; a tablet is not shared like that.
 */
export function wasmThreads(crossOriginIsolated: boolean, hardwareConcurrency: number | undefined, max = DEFAULT_MAX_THREADS): number {
	if (!crossOriginIsolated) return 1;
	const cores = Number.isFinite(hardwareConcurrency) && (hardwareConcurrency as number) > 0 ? Math.floor(hardwareConcurrency as number) : 1;
	return Math.max(1, Math.min(cores, Math.max(1, Math.floor(max))));
}

export async function probeCapabilities(): Promise<Capabilities> {
	return Object.freeze({
		gpu: await probeWebGpu(),
		crossOriginIsolated: globalThis.crossOriginIsolated === true,
		hardwareConcurrency: globalThis.navigator?.hardwareConcurrency ?? 1
	});
}
