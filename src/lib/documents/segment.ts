/**
 * Blocks to the passages the model classifies: a table row (read with its column
 * headers, "Material: steel; Year: 1990"), a list item, or one sentence of a
 * paragraph. Headings are skipped, and so is text that cannot be a component
 * description (page numbers, lines without words). Everything else goes to the model,
 * whose "does not look like a component description" signal decides the rest
 * (see findings.ts).
 */
import { MAX_DESCRIPTION_CHARS } from '../inference/classifier.ts';
import type { Block, Passage } from './types.ts';

const PAGE_NUMBER = /^(page|p\.|seite|pagina)?\s*\d+\s*((of|\/|von|de)\s*\d+)?$/i;
const COPYRIGHT = /^(©|\(c\)|copyright\b|all rights reserved)/i;

/** Text that is never a component description, whatever the model would say. */
export function isBoilerplate(text: string): boolean {
	const words = text.match(/\p{L}{2,}/gu) ?? [];
	return words.length < 2 || PAGE_NUMBER.test(text.trim()) || COPYRIGHT.test(text.trim());
}

/** A table row as one description: each cell after its column header. */
export function rowText(cells: readonly string[], headers?: readonly string[]): string {
	const parts = cells.map((cell, i) => {
		const header = headers?.[i]?.trim();
		return !cell ? '' : header ? `${header}: ${cell}` : cell;
	});
	return parts.filter(Boolean).join('; ');
}

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

function cut(text: string): string {
	if (text.length <= MAX_DESCRIPTION_CHARS) return text;
	const head = text.slice(0, MAX_DESCRIPTION_CHARS);
	return head.slice(0, Math.max(head.lastIndexOf(' '), MAX_DESCRIPTION_CHARS / 2));
}

function* blockPassages(block: Block): Generator<Omit<Passage, 'passage' | 'block' | 'page'>> {
	switch (block.kind) {
		case 'heading':
			return;
		case 'table-row': {
			const cells = block.cells ?? [block.text];
			const isHeaderAgain = block.headers && cells.every((c, i) => c.toLowerCase() === (block.headers![i] ?? '').toLowerCase());
			if (!isHeaderAgain) yield { kind: 'table-row', text: rowText(cells, block.headers), start: 0, end: block.text.length };
			return;
		}
		case 'list-item':
			yield { kind: 'list-item', text: block.text, start: 0, end: block.text.length };
			return;
		case 'paragraph':
			for (const s of sentences.segment(block.text)) {
				const text = s.segment.trim();
				if (!text) continue;
				const start = s.index + s.segment.indexOf(text);
				yield { kind: 'sentence', text, start, end: start + text.length };
			}
	}
}

export function segment(blocks: readonly Block[]): Passage[] {
	const out: Passage[] = [];
	blocks.forEach((block, index) => {
		for (const p of blockPassages(block)) {
			if (isBoilerplate(p.text)) continue;
			out.push({ ...p, text: cut(p.text), passage: out.length + 1, page: block.page, block: index });
		}
	});
	return out;
}
