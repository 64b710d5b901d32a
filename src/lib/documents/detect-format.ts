/**
 * Which format a file is, from its name and checked against its first bytes, before
 * any parser runs: a renamed photo, an encrypted or truncated file and an oversized one
 * get a clear message instead of a parser's stack trace.
 */
import { DocumentError } from './errors.ts';
import type { DocumentFormat } from './types.ts';

/** Largest document accepted (the whole file is read into memory on the device). */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

const EXTENSIONS: Record<string, DocumentFormat> = {
	pdf: 'pdf',
	docx: 'docx',
	xlsx: 'xlsx',
	csv: 'csv',
	txt: 'txt',
	text: 'txt',
	md: 'md',
	markdown: 'md'
};

export const ACCEPTED_EXTENSIONS = Object.keys(EXTENSIONS).map((e) => `.${e}`);

const SIGNATURES: Array<{ kind: string; bytes: Array<number | null>; at?: number }> = [
	{ kind: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
	{ kind: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
	// OLE2 compound file: an encrypted Office file, or an old .doc/.xls.
	{ kind: 'ole2', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
	{ kind: 'PNG image', bytes: [0x89, 0x50, 0x4e, 0x47] },
	{ kind: 'JPEG image', bytes: [0xff, 0xd8, 0xff] },
	{ kind: 'GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
	{ kind: 'WebP image', bytes: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50] },
	{ kind: 'TIFF image', bytes: [0x49, 0x49, 0x2a, 0x00] },
	{ kind: 'TIFF image', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
	// "BM", a size, then four reserved zero bytes (a text starting with "BM" is not a bitmap).
	{ kind: 'BMP image', bytes: [0x42, 0x4d, null, null, null, null, 0, 0, 0, 0] },
	{ kind: 'HEIC/AVIF image', bytes: [0x66, 0x74, 0x79, 0x70], at: 4 }
];

/** What the first bytes say the file is ("pdf", "zip", "ole2", "PNG image", ...), or null for anything else (text). */
export function sniff(head: Uint8Array): string | null {
	for (const s of SIGNATURES) {
		const at = s.at ?? 0;
		if (head.length >= at + s.bytes.length && s.bytes.every((b, i) => b === null || head[at + i] === b)) return s.kind;
	}
	return null;
}

const EXPECTED: Record<DocumentFormat, string | null> = { pdf: 'pdf', docx: 'zip', xlsx: 'zip', csv: null, txt: null, md: null };
const LABEL: Record<DocumentFormat, string> = {
	pdf: 'PDF',
	docx: 'Word (.docx)',
	xlsx: 'Excel (.xlsx)',
	csv: 'CSV',
	txt: 'text',
	md: 'Markdown'
};

export function formatLabel(format: DocumentFormat): string {
	return LABEL[format];
}

export function formatFromName(name: string): DocumentFormat {
	const ext = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
	const format = EXTENSIONS[ext];
	if (!format)
		throw new DocumentError(
			'UNSUPPORTED_FORMAT',
			`"${name}" is not a document this app reads. Open a PDF, Word (.docx), Excel (.xlsx), CSV, text (.txt) or Markdown (.md) file.`
		);
	return format;
}

export function checkSize(name: string, bytes: number): void {
	if (bytes > MAX_DOCUMENT_BYTES)
		throw new DocumentError(
			'DOCUMENT_TOO_LARGE',
			`"${name}" is ${(bytes / 1024 / 1024).toFixed(1)} MB; documents up to ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB can be scanned. Split it into smaller files (for example by chapter) and scan each.`
		);
	if (bytes === 0)
		throw new DocumentError('DOCUMENT_EMPTY', `"${name}" is empty (0 bytes). Check that the file was saved or downloaded completely.`);
}

const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);

/** Structural checks that need no parser: the end marker a complete file has. (Encryption: pdf.js decides, see extractors/pdf.ts; a PDF with only an owner password is readable.) */
function checkStructure(name: string, format: DocumentFormat, bytes: Uint8Array): void {
	const tail = latin1(bytes.subarray(Math.max(0, bytes.length - 1024 * 1024)));
	if (format === 'pdf' && !tail.includes('%%EOF'))
		throw new DocumentError('DOCUMENT_CORRUPT', `"${name}" is damaged: the PDF is cut off (no end marker). Download or export it again.`);
	// A complete ZIP ends with its central directory record (PK 05 06) within the last 64 KB.
	if ((format === 'docx' || format === 'xlsx') && !tail.slice(-66_000).includes('PK\u0005\u0006'))
		throw new DocumentError(
			'DOCUMENT_CORRUPT',
			`"${name}" is damaged: the ${LABEL[format]} file is cut off or not a real ${LABEL[format]} file. Save it again from Word or Excel and retry.`
		);
}

/** The file's format, after checking size, signature and structure; throws a DocumentError otherwise. */
export function detectFormat(name: string, bytes: Uint8Array): DocumentFormat {
	const format = formatFromName(name);
	checkSize(name, bytes.length);
	const kind = sniff(bytes.subarray(0, 16));
	const expected = EXPECTED[format];
	if (kind === 'ole2' && (format === 'docx' || format === 'xlsx'))
		throw new DocumentError(
			'DOCUMENT_ENCRYPTED',
			`"${name}" is password-protected (encrypted) or in the old Office 97-2003 format. Open it in ${format === 'docx' ? 'Word' : 'Excel'}, remove the password or "Save as" ${LABEL[format]}, and scan that copy.`
		);
	if (kind !== expected) {
		const what =
			kind === null
				? 'plain text'
				: kind === 'zip'
					? 'a ZIP archive'
					: kind === 'ole2'
						? 'an old Office file'
						: kind === 'pdf'
							? 'a PDF'
							: `a ${kind}`;
		const ocr = kind?.endsWith('image') ? ' Photos and scans cannot be read: this app has no text recognition (OCR).' : '';
		throw new DocumentError(
			'FORMAT_MISMATCH',
			`"${name}" is named like a ${LABEL[format]} file but its content is ${what}.${ocr} Open the original ${LABEL[format]} document.`
		);
	}
	checkStructure(name, format, bytes);
	return format;
}
