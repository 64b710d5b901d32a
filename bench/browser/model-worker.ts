/**
 * Browser worker, model only: one contender per worker (a runtime's thread count is
 * fixed at its first session), the same encoded inputs as Node, timed inside the worker
 * so no postMessage hop is counted. Also times the featurizer when asked.
 */
import tfWasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import tfWasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import tfWasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
// The product's ORT set-up (vite.config.ts "onnxruntime-web-use-extern-wasm"): binary and glue from our URLs.
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import ortGlueUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import ortWebGpuWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortWebGpuGlueUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import { Vocabulary } from '#lib/text/index.ts';
import { timeContender, type Contender, type ModelResult } from '../lib/contenders.ts';
import { timeFeaturizer } from '../lib/featurizer-timing.ts';
import { encodeBatches } from '../lib/inputs.ts';
import type { TfjsModelSpec } from '../lib/onnx-weights.ts';
import type { BrowserJob, BrowserJobResult, BundleInfo } from './protocol.ts';

async function fetchBytes(url: string): Promise<Uint8Array> {
	const r = await fetch(url);
	if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
	return new Uint8Array(await r.arrayBuffer());
}
const fetchJson = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;

async function tfjsContender(
	backend: 'wasm' | 'webgl',
	wantThreads: number,
	spec: TfjsModelSpec
): Promise<{ contender: Contender; note: string }> {
	const tf = await import('@tensorflow/tfjs');
	let note = '';
	let threads = 1;
	if (backend === 'wasm') {
		const wasm = await import('@tensorflow/tfjs-backend-wasm');
		wasm.setWasmPaths({
			'tfjs-backend-wasm.wasm': tfWasmUrl,
			'tfjs-backend-wasm-simd.wasm': tfWasmSimdUrl,
			'tfjs-backend-wasm-threaded-simd.wasm': tfWasmThreadedUrl
		});
		if (wantThreads > 1) wasm.setThreadsCount(wantThreads);
		// One thread: the SIMD build (the threaded build starts pthreads even for 1).
		else tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
	}
	if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} did not initialise`);
	await tf.ready();
	if (backend === 'wasm') {
		const wasm = await import('@tensorflow/tfjs-backend-wasm');
		threads = wasm.getThreadsCount();
	} else {
		const gl = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
		const ctx = gl.gpgpu?.gl;
		const info = ctx?.getExtension('WEBGL_debug_renderer_info');
		note = info && ctx ? String(ctx.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'webgl';
		threads = 0;
	}
	const { buildTfjsModel, predictTfjs } = await import('../lib/tfjs-model.ts');
	const model = buildTfjsModel(spec);
	return {
		note,
		contender: {
			runtime: 'tfjs',
			backend,
			threads,
			run: (x) => predictTfjs(model, x.features, x.mask, x.batch, x.tokens, x.dim),
			release: () => void model.dispose()
		}
	};
}

async function ortContender(
	backend: 'wasm' | 'webgpu',
	threads: number,
	modelBytes: Uint8Array
): Promise<{ contender: Contender; note: string }> {
	let note = '';
	if (backend === 'webgpu') {
		const gpu = (
			navigator as unknown as {
				gpu?: { requestAdapter(): Promise<{ info?: { vendor: string; architecture: string; description: string } } | null> };
			}
		).gpu;
		const adapter = await gpu?.requestAdapter();
		if (!adapter) throw new Error('no WebGPU adapter');
		note = adapter.info ? `${adapter.info.vendor} ${adapter.info.architecture} ${adapter.info.description}`.trim() : 'webgpu';
	}
	const ort = backend === 'webgpu' ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
	const absolute = (url: string) => new URL(url, self.location.href).href;
	ort.env.wasm.wasmPaths =
		backend === 'webgpu'
			? { wasm: absolute(ortWebGpuWasmUrl), mjs: absolute(ortWebGpuGlueUrl) }
			: { wasm: absolute(ortWasmUrl), mjs: absolute(ortGlueUrl) };
	ort.env.wasm.numThreads = threads;
	ort.env.wasm.proxy = false;
	ort.env.logLevel = 'error';
	const session = await ort.InferenceSession.create(modelBytes, { executionProviders: [backend], graphOptimizationLevel: 'all' });
	const output = session.outputNames[0];
	return {
		note,
		contender: {
			runtime: 'onnxruntime-web',
			backend,
			threads: backend === 'webgpu' ? 0 : threads,
			async run(x) {
				const result = await session.run({
					features: new ort.Tensor('float32', x.features, [x.batch, x.tokens, x.dim]),
					mask: new ort.Tensor('float32', x.mask, [x.batch, x.tokens])
				});
				return (await result[output].getData()) as Float32Array;
			},
			release: () => session.release()
		}
	};
}

async function runJob(job: BrowserJob): Promise<BrowserJobResult> {
	const [bundle, texts] = await Promise.all([
		fetchJson<BundleInfo>('/bench-data/bundle.json'),
		fetchJson<string[]>('/bench-data/texts.json')
	]);
	const vocabulary = Vocabulary.decode(await fetchBytes(bundle.vocabUrl));
	if (job.kind === 'featurizer') return { kind: 'featurizer', featurizer: await timeFeaturizer(texts, vocabulary, job.loop) };
	const { contender, note } =
		job.contender.runtime === 'tfjs'
			? await tfjsContender(
					job.contender.backend as 'wasm' | 'webgl',
					job.contender.threads,
					await fetchJson<TfjsModelSpec>('/bench-data/spec.json')
				)
			: await ortContender(job.contender.backend as 'wasm' | 'webgpu', job.contender.threads, await fetchBytes(bundle.modelUrl));
	const parityInput = encodeBatches(texts, vocabulary, 256, 1)[0];
	const parity = Array.from((await contender.run(parityInput)).slice(0, 256));
	const results: ModelResult[] = [];
	for (const [batch, loop] of Object.entries(job.loops)) {
		const inputs = encodeBatches(texts, vocabulary, Number(batch), Number(batch) === 1 ? 64 : 4);
		results.push(await timeContender(contender, inputs, loop));
	}
	await contender.release?.();
	return { kind: 'model', runtime: contender.runtime, backend: contender.backend, threads: contender.threads, note, parity, results };
}

self.onmessage = async (event: MessageEvent<BrowserJob>) => {
	try {
		self.postMessage({ ok: true, result: await runJob(event.data) });
	} catch (e) {
		self.postMessage({ ok: false, error: String((e as Error)?.message ?? e) });
	}
};
