/**
 * Node: document scanning rate. A generated 200-page text specification (per page a
 * heading, a 10-row table, 10 list items, a 10-sentence paragraph, boilerplate and a page
 * number) read and segmented by src/lib/documents, then every passage classified in
 * batches, as `npm run classify -- --input spec.txt` does.
 */
import { readDocument } from '#lib/documents/read-document.ts';
import { RUN_BATCH } from '#lib/inference/classifier.ts';
import { loadNodeClassifier } from '#lib/inference/load-node.ts';
import type { BenchBundle } from '../lib/bundle.ts';

export interface NodeDocumentsReport {
	pages: number;
	passages: number;
	extractSeconds: number;
	classifySeconds: number;
	pagesPerSecond: number;
	/** Extraction + segmentation share of the whole scan. */
	extractionShare: number;
}

const MATERIALS = ['steel', 'iron', 'plastic', 'carbon fiber'];
const CONDITIONS = ['new', 'good', 'fair', 'poor'];

export function specificationText(pages: number): string {
	const out: string[] = [];
	for (let p = 1; p <= pages; p++) {
		const m = (i: number) => MATERIALS[(p + i) % 4];
		const c = (i: number) => CONDITIONS[(p + 2 * i) % 4];
		const rows = Array.from({ length: 10 }, (_, i) => [`Part ${p}-${i}`, m(i), 1980 + ((p * 7 + i) % 40), c(i)].join('\t'));
		const list = Array.from(
			{ length: 10 },
			(_, i) => `- ${m(i + 1)} bracket manufactured in ${1985 + ((p + i) % 30)}, ${c(i + 1)} condition`
		);
		const prose = Array.from(
			{ length: 10 },
			(_, i) => `The ${m(i + 2)} housing from ${1990 + ((i * 3 + p) % 25)} is in ${c(i + 3)} condition.`
		);
		out.push(
			[
				`SECTION ${p}`,
				'',
				'This page is confidential.',
				'',
				'Part\tMaterial\tYear\tCondition',
				...rows,
				'',
				...list,
				'',
				prose.join(' '),
				'',
				`Page ${p} of ${pages}`
			].join('\n')
		);
	}
	return out.join('\n\f');
}

export async function benchNodeDocuments(bundle: BenchBundle, pages = 200): Promise<NodeDocumentsReport> {
	const bytes = new TextEncoder().encode(specificationText(pages));
	const classifier = await loadNodeClassifier({ modelsDir: bundle.modelsDir, version: bundle.version });
	await readDocument('warmup.txt', bytes.subarray(0, 4096));
	const t0 = performance.now();
	const { passages } = await readDocument('spec.txt', bytes);
	const t1 = performance.now();
	for (let i = 0; i < passages.length; i += RUN_BATCH) await classifier.classify(passages.slice(i, i + RUN_BATCH).map((p) => p.text));
	const t2 = performance.now();
	const seconds = (t2 - t0) / 1000;
	return {
		pages,
		passages: passages.length,
		extractSeconds: (t1 - t0) / 1000,
		classifySeconds: (t2 - t1) / 1000,
		pagesPerSecond: pages / seconds,
		extractionShare: (t1 - t0) / (t2 - t0)
	};
}
