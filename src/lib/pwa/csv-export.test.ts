import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvCell, toCsv } from './csv-export.ts';

describe('CSV export', () => {
	it('round-trips commas, quotes and line breaks through a CSV parser', () => {
		const rows = [['a, b', 'say "hi"', 'two\nlines', 'plain']];
		const parsed = parse(toCsv(['w', 'x', 'y', 'z'], rows), { bom: true });
		expect(parsed[1]).toEqual(rows[0]);
	});

	it('neutralises cells a spreadsheet would run as a formula', () => {
		for (const evil of ['=HYPERLINK("http://x")', '+1+2', '-2+3', '@SUM(A1)', '\tcmd']) {
			const cell = csvCell(evil);
			expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
		}
		expect(csvCell('Steel bracket')).toBe('Steel bracket');
	});

	it('leaves numbers alone (a negative number is data, not a formula)', () => {
		expect(csvCell(-0.5)).toBe('-0.5');
		expect(csvCell(0.25)).toBe('0.25');
	});
});
