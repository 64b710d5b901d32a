/** Plain text (.txt). A heading is a short line without a full stop that looks like a title. */
import { decodeText } from '../decode-text.ts';
import type { Extractor } from './extractor.ts';
import { textBlocks } from './text-blocks.ts';

const SECTION_NUMBER = /^(?:\d+(?:\.\d+)*\.?|[A-Z]\.|chapter \d+|section \d+)\s+\S/i;

/** A title-like line: "3.2 Brake components", "SCOPE", "Components:", "Brake System Parts". */
export function looksLikeHeading(line: string): boolean {
	const words = line.split(/\s+/).filter(Boolean);
	if (words.length === 0 || words.length > 10 || /[.!?;,]$/.test(line)) return false;
	if (line.endsWith(':') || SECTION_NUMBER.test(line)) return true;
	const letters = line.replace(/[^\p{L}]/gu, '');
	if (letters.length >= 3 && letters === letters.toUpperCase()) return true;
	return !/\d/.test(line) && words.every((w) => !/^\p{Ll}/u.test(w) || ['of', 'and', 'the', 'for', 'in', 'on', 'to', 'a'].includes(w));
}

export const extractTxt: Extractor = async (name, bytes) =>
	textBlocks(decodeText(name, bytes), {
		heading: (line, alone) => (alone && looksLikeHeading(line) ? line.replace(/:$/, '') : null)
	});
