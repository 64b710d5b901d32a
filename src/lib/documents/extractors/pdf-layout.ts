/**
 * A PDF page's positioned text items to blocks. PDF has no paragraphs or tables, only
 * strings drawn at positions, so the structure is rebuilt from geometry:
 * - items on the same baseline form a line; a horizontal gap wider than COLUMN_GAP font
 *   heights splits a line into cells;
 * - consecutive lines of two or more cells form a table: the first is its header row,
 *   and each later row's cells go to the header column they start under, so a row whose
 *   facts are spread over columns reads as one description with its column headers; a
 *   table whose columns start where the previous page's last table's did continues it;
 * - a line starting with a bullet or a number is a list item (indented lines continue it);
 *   so is an indented line starting with a capital when the bullet is drawn as a shape
 *   (browsers print list discs as graphics, not text);
 * - other lines join into paragraphs until a wider vertical gap; a one-line paragraph in
 *   a larger font than the body text, or shaped like a title, is a heading.
 */
import type { Block } from '../types.ts';
import { looksLikeHeading } from './txt.ts';

/** A text item of pdf.js's getTextContent, reduced to its position (PDF units, y upwards). */
export interface PdfTextItem {
	str: string;
	x: number;
	y: number;
	width: number;
	height: number;
}

interface Cell {
	x: number;
	end: number;
	text: string;
}
interface Line {
	y: number;
	height: number;
	cells: Cell[];
}

/** Gap between cells, in font heights (a word space is about a quarter). */
const COLUMN_GAP = 1.0;
/** Vertical distance between lines of one paragraph, at most, in font heights. */
const PARAGRAPH_GAP = 1.6;
const BULLET = /^(?:[•◦▪▫‣·●○■□–—*\uf0b7\uf0a7-]|\(?\d{1,3}[.)]|\(?[a-z][.)])$/i;
const BULLET_PREFIX = /^(?:[•◦▪▫‣·●○■□–—*\uf0b7\uf0a7-]|\(?\d{1,3}[.)])\s+(?=\S)/;

function lines(items: readonly PdfTextItem[]): Line[] {
	const sorted = items.filter((i) => i.str.trim() !== '').sort((a, b) => b.y - a.y || a.x - b.x);
	const out: Array<{ y: number; height: number; items: PdfTextItem[] }> = [];
	for (const item of sorted) {
		const h = item.height || 10;
		const line = out.find((l) => Math.abs(l.y - item.y) <= Math.min(l.height, h) * 0.5);
		if (line) line.items.push(item);
		else out.push({ y: item.y, height: h, items: [item] });
	}
	return out
		.sort((a, b) => b.y - a.y)
		.map((l) => {
			l.items.sort((a, b) => a.x - b.x);
			const cells: Cell[] = [];
			for (const item of l.items) {
				const last = cells.at(-1);
				const gap = last ? item.x - last.end : Infinity;
				if (last && gap <= COLUMN_GAP * l.height) {
					const space = gap > l.height * 0.12 && !last.text.endsWith(' ') && !item.str.startsWith(' ') ? ' ' : '';
					last.text += space + item.str;
					last.end = Math.max(last.end, item.x + item.width);
				} else cells.push({ x: item.x, end: item.x + item.width, text: item.str });
			}
			for (const c of cells) c.text = c.text.replace(/\s+/g, ' ').trim();
			return { y: l.y, height: l.height, cells: cells.filter((c) => c.text) };
		})
		.filter((l) => l.cells.length > 0);
}

/** What the whole document's text tells about its body text. */
export interface PdfLayout {
	/** The median font height, to tell headings (larger) from paragraphs. */
	body: number;
	/** The left margin: where body text starts, to tell indented list items. */
	margin: number;
}

export function pdfLayout(pages: ReadonlyArray<readonly PdfTextItem[]>): PdfLayout {
	const items = pages.flatMap((p) => p.filter((i) => i.str.trim()));
	const heights = items.map((i) => Math.round(i.height * 10) / 10).sort((a, b) => a - b);
	return { body: heights[Math.floor(heights.length / 2)] ?? 10, margin: items.reduce((m, i) => Math.min(m, i.x), Infinity) };
}

const join = (a: string, b: string) => (a.endsWith('-') && /^\p{Ll}/u.test(b) ? a + b : `${a} ${b}`);

interface Table {
	columns: number[];
	headers: string[];
}

/** What a page hands to the next: its last table, which may go on over the page break. */
export interface PageCarry {
	table?: Table;
}

