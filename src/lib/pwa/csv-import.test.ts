import { describe, expect, it } from 'vitest';
import { CsvImportError, EMPTY_TEXT_REASON, parseCsvRows, parsePasted } from './csv-import.ts';

describe('bulk scan input', () => {
	it('reads the text and id columns, ignoring others, with quoted newlines', () => {
		const { rows } = parseCsvRows('ID,Other,Text\nA1,x,"Steel bracket, 1998"\nA2,y,"two\nlines"\n');
		expect(rows).toEqual([
			{ row: 1, sourceId: 'A1', partNumber: 'A1', text: 'Steel bracket, 1998' },
			{ row: 2, sourceId: 'A2', partNumber: 'A2', text: 'two\nlines' }
		]);
	});

	it('numbers rows when there is no id column and reports empty descriptions as skipped', () => {
		const { rows, skipped } = parseCsvRows('text\nfirst\n""\nthird\n');
		expect(rows.map((r) => [r.sourceId, r.partNumber, r.text])).toEqual([
			['1', null, 'first'],
			['3', null, 'third']
		]);
		expect(skipped).toEqual([{ row: 2, sourceId: '2', reason: EMPTY_TEXT_REASON }]);
	});

	it('names the part number of a skipped row', () => {
		expect(parseCsvRows('id,text\nP-1,Steel pipe\nP-2,  \n').skipped).toEqual([{ row: 2, sourceId: 'P-2', reason: EMPTY_TEXT_REASON }]);
	});

	it('explains a missing text column', () => {
		expect(() => parseCsvRows('description\nfoo\n')).toThrow(CsvImportError);
		expect(() => parseCsvRows('description\nfoo\n')).toThrow(/"text" column/);
	});

	it('treats pasted lines without a header as one description each', () => {
		expect(parsePasted('Steel pipe 1999\n\n  Iron gear 1980  \n').rows.map((r) => r.text)).toEqual(['Steel pipe 1999', 'Iron gear 1980']);
		expect(parsePasted('id,text\n7,Plastic cap').rows.map((r) => r.partNumber)).toEqual(['7']);
	});
});
