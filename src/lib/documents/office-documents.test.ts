/**
 * PDF (printed by Chromium), Word and Excel specifications generated here, read by the
 * same code as the CLI and the PWA: every component with its page, no heading or footer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BOILERPLATE, COMPONENTS, NEVER_PASSAGES } from '#tests/support/spec-documents.ts';
import { passwordPdf, scannedPdf, specDocx, specPdf, specXlsx } from '#tests/support/spec-office-documents.ts';
import { readDocument } from './read-document.ts';

const files: Record<string, Uint8Array> = {};
beforeAll(async () => {
	const [pdf, docx, xlsx, scan] = await Promise.all([specPdf(), specDocx(), specXlsx(), scannedPdf()]);
	Object.assign(files, { 'spec.pdf': pdf, 'spec.docx': docx, 'spec.xlsx': xlsx, 'scan.pdf': scan });
}, 60_000);

describe('readDocument on office formats', () => {
	// A workbook has no bullets: a list in a column is text, read sentence by sentence.
	for (const [name, kinds] of [
		['spec.pdf', true],
		['spec.docx', true],
		['spec.xlsx', false]
	] as const)
		it(`finds every component of ${name} with its page${kinds ? ' and kind' : ''}, and no heading or footer`, async () => {
			const { document, passages } = await readDocument(name, files[name]);
			expect(document.pageCount).toBe(3);
			for (const c of COMPONENTS)
				expect(passages).toContainEqual(expect.objectContaining({ text: c.text, page: c.page, ...(kinds ? { kind: c.kind } : {}) }));
			const texts = passages.map((p) => p.text);
			for (const t of NEVER_PASSAGES) expect(texts.some((x) => x.toLowerCase().includes(t.toLowerCase()))).toBe(false);
			expect(texts.sort()).toEqual([...COMPONENTS.map((c) => c.text), ...BOILERPLATE].sort());
			for (const p of passages) expect(document.blocks[p.block].text.slice(p.start, p.end).length).toBeGreaterThan(0);
		});

	it('a workbook title merged across the columns is a heading, not the header row', async () => {
		const ExcelJS = (await import('exceljs')).default;
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Parts');
		sheet.addRow(['Brake parts list']);
		sheet.mergeCells('A1:C1');
		sheet.addRow(['Part', 'Material', 'Year']);
		sheet.addRow(['Caliper housing', 'iron', 1988]);
		const { document, passages } = await readDocument('merged.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
		expect(document.blocks[0]).toMatchObject({ kind: 'heading', text: 'Brake parts list' });
		expect(passages.map((p) => p.text)).toEqual(['Part: Caliper housing; Material: iron; Year: 1988']);
	});

	it('a PDF of scanned images: no text layer, no OCR', async () => {
		await expect(readDocument('scan.pdf', files['scan.pdf'])).rejects.toMatchObject({
			code: 'NO_TEXT',
			message: expect.stringMatching(/"scan\.pdf" has no text layer.*scanned images?\. OCR .* is not supported/)
		});
	});

	it('a PDF that needs a password: pdf.js asks for one, the scan says what to do', async () => {
		const error = await readDocument('locked.pdf', passwordPdf()).catch((e) => e);
		expect(error).toMatchObject({
			code: 'DOCUMENT_ENCRYPTED',
			message: expect.stringMatching(/"locked\.pdf" is encrypted \(password-protected\)\. .*without the password/)
		});
		expect(error.cause?.name).toBe('PasswordException');
	});

	it('a Word file cut short, and a workbook named .docx, are damaged Word files', async () => {
		await expect(readDocument('cut.docx', files['spec.docx'].subarray(0, 4000))).rejects.toMatchObject({ code: 'DOCUMENT_CORRUPT' });
		await expect(readDocument('book.docx', files['spec.xlsx'])).rejects.toMatchObject({
			code: 'DOCUMENT_CORRUPT',
			message: expect.stringMatching(/could not be read as a Word document.*save it again as \.docx/)
		});
		await expect(readDocument('doc.xlsx', files['spec.docx'])).rejects.toMatchObject({
			code: 'DOCUMENT_CORRUPT',
			message: expect.stringMatching(/is not an Excel workbook \(it holds no worksheets\)/)
		});
	});
});