export function pdfPageBlocks(page: number, items: readonly PdfTextItem[], { body, margin }: PdfLayout, carry: PageCarry = {}): Block[] {
	const blocks: Block[] = [];
	let table: Table | null = null;
	const previousTable = carry.table;
	carry.table = undefined;
	let paragraph: { lines: Line[]; text: string } | null = null;
	let list: { block: Block; x: number } | null = null;
	const flush = () => {
		if (!paragraph) return;
		const { lines: ls, text } = paragraph;
		const big = ls.every((l) => l.height >= body * 1.15);
		const heading = ls.length <= 2 && (big || (ls.length === 1 && looksLikeHeading(text)));
		blocks.push({ kind: heading ? 'heading' : 'paragraph', page, text: heading ? text.replace(/:$/, '') : text });
		paragraph = null;
	};
	const all = lines(items);
	const close = (a: Line | undefined, b: Line | undefined) => !!a && !!b && a.y - b.y <= PARAGRAPH_GAP * Math.max(a.height, b.height);
	all.forEach((line, index) => {
		const near = close(all[index - 1], line);
		const cells = line.cells;
		// A bullet drawn apart from its text ("•", gap, "Plastic bolt ...") is not a column.
		const bulletApart = cells.length >= 2 && BULLET.test(cells[0].text);
		if (cells.length >= 2 && !bulletApart) {
			flush();
			list = null;
			if (!table) {
				const same = (a: string[], b: string[]) => a.join('|').toLowerCase() === b.join('|').toLowerCase();
				const continues =
					previousTable &&
					!blocks.some((b) => b.kind === 'table-row') &&
					cells.length === previousTable.columns.length &&
					cells.every((c, i) => Math.abs(c.x - previousTable.columns[i]) <= line.height * 0.5);
				if (
					continues &&
					same(
						cells.map((c) => c.text),
						previousTable.headers
					)
				) {
					// The header row repeated on the new page.
					carry.table = table = previousTable;
					return;
				}
				if (!continues) {
					carry.table = table = { columns: cells.map((c) => c.x), headers: cells.map((c) => c.text) };
					return;
				}
				carry.table = table = previousTable;
			}
			const row = table.columns.map(() => '');
			for (const cell of cells) {
				let col = 0;
				table.columns.forEach((x, i) => {
					if (x <= cell.x + line.height * 0.5) col = i;
				});
				row[col] = row[col] ? `${row[col]} ${cell.text}` : cell.text;
			}
			blocks.push({ kind: 'table-row', page, text: row.join(' | '), cells: row, headers: table.headers });
			return;
		}
		const first = cells[0];
		// A wrapped cell: one piece of text under a later column, just below the last row.
		const lastRow = blocks.at(-1);
		if (table && cells.length === 1 && near && lastRow?.kind === 'table-row' && first.x > table.columns[0] + line.height) {
			let col = 0;
			table.columns.forEach((x, i) => {
				if (x <= first.x + line.height * 0.5) col = i;
			});
			lastRow.cells![col] = lastRow.cells![col] ? `${lastRow.cells![col]} ${first.text}` : first.text;
			lastRow.text = lastRow.cells!.join(' | ');
			return;
		}
		table = null;
		const text = bulletApart
			? cells
					.slice(1)
					.map((c) => c.text)
					.join(' ')
			: first.text;
		const start = bulletApart ? cells[1].x : first.x;
		if (bulletApart || BULLET_PREFIX.test(text)) {
			flush();
			const block: Block = { kind: 'list-item', page, text: bulletApart ? text : text.replace(BULLET_PREFIX, '') };
			blocks.push(block);
			list = { block, x: bulletApart ? start : first.x + line.height };
			return;
		}
		// An indented line starting with a capital, in body size: a list item whose bullet is a
		// graphic. Not when the next line goes on at the margin (a paragraph's indented first line).
		const next = all[index + 1];
		const firstLineIndent = close(line, next) && next.cells.length === 1 && next.cells[0].x <= margin + line.height * 0.5;
		const indented = start > margin + line.height && line.height < body * 1.15 && !firstLineIndent;
		if (indented && /^[\p{Lu}\d]/u.test(text)) {
			flush();
			const block: Block = { kind: 'list-item', page, text: cells.map((c) => c.text).join(' ') };
			blocks.push(block);
			list = { block, x: start - line.height * 0.5 };
			return;
		}
		if (list && near && start >= list.x - line.height * 0.5) {
			list.block.text = join(list.block.text, cells.map((c) => c.text).join(' '));
			return;
		}
		list = null;
		const whole = cells.map((c) => c.text).join(' ');
		const sameSize = paragraph && Math.abs(paragraph.lines.at(-1)!.height - line.height) <= line.height * 0.1;
		if (paragraph && near && sameSize) {
			paragraph.lines.push(line);
			paragraph.text = join(paragraph.text, whole);
		} else {
			flush();
			paragraph = { lines: [line], text: whole };
		}
	});
	flush();
	return blocks;
}
