/**
 * Word (.docx) with mammoth. Rather than parse mammoth's HTML (no HTML parser in Node),
 * its public `transformDocument` hook hands over the document tree it builds (paragraphs
 * with style and list numbering, runs, tables of rows and cells), which docx-tree.ts
 * walks into blocks. Pages: a .docx has no fixed pages, so a page is what explicit page
 * breaks delimit (what Word prints as a new page whatever the layout).
 */
import { DocumentError } from '../errors.ts';
import type { Extractor } from './extractor.ts';
import { docxBlocks, type DocxElement } from './docx-tree.ts';

export const extractDocx: Extractor = async (name, bytes) => {
	const { default: mammoth } = await import('mammoth');
	let tree: DocxElement | null = null;
	try {
		// Node's mammoth reads `buffer`, the browser build `arrayBuffer`: both get the same bytes.
		const input = { buffer: bytes, arrayBuffer: bytes.slice().buffer } as unknown as { arrayBuffer: ArrayBuffer };
		await mammoth.convertToHtml(input, {
			transformDocument: (document: DocxElement) => (tree = document),
			ignoreEmptyParagraphs: true
		});
	} catch (e) {
		throw new DocumentError(
			'DOCUMENT_CORRUPT',
			`"${name}" could not be read as a Word document (${(e as Error).message.split('\n')[0]}). Open it in Word, save it again as .docx and retry.`,
			{ cause: e }
		);
	}
	if (!tree) throw new DocumentError('DOCUMENT_CORRUPT', `"${name}" holds no Word document body. Save it again from Word and retry.`);
	return docxBlocks(tree);
};
