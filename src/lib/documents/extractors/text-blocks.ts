/**
 * Plain text and Markdown to blocks: pages split at form feeds (what `pdftotext` and
 * many exporters write), paragraphs at blank lines, list items by their bullet, pipe
 * or tab tables as rows with their header. TXT and Markdown differ only in how a
 * heading is recognised, so both extractors are thin wrappers around this.
 */
import type { Block } from '../types.ts';
import type { Extraction } from './extractor.ts';

export interface TextFlavor {
	/** The heading text when this line (a paragraph of one line) is a heading, else null. */
	heading(line: string, alone: boolean): string | null;
	/** Lines to drop before anything else (Markdown: fenced code, HTML comments). */
	skip?(line: string, state: { inFence: boolean }): boolean;
}

const BULLET = /^\s*(?:[-*+•‣◦–—]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+(.*)$/i;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

function cellsOf(line: string): string[] | null {
	if (line.includes('\t')) return line.split('\t').map((c) => c.trim());
	const trimmed = line.trim();
	if (trimmed.startsWith('|') && trimmed.endsWith('|') && trimmed.length > 1)
		return trimmed
			.slice(1, -1)
			.split('|')
			.map((c) => c.trim());
	return null;
}

/** One page's lines to blocks. */
function pageBlocks(page: number, lines: string[], flavor: TextFlavor): Block[] {
	const blocks: Block[] = [];
	let paragraph: string[] = [];
	let table: { headers?: string[]; pending?: string[] } | null = null;
	const flush = () => {
		if (paragraph.length === 0) return;
		const text = paragraph.join(' ').replace(/\s+/g, ' ').trim();
		const heading = flavor.heading(text, paragraph.length === 1);
		blocks.push({ kind: heading === null ? 'paragraph' : 'heading', page, text: heading ?? text });
		paragraph = [];
	};
	const row = (cells: string[], headers?: string[]) =>
		blocks.push({ kind: 'table-row', page, text: cells.join(' | '), cells, ...(headers ? { headers } : {}) });
	const endTable = () => {
		// A lone line of cells with no separator under it is a row without headers.
		if (table?.pending) row(table.pending);
		table = null;
	};
	const state = { inFence: false };
	for (const line of lines) {
		if (flavor.skip?.(line, state)) continue;
		const cells = cellsOf(line);
		if (cells && cells.length >= 2) {
			flush();
			if (TABLE_SEPARATOR.test(line)) continue;
			if (!table) table = { pending: cells };
			else if (table.pending && !table.headers) {
				// Two rows in a row: the first was the header when no separator came between them.
				table.headers = table.pending;
				table.pending = undefined;
				row(cells, table.headers);
			} else row(cells, table.headers);
			continue;
		}
		if (TABLE_SEPARATOR.test(line) && table?.pending) {
			table.headers = table.pending;
			table.pending = undefined;
			continue;
		}
		endTable();
		if (line.trim() === '') {
			flush();
			continue;
		}
		const bullet = BULLET.exec(line);
		if (bullet && bullet[1].trim()) {
			flush();
			blocks.push({ kind: 'list-item', page, text: bullet[1].trim() });
			continue;
		}
		// A continuation line of a list item (indented) joins it.
		const last = blocks.at(-1);
		if (paragraph.length === 0 && last?.kind === 'list-item' && /^\s{2,}\S/.test(line)) {
			last.text = `${last.text} ${line.trim()}`;
			continue;
		}
		// A Markdown heading line stands alone even without blank lines around it.
		const heading = /^\s{0,3}#/.test(line) ? flavor.heading(line.trim(), true) : null;
		if (heading !== null) {
			flush();
			blocks.push({ kind: 'heading', page, text: heading });
			continue;
		}
		paragraph.push(line.trim());
	}
	endTable();
	flush();
	return blocks;
}

export function textBlocks(text: string, flavor: TextFlavor): Extraction {
	const pages = text
		.replace(/^\uFEFF/, '')
		.replace(/\r\n?/g, '\n')
		.split('\f');
	// A trailing form feed ends the last page; it does not start an empty one.
	if (pages.length > 1 && pages.at(-1)!.trim() === '') pages.pop();
	const blocks = pages.flatMap((p, i) => pageBlocks(i + 1, p.split('\n'), flavor));
	return { pageCount: pages.length, blocks };
}
