/**
 * Tokenizer for free-text component descriptions.
 *
 * Works on the original string so every token keeps its character offsets (the UI
 * highlights the words that drove a verdict). Normalization (NFKC, lower case) is
 * applied per token. HTML tags are skipped, never interpreted.
 */

export type TokenKind = 'word' | 'number' | 'code';

export interface RawToken {
	/** Surface text exactly as typed. */
	text: string;
	/** Offsets into the original description: text === description.slice(start, end). */
	start: number;
	end: number;
	/** NFKC, lower-cased form used for vocabulary lookup. */
	norm: string;
	kind: TokenKind;
}

/** Descriptions longer than this are cut before tokenizing (a description is a sentence or two). */
export const MAX_INPUT_CHARS = 10_000;

const RUN = /[\p{L}\p{M}\p{Nd}]+/gu;
const TAG = /<\/?[a-z][^<>]*>/giu;
const LETTERS = /^[\p{L}\p{M}]+$/u;
const DIGITS = /^\p{Nd}+$/u;
const ORDINAL_OR_DECADE = /^(st|nd|rd|th|s)$/;

function normalizeWord(s: string): string {
	return s.normalize('NFKC').toLowerCase();
}

function tagSpans(text: string): Array<[number, number]> {
	const spans: Array<[number, number]> = [];
	for (const m of text.matchAll(TAG)) spans.push([m.index, m.index + m[0].length]);
	return spans;
}

/** Split "1994km" into "1994" + "km"; keep "1990s" and "3rd" as one number token. */
function splitRun(run: string, start: number, out: RawToken[]): void {
	const firstLetter = run.search(/[\p{L}\p{M}]/u);
	const firstDigit = run.search(/\p{Nd}/u);
	const push = (text: string, at: number, kind: TokenKind): void => {
		out.push({ text, start: at, end: at + text.length, norm: normalizeWord(text), kind });
	};

	if (firstDigit === -1) return push(run, start, 'word');
	if (firstLetter === -1) return push(run, start, 'number');
	if (firstDigit === 0) {
		const digits = run.slice(0, firstLetter);
		const rest = run.slice(firstLetter);
		if (LETTERS.test(rest)) {
			if (ORDINAL_OR_DECADE.test(normalizeWord(rest))) return push(run, start, 'number');
			push(digits, start, 'number');
			return push(rest, start + digits.length, 'word');
		}
	}
	// Letters before digits or mixed runs ("sn1994", "pn-a12b"): an identifier, never a year.
	push(run, start, 'code');
}

export function tokenize(description: string): RawToken[] {
	const text = description.length > MAX_INPUT_CHARS ? description.slice(0, MAX_INPUT_CHARS) : description;
	const tags = tagSpans(text);
	const tokens: RawToken[] = [];
	let t = 0;
	for (const m of text.matchAll(RUN)) {
		const at = m.index;
		while (t < tags.length && tags[t][1] <= at) t++;
		if (t < tags.length && tags[t][0] <= at && at < tags[t][1]) continue;
		splitRun(m[0], at, tokens);
	}
	return tokens;
}

/** The digits of a number token as an integer, or null when it has a suffix or non-ASCII digits. */
export function integerValue(token: RawToken): number | null {
	if (token.kind !== 'number' || !DIGITS.test(token.norm) || !/^[0-9]+$/.test(token.norm)) return null;
	return Number(token.norm);
}
