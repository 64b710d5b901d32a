/**
 * The extractor of each format: a file in this folder (bytes -> blocks, see
 * extractor.ts) and a line here. PDF, Word and Excel load their parser (pdf.js, mammoth,
 * exceljs) only when such a file is opened. A format whose parser is left out of a
 * build names it as `{ needs: 'package' }`.
 */
import { DocumentError } from '../errors.ts';
import { formatLabel } from '../detect-format.ts';
import type { DocumentFormat } from '../types.ts';
import { extractCsv } from './csv.ts';
import { extractDocx } from './docx.ts';
import type { Extractor } from './extractor.ts';
import { extractMd } from './md.ts';
import { extractPdf } from './pdf.ts';
import { extractTxt } from './txt.ts';
import { extractXlsx } from './xlsx.ts';

const EXTRACTORS: Record<DocumentFormat, Extractor | { needs: string }> = {
	csv: extractCsv,
	txt: extractTxt,
	md: extractMd,
	pdf: extractPdf,
	docx: extractDocx,
	xlsx: extractXlsx
};

export function isFormatAvailable(format: DocumentFormat): boolean {
	return typeof EXTRACTORS[format] === 'function';
}

export function extractorFor(name: string, format: DocumentFormat): Extractor {
	const entry = EXTRACTORS[format];
	if (typeof entry === 'function') return entry;
	throw new DocumentError(
		'FORMAT_NOT_AVAILABLE',
		`"${name}" is a valid ${formatLabel(format)} file, but this version of the app cannot read ${formatLabel(format)} documents yet (its reader, ${entry.needs}, is not included). Save the document as text (.txt), Markdown (.md) or CSV and scan that.`
	);
}
