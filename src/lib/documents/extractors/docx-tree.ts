/**
 * mammoth's document tree (see mammoth/lib/documents.js) to blocks: headings by style
 * ("Heading 1", "Title"), list items by numbering, tables as rows with the first row's
 * cells as headers, other paragraphs as paragraphs. An explicit page break starts a page.
 */
import type { Block } from '../types.ts';
import type { Extraction } from './extractor.ts';

/** The parts of mammoth's elements read here. */
export interface DocxElement {
	type: string;
	children?: DocxElement[];
	value?: string;
	breakType?: string;
	styleName?: string | null;
	styleId?: string | null;
	numbering?: unknown;
}

const HEADING_STYLE = /^(heading\s*\d|title|subtitle)$/i;

export function docxBlocks(document: DocxElement): Extraction {
	const blocks: Block[] = [];
	let page = 1;
	/** Text of an element; page breaks inside it move the page on after it. */
	const textOf = (element: DocxElement, breaks: { pages: number }): string => {
		switch (element.type) {
			case 'text':
				return element.value ?? '';
			case 'tab':
				return '\t';
			case 'break':
				if (element.breakType === 'page') breaks.pages++;
				return element.breakType === 'line' ? '\n' : ' ';
			default:
				return (element.children ?? []).map((c) => textOf(c, breaks)).join('');
		}
	};
	const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

	const paragraph = (p: DocxElement) => {
		const breaks = { pages: 0 };
		const text = clean(textOf(p, breaks));
		if (text) {
			const style = p.styleName ?? p.styleId ?? '';
			const kind = HEADING_STYLE.test(style) ? 'heading' : p.numbering ? 'list-item' : 'paragraph';
			blocks.push({ kind, page, text });
		}
		page += breaks.pages;
	};

	const table = (t: DocxElement) => {
		let headers: string[] | undefined;
		for (const row of t.children ?? []) {
			if (row.type !== 'tableRow') continue;
			const breaks = { pages: 0 };
			const cells = (row.children ?? []).filter((c) => c.type === 'tableCell').map((c) => clean(textOf(c, breaks)));
			if (cells.some(Boolean)) {
				if (!headers && cells.length >= 2) headers = cells;
				else blocks.push({ kind: 'table-row', page, text: cells.join(' | '), cells, ...(headers ? { headers } : {}) });
			}
			page += breaks.pages;
		}
	};

	const walk = (elements: DocxElement[]) => {
		for (const element of elements) {
			if (element.type === 'paragraph') paragraph(element);
			else if (element.type === 'table') table(element);
			else if (element.children) walk(element.children);
		}
	};
	walk(document.children ?? []);
	// A page break at the very end does not open an empty page.
	const pageCount = Math.max(1, ...blocks.map((b) => b.page));
	return { pageCount, blocks };
}
