/**
 * A PDF scanned as the PWA's document page does it: the product's document worker
 * (src/lib/documents/client.ts: pdf.js extraction, layout, segmentation) then the product's
 * inference worker (bulk jobs of JOB_PASSAGES passages). Timed on the page; the model's
 * load is timed apart (a user loads it once, before opening documents).
 */
import { readDocumentInWorker } from '#lib/documents/client.ts';
import { startBulkJob, startInferenceWorker } from '#lib/inference/client.ts';

export interface DocumentScanOptions {
	url: string;
	name: string;
	/** Passages per bulk job (the PWA's JOB_PASSAGES). */
	jobPassages: number;
}

export interface DocumentScanResult {
	bytes: number;
	pages: number;
	passages: number;
	/** Passages per page number: every page must yield its passages. */
	pagesWithPassages: number;
	nonCompliant: number;
	loadMs: number;
	extractMs: number;
	classifyMs: number;
	backend: string;
	threads: number;
}

async function runDocumentScan(options: DocumentScanOptions): Promise<DocumentScanResult> {
	const blob = await (await fetch(options.url)).blob();
	const file = new File([blob], options.name, { type: 'application/pdf' });
	const started = performance.now();
	const worker = await startInferenceWorker({ appVersion: 'bench', modelsBase: '/models', disableWebGpu: true });
	try {
		const loaded = await worker.api.load();
		const loadMs = performance.now() - started;
		const t0 = performance.now();
		const { document, passages } = await readDocumentInWorker(file);
		const t1 = performance.now();
		let nonCompliant = 0;
		for (let from = 0; from < passages.length; from += options.jobPassages) {
			const chunk = passages.slice(from, from + options.jobPassages).map((p) => p.text);
			const results = await startBulkJob(worker.api, chunk).result;
			if (results.length !== chunk.length) throw new Error(`a job returned ${results.length} of ${chunk.length} verdicts`);
			nonCompliant += results.filter((r) => r.label === 1).length;
		}
		const t2 = performance.now();
		return {
			bytes: blob.size,
			pages: document.pageCount,
			passages: passages.length,
			pagesWithPassages: new Set(passages.map((p) => p.page)).size,
			nonCompliant,
			loadMs,
			extractMs: t1 - t0,
			classifyMs: t2 - t1,
			backend: loaded.backend.kind,
			threads: loaded.backend.threads
		};
	} finally {
		worker.terminate();
	}
}

(window as unknown as { runDocumentScan: typeof runDocumentScan }).runDocumentScan = runDocumentScan;
