import { describe, expect, it } from 'vitest';
import { BOILERPLATE, COMPONENTS, NEVER_PASSAGES, specCsv, specMd, specTxt } from '#tests/support/spec-documents.ts';
import { MAX_DOCUMENT_BYTES } from './detect-format.ts';
import { readDocument } from './read-document.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

describe('readDocument', () => {
	for (const [name, text] of [
		['spec.txt', specTxt()],
		['spec.md', specMd()]
	]) {
		it(`finds every component of ${name} with its page and kind, and no heading or page footer`, async () => {
			const { document, passages } = await readDocument(name, bytes(text));
			expect(document.pageCount).toBe(3);
			for (const c of COMPONENTS) expect(passages).toContainEqual(expect.objectContaining({ text: c.text, page: c.page, kind: c.kind }));
			const texts = passages.map((p) => p.text);
			for (const t of NEVER_PASSAGES) expect(texts.some((x) => x.includes(t))).toBe(false);
			// Boilerplate sentences reach the model (its signal decides), and nothing else is invented.
			expect(texts.sort()).toEqual([...COMPONENTS.map((c) => c.text), ...BOILERPLATE].sort());
			expect(passages.map((p) => p.passage)).toEqual(passages.map((_, i) => i + 1));
		});
	}

	it('reads a CSV as table rows with their headers', async () => {
		const { passages } = await readDocument('parts.csv', bytes(specCsv()));
		expect(passages.map((p) => [p.page, p.kind, p.text])).toEqual(
			COMPONENTS.filter((c) => c.kind === 'table-row').map((c) => [1, c.kind, c.text])
		);
	});

	it('points each sentence at its place in the paragraph', async () => {
		const { document, passages } = await readDocument('n.txt', bytes('Steel shaft from 2005, good. Iron gear, 1980, poor.'));
		for (const p of passages) expect(document.blocks[p.block].text.slice(p.start, p.end)).toBe(p.text);
	});

	it('reads a Windows-1252 text file', async () => {
		const { passages } = await readDocument(
			'w.txt',
			Uint8Array.from([...bytes('Steel bracket 1999 '), 0xe9, ...bytes(' good condition.')])
		);
		expect(passages[0].text).toBe('Steel bracket 1999 é good condition.');
	});
});

describe('readDocument refuses bad files with a clear error', () => {
	const cases: Array<[string, string, Uint8Array, RegExp]> = [
		['a renamed photo', 'spec.pdf', PNG, /content is a PNG image.*no text recognition/],
		['a photo named .txt', 'spec.txt', PNG, /content is a PNG image/],
		['a binary file named .md', 'spec.md', Uint8Array.from([1, 2, 0, 3, 65, 66]), /not a text file/],
		['an unknown extension', 'spec.pages', bytes('x'), /not a document this app reads/],
		['an empty file', 'spec.txt', new Uint8Array(0), /is empty/],
		[
			'an encrypted PDF',
			'spec.pdf',
			bytes('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<< /Root 1 0 R /Encrypt 5 0 R >>\n%%EOF\n'),
			/encrypted/
		],
		['a truncated PDF', 'spec.pdf', bytes('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'), /cut off/],
		['a truncated DOCX', 'spec.docx', Uint8Array.from([0x50, 0x4b, 3, 4, 20, 0, 0, 0, 8, 0, 1, 2, 3]), /cut off/],
		[
			'a password-protected XLSX',
			'spec.xlsx',
			Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
			/password-protected/
		]
	];
	for (const [what, name, data, message] of cases)
		it(what, async () => {
			await expect(readDocument(name, data)).rejects.toThrow(message);
		});

	it('a file over 50 MB, before reading it', async () => {
		const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
		await expect(readDocument('big.txt', big)).rejects.toMatchObject({
			code: 'DOCUMENT_TOO_LARGE',
			message: expect.stringMatching(/50\.0 MB.*up to 50 MB/)
		});
	});

	it('a PDF with its markers but no content is damaged', async () => {
		await expect(readDocument('spec.pdf', bytes('%PDF-1.7\n%%EOF\n'))).rejects.toMatchObject({
			code: 'DOCUMENT_CORRUPT',
			message: expect.stringMatching(/"spec\.pdf" is damaged and cannot be read as a PDF .*Download or export it again/)
		});
	});
});
