/**
 * Browser section, documents: a generated 200-page text PDF (printed by Chromium from
 * HTML: per page a heading, a 10-row table, 10 list items, a 10-sentence paragraph,
 * boilerplate and a page number; the same content as the Node document bench) scanned
 * by the product's document worker and inference worker in headless Chromium.
 * Reports pages per second and the extraction vs classification share.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JOB_PASSAGES } from '#lib/documents/findings.ts';
import type { Browser } from 'playwright-core';
import { RAW_DIR, type BenchBundle } from '../lib/bundle.ts';
import type { DocumentScanOptions, DocumentScanResult } from './documents-page.ts';
import { buildPages } from './build.ts';
import { startStaticServer } from './static-server.ts';

export const DOCUMENTS_DIST = path.join(RAW_DIR, 'browser-documents-dist');

export interface BrowserDocumentsReport extends DocumentScanResult {
	pagesPerSecond: number;
	/** Extraction (pdf.js + layout + segmentation) share of the scan; classification is the rest. */
	extractionShare: number;
	/** Passages per page the document holds (table rows, list items, sentences, boilerplate). */
	expectedPassages: number;
}

const MATERIALS = ['steel', 'iron', 'plastic', 'carbon fiber'];
const CONDITIONS = ['new', 'good', 'fair', 'poor'];
const capital = (s: string) => s[0].toUpperCase() + s.slice(1);
/** 10 table rows, 10 list items, 10 sentences and one boilerplate sentence per page. */
const PASSAGES_PER_PAGE = 31;

export function specificationHtml(pages: number): string {
	const sections: string[] = [];
	for (let p = 1; p <= pages; p++) {
		const m = (i: number) => MATERIALS[(p + i) % 4];
		const c = (i: number) => CONDITIONS[(p + 2 * i) % 4];
		const rows = Array.from(
			{ length: 10 },
			(_, i) => `<tr><td>Part ${p}-${i}</td><td>${m(i)}</td><td>${1980 + ((p * 7 + i) % 40)}</td><td>${c(i)}</td></tr>`
		);
		const list = Array.from(
			{ length: 10 },
			(_, i) => `<li>${capital(m(i + 1))} bracket manufactured in ${1985 + ((p + i) % 30)}, ${c(i + 1)} condition</li>`
		);
		const prose = Array.from(
			{ length: 10 },
			(_, i) => `The ${m(i + 2)} housing from ${1990 + ((i * 3 + p) % 25)} is in ${c(i + 3)} condition.`
		);
		sections.push(
			`<section><h2>Section ${p}</h2><p>This page is confidential.</p><table><tr><th>Part</th><th>Material</th><th>Year</th><th>Condition</th></tr>${rows.join('')}</table><ul>${list.join('')}</ul><p>${prose.join(' ')}</p><p class="footer">Page ${p} of ${pages}</p></section>`
		);
	}
	return `<!doctype html><html><head><meta charset="utf-8"><style>
body { font: 10pt/1.3 sans-serif; margin: 0; } section { break-after: page; } section:last-child { break-after: auto; }
h2 { font-size: 14pt; } table { border-collapse: collapse; } th, td { padding: 1pt 16pt 1pt 3pt; text-align: left; }
.footer { font-size: 8pt; }
</style></head><body>${sections.join('')}</body></html>`;
}

/** The documents page, rebuilt only when it or the code it bundles changed. */
const buildDocumentsPage = () => buildPages(DOCUMENTS_DIST, ['documents'], ['bench/browser', 'src/lib', 'package.json']);

export async function benchBrowserDocuments(
	bundle: BenchBundle,
	browser: Browser,
	options: { pages: number; timeoutMs: number },
	log: (line: string) => void
): Promise<BrowserDocumentsReport> {
	const root = await buildDocumentsPage();
	const name = `spec-${options.pages}-pages.pdf`;
	const printer = await browser.newPage();
	await printer.setContent(specificationHtml(options.pages));
	const pdf = await printer.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } });
	await printer.close();
	mkdirSync(root, { recursive: true });
	writeFileSync(path.join(root, name), pdf);
	const server = await startStaticServer({ root, modelsDir: bundle.modelsDir, data: {} });
	const context = await browser.newContext();
	try {
		const page = await context.newPage();
		await page.goto(`${server.origin}/documents.html`);
		const scanOptions: DocumentScanOptions = { url: `/${name}`, name, jobPassages: JOB_PASSAGES };
		let timer: NodeJS.Timeout | undefined;
		const result = await Promise.race([
			page.evaluate(
				(o) => (window as unknown as { runDocumentScan(o: DocumentScanOptions): Promise<DocumentScanResult> }).runDocumentScan(o),
				scanOptions
			),
			new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('document scan timed out')), options.timeoutMs)))
		]).finally(() => clearTimeout(timer));
		const expectedPassages = options.pages * PASSAGES_PER_PAGE;
		if (result.pages !== options.pages || result.pagesWithPassages !== options.pages || result.passages !== expectedPassages)
			throw new Error(
				`the scan read ${result.pages} pages (${result.pagesWithPassages} with passages) and ${result.passages} passages; expected ${options.pages} and ${expectedPassages}`
			);
		const seconds = (result.extractMs + result.classifyMs) / 1000;
		const report: BrowserDocumentsReport = {
			...result,
			expectedPassages,
			pagesPerSecond: result.pages / seconds,
			extractionShare: result.extractMs / (result.extractMs + result.classifyMs)
		};
		log(
			`  browser documents: ${report.pages}-page PDF (${(report.bytes / 1024).toFixed(0)} KB), ${report.passages} passages: ${report.pagesPerSecond.toFixed(1)} pages/s; extraction ${(report.extractionShare * 100).toFixed(0)}% (${(report.extractMs / 1000).toFixed(2)} s), classification ${(report.classifyMs / 1000).toFixed(2)} s (${report.backend}, ${report.threads}t)`
		);
		return report;
	} finally {
		await context.close();
		await server.close();
	}
}
