/** CSV: every data row is a table row with the header line's column names. */
import { parse } from 'csv-parse/browser/esm/sync';
import { decodeText } from '../decode-text.ts';
import { DocumentError } from '../errors.ts';
import type { Block } from '../types.ts';
import type { Extractor } from './extractor.ts';

export const extractCsv: Extractor = async (name, bytes) => {
	let records: string[][];
	try {
		records = parse(decodeText(name, bytes), {
			bom: true,
			relax_column_count: true,
			relax_quotes: true,
			skip_empty_lines: true
		}) as string[][];
	} catch (e) {
		throw new DocumentError(
			'DOCUMENT_CORRUPT',
			`"${name}" could not be read as CSV: ${(e as Error).message}. Check the quotes around fields that contain commas or line breaks.`
		);
	}
	const [header = [], ...rows] = records;
	const headers = header.map((h) => h.trim());
	const blocks: Block[] = rows.map((record) => {
		const cells = record.map((c) => c.trim());
		return { kind: 'table-row', page: 1, text: cells.join(' | '), cells, headers };
	});
	return { pageCount: 1, blocks };
};
