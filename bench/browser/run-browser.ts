/**
 * Browser section: Debian Chromium (headless, via playwright-core), the Vite-built bench
 * pages on a loopback static server with cross-origin isolation.
 *   model.html: TF.js (wasm, webgl) vs onnxruntime-web (WASM 1 thread, all threads,
 *               WebGPU where an adapter exists), each in its own worker.
 *   e2e.html:   the product's inference worker end to end.
 *   documents.html: a generated PDF scanned by the product's document and inference workers (run-documents.ts).
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { maxAbsDiff, type ModelResult } from '../lib/contenders.ts';
import type { FeaturizerResult } from '../lib/featurizer-timing.ts';
import type { LoopOptions } from '../lib/stats.ts';
import type { BenchBundle } from '../lib/bundle.ts';
import type { TfjsModelSpec } from '../lib/onnx-weights.ts';
import { buildBenchPages } from './build.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, WEBGPU_ARGS } from '#scripts/lib/chromium.ts';
import { startStaticServer } from './static-server.ts';
import { benchBrowserDocuments, type BrowserDocumentsReport } from './run-documents.ts';
import type { BrowserJob, BrowserJobResult, ContenderConfig, EndToEndResult } from './protocol.ts';

export interface BrowserContenderReport {
	runtime: string;
	backend: string;
	threads: number;
	/** GPU adapter / renderer, when relevant. */
	note: string;
	/** max |p - p_onnxruntime-node| on 256 descriptions; null when it did not run. */
	maxAbsDiff: number | null;
	/** Why it did not run. */
	error: string | null;
}

export interface BrowserReport {
	chromium: string;
	crossOriginIsolated: boolean;
	hardwareConcurrency: number;
	contenders: BrowserContenderReport[];
	results: ModelResult[];
	featurizer: FeaturizerResult | null;
	/** With the product's defaults. */
	endToEnd: EndToEndResult | null;
	endToEndError: string | null;
	/** The other variants (e.g. one WASM thread). */
	endToEndVariants: EndToEndResult[];
	/** A generated text PDF scanned in the document worker (absent in reports written before it existed). */
	documents?: BrowserDocumentsReport | null;
	documentsError?: string | null;
}

