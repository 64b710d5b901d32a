import { describe, expect, it } from 'vitest';
import { pdfLayout, pdfPageBlocks, type PdfTextItem } from './pdf-layout.ts';

/** A text item at (x, y) in a 10-unit font, about 5 units per character. */
const at = (x: number, y: number, str: string, height = 10): PdfTextItem => ({ str, x, y, width: str.length * height * 0.5, height });
const blocks = (items: PdfTextItem[]) => pdfPageBlocks(1, items, pdfLayout([items]));
const simple = (items: PdfTextItem[]) => blocks(items).map((b) => [b.kind, b.text]);

describe('pdfPageBlocks', () => {
	it('reads a table row whose facts are spread over columns with its headers, and an empty cell in place', () => {
		const rows = blocks([
			at(50, 700, 'Part'),
			at(150, 700, 'Material'),
			at(250, 700, 'Year'),
			at(50, 685, 'Brake bracket'),
			at(250, 685, '1999'),
			at(50, 670, 'Caliper'),
			at(150, 670, 'cast'),
			at(175, 670, 'iron'),
			at(250, 670, '1988')
		]);
		expect(rows).toEqual([
			expect.objectContaining({ kind: 'table-row', cells: ['Brake bracket', '', '1999'], headers: ['Part', 'Material', 'Year'] }),
			expect.objectContaining({ kind: 'table-row', cells: ['Caliper', 'cast iron', '1988'] })
		]);
	});

	it('joins a cell wrapped onto a second line to its row', () => {
		const rows = blocks([
			at(50, 700, 'Part'),
			at(150, 700, 'Notes'),
			at(50, 685, 'Shaft'),
			at(150, 685, 'steel, made in'),
			at(150, 673, '2005')
		]);
		expect(rows.at(-1)).toMatchObject({ cells: ['Shaft', 'steel, made in 2005'] });
	});

	it('reads bullets drawn as text, apart or not, and continues a wrapped item', () => {
		expect(
			simple([
				at(50, 700, '•'),
				at(70, 700, 'Plastic bolt from 1990,'),
				at(70, 688, 'poor condition'),
				at(50, 670, '2) Iron gear from 1980'),
				at(50, 650, 'The end of the list is a paragraph.')
			])
		).toEqual([
			['list-item', 'Plastic bolt from 1990, poor condition'],
			['list-item', 'Iron gear from 1980'],
			['paragraph', 'The end of the list is a paragraph.']
		]);
	});

	it('joins lines of a paragraph (and a word broken by a hyphen), splits at a wider gap, and finds headings by size', () => {
		expect(
			simple([
				at(50, 760, 'Brake parts', 16),
				at(50, 700, 'A steel shaft made in 2005 is fit-'),
				at(50, 688, 'ted to the rear axle. The gear'),
				at(50, 676, 'is iron.'),
				at(50, 640, 'Another paragraph.')
			])
		).toEqual([
			['heading', 'Brake parts'],
			['paragraph', 'A steel shaft made in 2005 is fit-ted to the rear axle. The gear is iron.'],
			['paragraph', 'Another paragraph.']
		]);
	});

	it('keeps a paragraph whose first line is indented whole, and a centred title is a heading, not a list item', () => {
		expect(
			simple([
				at(200, 760, 'Brake System', 16),
				at(70, 700, 'A steel shaft made in 2005 is fitted'),
				at(50, 688, 'to the rear axle.'),
				at(70, 670, 'Iron gear from 1980, poor condition'),
				at(70, 640, 'Plastic bolt from 1990')
			])
		).toEqual([
			['heading', 'Brake System'],
			['paragraph', 'A steel shaft made in 2005 is fitted to the rear axle.'],
			['list-item', 'Iron gear from 1980, poor condition'],
			['list-item', 'Plastic bolt from 1990']
		]);
	});

	it('continues a table over a page break, with or without its header row repeated', () => {
		const layout = { body: 10, margin: 50 };
		const carry = {};
		const header = [at(50, 700, 'Part'), at(150, 700, 'Year')];
		const page1 = pdfPageBlocks(1, [...header, at(50, 685, 'Shaft'), at(150, 685, '2005'), at(50, 60, 'Page 1')], layout, carry);
		const page2 = pdfPageBlocks(2, [at(50, 760, 'Gear'), at(150, 760, '1980')], layout, carry);
		const page3 = pdfPageBlocks(3, [...header.map((h) => ({ ...h, y: 760 })), at(50, 745, 'Bolt'), at(150, 745, '1990')], layout, carry);
		for (const [blocks, part] of [
			[page1, 'Shaft'],
			[page2, 'Gear'],
			[page3, 'Bolt']
		] as const)
			expect(blocks.filter((b) => b.kind === 'table-row')).toEqual([
				expect.objectContaining({ cells: [part, expect.any(String)], headers: ['Part', 'Year'] })
			]);
		// A table elsewhere on the next page is a new table with its own header row.
		const other = pdfPageBlocks(4, [at(80, 700, 'Name'), at(200, 700, 'Grade'), at(80, 685, 'Rod'), at(200, 685, 'A')], layout, carry);
		expect(other).toEqual([expect.objectContaining({ cells: ['Rod', 'A'], headers: ['Name', 'Grade'] })]);
	});
});
