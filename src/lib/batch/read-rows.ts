/**
 * Stream CSV rows as `{row, id, text}` (or a per-row error) in input order, without
 * holding the file in memory: csv-parse is a Transform, and async iteration applies
 * backpressure, so the file is read only as fast as rows are consumed.
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { parse, type CsvError, type Info } from 'csv-parse';
import { BatchError, type RowError } from './errors.ts';

export type InputRow = { row: number; id: string | number; text: string } | { row: number; id: string | number; error: RowError };

const TEXT = 'text';
const ID = 'id';

/** Keep only `text` and `id` (matched after trimming, any case); other columns are dropped while parsing. */
function pickColumns(header: string[]): Array<string | false> {
	const names = header.map((h) => String(h).trim().toLowerCase());
	for (const wanted of [TEXT, ID]) {
		if (names.filter((n) => n === wanted).length > 1) {
			throw new BatchError(
				'DUPLICATE_COLUMN',
				`The CSV header has more than one "${wanted}" column (${header.join(', ')}). Rename or remove the extra one.`
			);
		}
	}
	if (!names.includes(TEXT)) {
		const found = header.length ? header.map((h) => JSON.stringify(h)).join(', ') : 'nothing';
		const other = header.length === 1 ? ['semicolons', 'tabs'][[';', '\t'].findIndex((d) => String(header[0]).includes(d))] : undefined;
		const hint = other ? ` The file seems to separate columns with ${other}; save it as comma-separated CSV.` : '';
		throw new BatchError(
			'MISSING_TEXT_COLUMN',
			`The CSV header has no "text" column (found ${found}). The first line must name the columns, one of them "text" (and optionally "id"), separated by commas.${hint}`
		);
	}
	return names.map((n) => (n === TEXT || n === ID ? n : false));
}

function malformed(err: CsvError): RowError {
	// csv-parse messages already say what and where ("... on line 7").
	return {
		code: 'MALFORMED_ROW',
		message: `This row is not valid CSV and was skipped: ${err.message}. Check its quotes (a quote inside a quoted field is written twice: "") and its number of commas.`
	};
}

export async function* readRows(input: Readable): AsyncGenerator<InputRow> {
	// Rows the parser skipped, each tagged with how many good records came before it,
	// so it is reported at its place in the input.
	const skipped: Array<{ after: number; error: RowError }> = [];
	let sawHeader = false;
	const parser = parse({
		bom: true,
		columns: (header: string[]) => {
			sawHeader = true;
			return pickColumns(header);
		},
		info: true,
		// A lone quote inside an unquoted field (12" pipe) is text, not a syntax error.
		relax_quotes: true,
		skip_empty_lines: true,
		skip_records_with_error: true
	});
	parser.on('skip', (err: CsvError) => skipped.push({ after: parser.info.records, error: malformed(err) }));
	pipeline(input, parser, () => {
		// Errors reach the async iterator below through the destroyed parser.
	});

	let row = 0;
	try {
		for await (const item of parser as AsyncIterable<{ record: { text?: string; id?: string }; info: Info }>) {
			const records = item.info.records;
			while (skipped.length > 0 && skipped[0].after < records) yield { row: ++row, id: row, error: skipped.shift()!.error };
			row++;
			const id = item.record.id !== undefined && item.record.id !== '' ? item.record.id : row;
			yield { row, id, text: item.record.text ?? '' };
		}
	} catch (cause) {
		if (cause instanceof BatchError) throw cause;
		const err = cause as NodeJS.ErrnoException;
		if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR')
			throw new BatchError('INPUT_UNREADABLE', `Cannot read the input: ${err.message}`, { cause });
		throw new BatchError('MALFORMED_CSV', `The input is not readable as CSV: ${err.message}`, { cause });
	}
	for (const s of skipped) yield { row: ++row, id: row, error: s.error };
	if (!sawHeader)
		throw new BatchError(
			'MISSING_TEXT_COLUMN',
			'The input is empty: a CSV file starts with a header line naming its columns, one of them "text".'
		);
}
