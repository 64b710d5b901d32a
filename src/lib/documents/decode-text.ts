/** Bytes of a text-like file (TXT, Markdown, CSV) to a string, refusing binary content. */
import { DocumentError } from './errors.ts';

export function decodeText(name: string, bytes: Uint8Array): string {
	// NUL bytes do not occur in text; UTF-16 files are rare enough to ask for a re-save.
	if (bytes.subarray(0, 64 * 1024).includes(0))
		throw new DocumentError(
			'FORMAT_MISMATCH',
			`"${name}" is not a text file (it holds binary data). If it is a document, open the original PDF, Word or Excel file; if it is text, save it as UTF-8.`
		);
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		// Not UTF-8: most likely a Windows ("ANSI") text file.
		return new TextDecoder('windows-1252').decode(bytes);
	}
}