export interface BrowserPlan {
	loops: Record<number, LoopOptions>;
	featurizerLoop: LoopOptions;
	/** Product defaults first (the headline), then e.g. { maxThreads: 1 } to show what threads cost or buy. */
	endToEnd: { singleLoop: LoopOptions; bulkCount: number; variants: { maxThreads?: number }[] };
	/** Per-job limit, ms. */
	jobTimeoutMs: number;
	/** Loops for the GPU backends (webgl, webgpu: SwiftShader here, seconds per batch of 256); default `loops`. */
	gpuLoops?: Record<number, LoopOptions>;
	/** Also try TF.js wasm with every core (its threaded build; fails inside a module worker with tfjs 4.22). */
	tfjsThreads?: boolean;
	/** Only contenders whose "runtime/backend" contains this (debugging). */
	only?: string;
	/** Skip the end-to-end page. */
	skipEndToEnd?: boolean;
	/** Pages of the generated PDF of the document scan; 0 skips it. */
	documentPages?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout;
	const timeout = new Promise<never>(
		(_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${Math.round(ms / 1000)} s; stopped`)), ms))
	);
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const errorText = (e: unknown) =>
	String((e as Error)?.message ?? e)
		.split('\n')[0]
		.slice(0, 200);

/** `webgpu`: add --enable-unsafe-webgpu (headless WebGPU through SwiftShader). */
export async function launchChromium(options: { webgpu: boolean }): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: [...CHROMIUM_ARGS, ...(options.webgpu ? WEBGPU_ARGS : [])],
		headless: true
	});
}

export async function benchBrowser(
	bundle: BenchBundle,
	spec: TfjsModelSpec,
	texts: readonly string[],
	reference: Float32Array,
	plan: BrowserPlan,
	log: (line: string) => void
): Promise<BrowserReport> {
	const root = await buildBenchPages();
	const bundleInfo = {
		version: bundle.version,
		modelUrl: `/models/${bundle.manifest.files.model.path}`,
		vocabUrl: `/models/${bundle.manifest.files.vocabulary.path}`
	};
	const server = await startStaticServer({ root, modelsDir: bundle.modelsDir, data: { bundle: bundleInfo, texts, spec } });
	const browser = await launchChromium({ webgpu: true });
	try {
		const context = await browser.newContext();
		const page: Page = await context.newPage();
		await page.goto(`${server.origin}/model.html`);
		const env = await page.evaluate(() => ({ isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency }));
		const run = (job: BrowserJob) =>
			withTimeout(
				page.evaluate((j) => (window as unknown as { runJob(j: BrowserJob): Promise<BrowserJobResult> }).runJob(j), job),
				plan.jobTimeoutMs,
				`${JSON.stringify(job).slice(0, 80)}`
			);

		const configs: ContenderConfig[] = [
			{ runtime: 'tfjs', backend: 'wasm', threads: 1 },
			...(env.cores > 1 && plan.tfjsThreads ? [{ runtime: 'tfjs', backend: 'wasm', threads: env.cores } as const] : []),
			{ runtime: 'tfjs', backend: 'webgl', threads: 0 },
			{ runtime: 'onnxruntime-web', backend: 'wasm', threads: 1 },
			...(env.cores > 1 ? [{ runtime: 'onnxruntime-web', backend: 'wasm', threads: env.cores } as const] : []),
			{ runtime: 'onnxruntime-web', backend: 'webgpu', threads: 0 }
		];
		const contenders: BrowserContenderReport[] = [];
		const results: ModelResult[] = [];
		for (const contender of configs.filter((c) => !plan.only || `${c.runtime}/${c.backend}`.includes(plan.only))) {
			try {
				const loops = contender.backend === 'wasm' ? plan.loops : (plan.gpuLoops ?? plan.loops);
				const r = await run({ kind: 'model', contender, loops });
				if (r.kind !== 'model') throw new Error('unexpected reply');
				const diff = maxAbsDiff(reference.slice(0, 256), Float32Array.from(r.parity));
				contenders.push({ runtime: r.runtime, backend: r.backend, threads: r.threads, note: r.note, maxAbsDiff: diff, error: null });
				results.push(...r.results);
				log(
					`  browser ${r.runtime}/${r.backend}/${r.threads}t: ${r.results.map((x) => `batch ${x.batch} p50 ${x.p50.toFixed(3)} ms`).join(', ')}; parity ${diff.toExponential(1)}`
				);
			} catch (e) {
				// Known: tfjs-backend-wasm 4.22's threaded build starts emscripten pthread workers that fail
				// inside a bundled module worker; its single-threaded SIMD build is the TF.js baseline.
				const known =
					contender.runtime === 'tfjs' && contender.backend === 'wasm' && contender.threads > 1
						? 'tfjs-backend-wasm threaded build: its pthread workers fail to start inside a bundled module worker; '
						: '';
				contenders.push({ ...contender, note: '', maxAbsDiff: null, error: known + errorText(e) });
				log(`  browser ${contender.runtime}/${contender.backend}: did not run (${errorText(e)})`);
			}
		}

		let featurizer: FeaturizerResult | null = null;
		try {
			const r = await run({ kind: 'featurizer', loop: plan.featurizerLoop });
			if (r.kind === 'featurizer') featurizer = r.featurizer;
		} catch (e) {
			log(`  browser featurizer failed: ${errorText(e)}`);
		}

		let endToEnd: EndToEndResult | null = null;
		let endToEndError: string | null = null;
		const endToEndVariants: EndToEndResult[] = [];
		if (!plan.skipEndToEnd) {
			for (const [i, variant] of plan.endToEnd.variants.entries()) {
				try {
					// A fresh context: an empty model store, so each variant starts the same way.
					const e2eContext = await browser.newContext();
					const e2ePage = await e2eContext.newPage();
					await e2ePage.goto(`${server.origin}/e2e.html`);
					// WebGPU here is SwiftShader (a CPU emulation); a tablet's WASM path is what we measure.
					const options = { singleLoop: plan.endToEnd.singleLoop, bulkCount: plan.endToEnd.bulkCount, disableWebGpu: true, ...variant };
					const result = await withTimeout(
						e2ePage.evaluate((o) => (window as unknown as { runEndToEnd(o: unknown): Promise<EndToEndResult> }).runEndToEnd(o), options),
						plan.jobTimeoutMs,
						'end-to-end'
					);
					await e2eContext.close();
					if (i === 0) endToEnd = result;
					else endToEndVariants.push(result);
					log(
						`  browser end-to-end (${result.backend}, ${result.threads}t): p50 ${result.single.p50.toFixed(3)} ms, p99 ${result.single.p99.toFixed(3)} ms, bulk ${result.bulkCount} in ${result.bulkMs.toFixed(0)} ms`
					);
				} catch (e) {
					if (i === 0) endToEndError = errorText(e);
					log(`  browser end-to-end ${JSON.stringify(variant)} failed: ${errorText(e)}`);
				}
			}
		}
		await context.close();
		let documents: BrowserDocumentsReport | null = null;
		let documentsError: string | null = null;
		if (plan.documentPages)
			try {
				documents = await benchBrowserDocuments(bundle, browser, { pages: plan.documentPages, timeoutMs: plan.jobTimeoutMs }, log);
			} catch (e) {
				documentsError = errorText(e);
				log(`  browser documents failed: ${documentsError}`);
			}
		return {
			chromium: browser.version(),
			crossOriginIsolated: env.isolated,
			hardwareConcurrency: env.cores,
			contenders,
			results,
			featurizer,
			endToEnd,
			endToEndError,
			endToEndVariants,
			documents,
			documentsError
		};
	} finally {
		await browser.close();
		await server.close();
	}
}
