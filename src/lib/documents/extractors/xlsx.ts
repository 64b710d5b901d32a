/**
 * Excel (.xlsx) with exceljs, loaded only when a workbook is opened (it is large). One
 * page per worksheet, in workbook order. The first row with two or more filled cells is
 * the header row; rows under it are table rows read with those headers. A row of a
 * single filled cell is text: a title-like line is a heading, anything else a paragraph.
 */
import { DocumentError } from '../errors.ts';
import type { Block } from '../types.ts';
import type { Extractor } from './extractor.ts';
import { looksLikeHeading } from './txt.ts';

/** What a cell shows, as text: rich text, formulas' results, hyperlinks, dates. */
export function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value !== 'object') return String(value).trim();
	const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: string };
	if (v.richText)
		return v.richText
			.map((r) => r.text)
			.join('')
			.trim();
	if (v.text !== undefined) return cellText(v.text);
	if (v.result !== undefined) return cellText(v.result);
	return v.error ?? '';
}

export const extractXlsx: Extractor = async (name, bytes) => {
	const { default: ExcelJS } = await import('exceljs');
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(bytes.slice().buffer as ArrayBuffer);
	} catch (e) {
		throw new DocumentError(
			'DOCUMENT_CORRUPT',
			`"${name}" could not be read as an Excel workbook (${(e as Error).message.split('\n')[0]}). Open it in Excel, save it again as .xlsx and retry.`,
			{ cause: e }
		);
	}
	if (workbook.worksheets.length === 0)
		throw new DocumentError(
			'DOCUMENT_CORRUPT',
			`"${name}" is not an Excel workbook (it holds no worksheets). Open it in Excel, save it again as .xlsx and retry.`
		);
	const blocks: Block[] = [];
	let page = 0;
	for (const sheet of workbook.worksheets) {
		if (sheet.state === 'hidden' || sheet.state === 'veryHidden') continue;
		page++;
		let headers: string[] | undefined;
		let firstRow = 0;
		sheet.eachRow({ includeEmpty: false }, (row) => {
			const cells: string[] = [];
			for (let c = 1; c <= row.cellCount; c++) {
				// A merged range shows its value once (exceljs repeats it in every cell of the range).
				const cell = row.getCell(c);
				cells.push(cell.isMerged && cell.master.address !== cell.address ? '' : cellText(cell.value));
			}
			while (cells.length && !cells.at(-1)) cells.pop();
			const filled = cells.filter(Boolean);
			if (filled.length === 0) return;
			firstRow ||= row.number;
			if (filled.length === 1) {
				const text = filled[0].replace(/\s+/g, ' ');
				// The sheet's first line, short and not a sentence, is its title.
				const title = row.number === firstRow && text.split(' ').length <= 10 && !/[.!?]$/.test(text);
				blocks.push({ kind: title || looksLikeHeading(text) ? 'heading' : 'paragraph', page, text });
				return;
			}
			if (!headers) headers = cells;
			else blocks.push({ kind: 'table-row', page, text: cells.join(' | '), cells, headers });
		});
	}
	return { pageCount: Math.max(page, 1), blocks };
};
