/**
 * PDF with pdf.js (pdfjs-dist): each page's positioned text items, laid out into blocks by
 * pdf-layout.ts. pdf.js runs in the calling thread (its "fake worker"): in the browser
 * that thread is already the document worker, in Node the batch CLI. A PDF with pages but
 * no text is a scan (no OCR here); one that needs a password says so.
 */
import { DocumentError } from '../errors.ts';
import type { Block } from '../types.ts';
import type { Extractor } from './extractor.ts';
import { pdfLayout, pdfPageBlocks, type PdfTextItem } from './pdf-layout.ts';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/**
 * pdf.js's legacy build everywhere: Node needs it (pdf.js's own advice) and browsers run it
 * too, so the document worker carries one copy of pdf.js instead of two.
 */
async function loadPdfJs(): Promise<PdfJs> {
	const [pdfjs, worker] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
	// pdf.js looks for its worker's message handler here before it would start a worker of its own.
	(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
	return pdfjs;
}

const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);

function openError(name: string, bytes: Uint8Array, e: unknown): DocumentError {
	const error = e as Error;
	const encrypted =
		/\/Encrypt\s/.test(latin1(bytes.subarray(Math.max(0, bytes.length - 1024 * 1024)))) ||
		/\/Encrypt\s/.test(latin1(bytes.subarray(0, 1024 * 1024)));
	if (error?.name === 'PasswordException' || encrypted)
		return new DocumentError(
			'DOCUMENT_ENCRYPTED',
			`"${name}" is encrypted (password-protected). Open it in a PDF reader, save or print a copy without the password, and scan that.`,
			{ cause: e }
		);
	return new DocumentError(
		'DOCUMENT_CORRUPT',
		`"${name}" is damaged and cannot be read as a PDF (${error?.message ?? String(e)}). Download or export it again.`,
		{ cause: e }
	);
}

export const extractPdf: Extractor = async (name, bytes) => {
	const pdfjs = await loadPdfJs();
	// pdf.js takes ownership of (detaches) the buffer it is given, and wants no Node Buffer: a plain copy.
	const task = pdfjs.getDocument({ data: new Uint8Array(bytes), disableFontFace: true, verbosity: 0 });
	let pdf: Awaited<typeof task.promise>;
	try {
		pdf = await task.promise;
	} catch (e) {
		await task.destroy();
		throw openError(name, bytes, e);
	}
	try {
		const pages: PdfTextItem[][] = [];
		for (let n = 1; n <= pdf.numPages; n++) {
			const page = await pdf.getPage(n);
			const content = await page.getTextContent();
			const items: PdfTextItem[] = [];
			for (const item of content.items) {
				if (!('str' in item) || !item.str.trim()) continue;
				const [, , c, d, x, y] = item.transform as number[];
				items.push({ str: item.str, x, y, width: item.width, height: item.height || Math.hypot(c, d) });
			}
			pages.push(items);
			page.cleanup();
		}
		if (pages.every((items) => items.length === 0))
			throw new DocumentError(
				'NO_TEXT',
				`"${name}" has no text layer: ${pdf.numPages === 1 ? 'its page is a scanned image' : `its ${pdf.numPages} pages are scanned images`}. OCR (reading text from images) is not supported; scan the original digital document, or a PDF exported from Word.`
			);
		const layout = pdfLayout(pages);
		const carry = {};
		const blocks: Block[] = pages.flatMap((items, i) => pdfPageBlocks(i + 1, items, layout, carry));
		return { pageCount: pdf.numPages, blocks };
	} catch (e) {
		if (e instanceof DocumentError) throw e;
		throw openError(name, bytes, e);
	} finally {
		await task.destroy();
	}
};
