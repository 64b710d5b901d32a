/**
 * Bulk scan input: a CSV with a header naming a `text` column (and optionally `id`;
 * other columns are ignored, quoted fields and embedded newlines work), or plain pasted
 * lines, one description each. Same rules as the batch CLI (src/lib/batch/read-rows.ts).
 */
import { parse } from 'csv-parse/browser/esm/sync';
import { CodedError } from '../errors.ts';

export interface ScanRow {
	/** 1-based row number in the input (data rows, header excluded). */
	row: number;
	/** The id column when present, else the row number as text. */
	sourceId: string;
	/** The id column's value (the part number), null when the input has none. */
	partNumber: string | null;
	text: string;
}

/** A data row left out of the scan, and why (shown to the user). */
export interface SkippedRow {
	row: number;
	sourceId: string;
	reason: string;
}

export interface ScanInput {
	rows: ScanRow[];
	skipped: SkippedRow[];
}

export const EMPTY_TEXT_REASON = 'no description in the "text" column';

export class CsvImportError extends CodedError<'MISSING_TEXT_COLUMN' | 'MALFORMED_CSV' | 'EMPTY_INPUT'> {}

export function parseCsvRows(csv: string): ScanInput {
	let records: string[][];
	try {
		records = parse(csv, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
	} catch (e) {
		throw new CsvImportError(
			'MALFORMED_CSV',
			`The CSV could not be read: ${(e as Error).message}. Check the quotes around fields that contain commas or line breaks.`
		);
	}
	if (records.length === 0)
		throw new CsvImportError('EMPTY_INPUT', 'The file is empty: it needs a header line with a "text" column, then one row per component.');
	const header = records[0].map((h) => h.trim().toLowerCase());
	const textAt = header.indexOf('text');
	const idAt = header.indexOf('id');
	if (textAt < 0) {
		throw new CsvImportError(
			'MISSING_TEXT_COLUMN',
			`The CSV header has no "text" column (found ${records[0].map((h) => JSON.stringify(h)).join(', ')}). Name the description column "text" (and optionally add "id"), or paste the descriptions one per line instead.`
		);
	}
	const rows: ScanRow[] = [];
	const skipped: SkippedRow[] = [];
	records.slice(1).forEach((record, i) => {
		const text = (record[textAt] ?? '').trim();
		const partNumber = idAt >= 0 && record[idAt]?.trim() ? record[idAt].trim() : null;
		const sourceId = partNumber ?? String(i + 1);
		if (!text) skipped.push({ row: i + 1, sourceId, reason: EMPTY_TEXT_REASON });
		else rows.push({ row: i + 1, sourceId, partNumber, text });
	});
	return { rows, skipped };
}

/** Pasted text: a CSV when its first line names a `text` column, else one description per line (blank lines separate, they are not rows). */
export function parsePasted(input: string): ScanInput {
	const firstLine = input.split(/\r?\n/, 1)[0] ?? '';
	if (/(^|,)\s*"?text"?\s*(,|$)/i.test(firstLine)) return parseCsvRows(input);
	const rows = input
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line.length > 0)
		.map((text, i) => ({ row: i + 1, sourceId: String(i + 1), partNumber: null, text }));
	return { rows, skipped: [] };
}
