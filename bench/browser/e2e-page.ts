/**
 * End to end through the product's own inference worker: client.ts starts worker.ts
 * (comlink), which downloads the champion from /models, verifies it, self-tests and
 * classifies. Timed on the page, so featurizer + model + comlink round trip all count.
 */
import { startInferenceWorker } from '#lib/inference/client.ts';
import { summarize, timeLoop, type LoopOptions } from '../lib/stats.ts';
import type { EndToEndResult } from './protocol.ts';

export interface EndToEndOptions {
	singleLoop: LoopOptions;
	bulkCount: number;
	disableWebGpu: boolean;
	/** EngineOptions.maxThreads; undefined = the product's default. */
	maxThreads?: number;
}

async function runEndToEnd(options: EndToEndOptions): Promise<EndToEndResult> {
	const texts = (await (await fetch('/bench-data/texts.json')).json()) as string[];
	const started = performance.now();
	const worker = await startInferenceWorker({
		appVersion: 'bench',
		modelsBase: '/models',
		disableWebGpu: options.disableWebGpu,
		...(options.maxThreads ? { maxThreads: options.maxThreads } : {})
	});
	try {
		const loaded = await worker.api.load();
		const loadMs = performance.now() - started;
		let i = 0;
		const single = summarize(await timeLoop(() => worker.api.classify([texts[i++ % texts.length]]), options.singleLoop));
		const bulk = Array.from({ length: options.bulkCount }, (_, k) => texts[k % texts.length]);
		const t0 = performance.now();
		const results = await worker.api.classify(bulk);
		const bulkMs = performance.now() - t0;
		if (results.length !== bulk.length) throw new Error(`bulk classify returned ${results.length} of ${bulk.length} results`);
		return { backend: loaded.backend.kind, threads: loaded.backend.threads, loadMs, single, bulkMs, bulkCount: bulk.length };
	} finally {
		worker.terminate();
	}
}

(window as unknown as { runEndToEnd: typeof runEndToEnd }).runEndToEnd = runEndToEnd;
