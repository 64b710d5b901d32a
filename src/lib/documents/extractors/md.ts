/** Markdown: ATX (`#`) and setext headings, lists, pipe tables, paragraphs; code fences and HTML comments are not text. */
import { decodeText } from '../decode-text.ts';
import type { Extractor } from './extractor.ts';
import { textBlocks } from './text-blocks.ts';

const ATX = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;

/** Emphasis, links and inline code to their text: "**Steel** [bracket](x)" -> "Steel bracket". */
function plain(text: string): string {
	return text
		.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1/g, '$2')
		.replace(/<[^>]+>/g, '');
}

export const extractMd: Extractor = async (name, bytes) => {
	const source = decodeText(name, bytes)
		.replace(/<!--[\s\S]*?-->/g, '')
		// Setext headings ("Title" over "====") become ATX so a line decides alone.
		.replace(/^([^\n]+)\n[=-]{3,}[ \t]*$/gm, '# $1');
	const extraction = textBlocks(source, {
		heading: (line) => ATX.exec(line)?.[1] ?? null,
		skip(line, state) {
			if (/^\s{0,3}(```|~~~)/.test(line)) {
				state.inFence = !state.inFence;
				return true;
			}
			return state.inFence || /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line);
		}
	});
	for (const block of extraction.blocks) {
		block.text = plain(block.text.replace(/^>\s?/, ''));
		if (block.cells) block.cells = block.cells.map(plain);
		if (block.headers) block.headers = block.headers.map(plain);
	}
	return extraction;
};
