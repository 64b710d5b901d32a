import { describe, expect, it } from 'vitest';
import { CsvImportError, parseCsvRows, parsePasted } from './csv-import.ts';

describe('bulk scan input', () => {
	it('reads the text and id columns, ignoring others, with quoted newlines', () => {
		const rows = parseCsvRows('ID,Other,Text\nA1,x,"Steel bracket, 1998"\nA2,y,"two\nlines"\n');
		expect(rows).toEqual([
			{ row: 1, sourceId: 'A1', text: 'Steel bracket, 1998' },
			{ row: 2, sourceId: 'A2', text: 'two\nlines' }
		]);
	});

	it('numbers rows when there is no id column and skips empty descriptions', () => {
		const rows = parseCsvRows('text\nfirst\n""\nthird\n');
		expect(rows.map((r) => [r.sourceId, r.text])).toEqual([
			['1', 'first'],
			['3', 'third']
		]);
	});

	it('explains a missing text column', () => {
		expect(() => parseCsvRows('description\nfoo\n')).toThrow(CsvImportError);
		expect(() => parseCsvRows('description\nfoo\n')).toThrow(/"text" column/);
	});

	it('treats pasted lines without a header as one description each', () => {
		expect(parsePasted('Steel pipe 1999\n\n  Iron gear 1980  \n').map((r) => r.text)).toEqual(['Steel pipe 1999', 'Iron gear 1980']);
		expect(parsePasted('id,text\n7,Plastic cap').map((r) => r.sourceId)).toEqual(['7']);
	});
});
