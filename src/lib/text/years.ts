/**
 * Year detection and year features.
 *
 * GloVe has no numeric tokens, so a year reaches the model only through these
 * features. The encoding is generic (no threshold of any regulation is built in):
 * a linear value for smooth "older than" rules plus one-hot decade and unit digit,
 * which lets one convolution channel express any cut-off year sharply.
 */
import { integerValue, type RawToken } from './tokenize.ts';

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2099;

/** Words that make the number after them an identifier or a quantity, not a year. */
const IDENTIFIER_BEFORE = new Set([
	'no',
	'nr',
	'num',
	'number',
	'serial',
	'sn',
	'pn',
	'part',
	'id',
	'ref',
	'reference',
	'model',
	'lot',
	'batch',
	'code',
	'item',
	'order',
	'invoice',
	'sku',
	'tag',
	'asset',
	'job',
	'ticket',
	'qty',
	'quantity',
	'x',
	'rev',
	'revision',
	'version',
	'v',
	'catalog',
	'catalogue',
	'cat',
	'bin',
	'shelf',
	'rack',
	'drawing',
	'dwg',
	'po',
	'unit',
	'units',
	'station',
	'bay',
	'cell',
	'weighs',
	'weight',
	'mileage',
	'odometer',
	'odo',
	'price',
	'cost'
]);

/** Units after a number make it a measurement ("2000 km", "1995 mm"). "in" is left out on purpose. */
const UNIT_AFTER = new Set([
	'km',
	'kms',
	'kilometers',
	'kilometres',
	'mi',
	'mile',
	'miles',
	'mm',
	'cm',
	'm',
	'meter',
	'meters',
	'metre',
	'metres',
	'inch',
	'inches',
	'ft',
	'feet',
	'kg',
	'kgs',
	'g',
	'grams',
	'lb',
	'lbs',
	'pounds',
	'oz',
	't',
	'tons',
	'tonnes',
	'h',
	'hr',
	'hrs',
	'hour',
	'hours',
	'rpm',
	'psi',
	'bar',
	'kpa',
	'nm',
	'v',
	'volt',
	'volts',
	'w',
	'watt',
	'watts',
	'kw',
	'hp',
	'cc',
	'l',
	'ml',
	'liters',
	'litres',
	'pcs',
	'pieces',
	'units',
	'cycles',
	'parts',
	'items',
	'amps',
	'mah',
	'degrees',
	'c',
	'f',
	'percent',
	'usd',
	'eur',
	'dollars',
	'euros',
	'x'
]);

/** "S/N 1994", "P/N 1994": the slash splits the id word into two one-letter tokens. */
function afterSlashId(tokens: readonly RawToken[], i: number, text: string): boolean {
	const n = tokens[i - 1];
	const letter = tokens[i - 2];
	return n?.norm === 'n' && (letter?.norm === 's' || letter?.norm === 'p') && text.slice(letter.end, n.start) === '/';
}

/** Characters right before a number that make it a quantity or an id ("#1994", "$1995", "-1995"). */
const NOT_A_YEAR_PREFIX = /[#$€£¥+×*%]\s*$/u;

export interface YearInfo {
	/** Index of the token that is a year, with the year value. */
	index: number;
	year: number;
}

function fourDigitYear(token: RawToken, text: string): number | null {
	const value = integerValue(token);
	if (value === null || token.norm.length !== 4 || value < MIN_YEAR || value > MAX_YEAR) return null;
	// Part of a decimal or a grouped number ("1995.5", "2.1995", "3,1995"), but not the
	// year of a date written with dots or commas ("12.03.1994", "1.3.1994", "03.1994").
	const before = text.slice(Math.max(0, token.start - 8), token.start);
	const after = text.slice(token.end, token.end + 2);
	if (/^[.,]\d/u.test(after)) return null;
	if (/\d[.,]$/u.test(before) && !/(\d{1,2}[.,/-]\d{1,2}|(^|[^\d.,])\d{2})[.,]$/u.test(before)) return null;
	return value;
}

/** Two-digit years: 00-30 are 2000-2030, 31-99 are 1931-1999 (no component is made in the future). */
export function expandTwoDigitYear(value: number): number {
	return value <= 30 ? 2000 + value : 1900 + value;
}

/** "'94" or "’94": a two-digit year with an apostrophe. */
function apostropheYear(token: RawToken, text: string): number | null {
	const value = integerValue(token);
	if (value === null || token.norm.length !== 2) return null;
	const quote = text[token.start - 1];
	if (quote !== "'" && quote !== '’' && quote !== '‘') return null;
	const beforeQuote = text[token.start - 2];
	if (beforeQuote !== undefined && /[\p{L}\p{N}]/u.test(beforeQuote)) return null;
	return expandTwoDigitYear(value);
}

/** "11/92", "03.98", "3/94": month and two-digit year (not "3/4", not "1/2/94"-style fractions of ids). */
function monthYear(token: RawToken, text: string): number | null {
	const value = integerValue(token);
	if (value === null || token.norm.length !== 2) return null;
	const m = /(?:^|[^\p{L}\p{N}./-])(\d{1,2})[/.]$/u.exec(text.slice(Math.max(0, token.start - 4), token.start));
	if (!m || Number(m[1]) < 1 || Number(m[1]) > 12) return null;
	if (/^[./-]?\d/u.test(text.slice(token.end, token.end + 2))) return null;
	return expandTwoDigitYear(value);
}

/**
 * A year-like group joined to another group by "-" without spaces is an identifier
 * ("part 4411-1991", "batch 1987-44A", "1990-B"), unless the groups form a date
 * ("1995-06", "1994-06-12", "03-1994", "12-03-1994").
 */
function joinedIdentifier(token: RawToken, text: string): boolean {
	const before = /([\p{L}\p{N}]+)-$/u.exec(text.slice(Math.max(0, token.start - 12), token.start));
	const after = /^-([\p{L}\p{N}]+)/u.exec(text.slice(token.end, token.end + 12));
	// A word on the other side ("mid-1994", "1995-built") keeps the year; digits that are not
	// a day or month, or a one- or two-letter suffix ("1990-B"), make an identifier.
	const idGroup = (g: string) =>
		/\p{N}/u.test(g) ? !(/^\d{1,2}$/.test(g) && Number(g) >= 1 && Number(g) <= 31) : g.length <= 2;
	return (before !== null && idGroup(before[1])) || (after !== null && idGroup(after[1]));
}

/**
 * A bare two-digit number ("built 94", "mfd 03", but also "qty 12", "12 pcs"): possibly a
 * year. The featurizer marks it as a candidate with the year it would be; the model decides
 * from the context, which the training data teaches with both kinds.
 */
export function shortYearCandidate(token: RawToken, text: string): number | null {
	const value = integerValue(token);
	if (value === null || token.norm.length !== 2) return null;
	const before = text[token.start - 1];
	const after = text[token.end];
	if (before !== undefined && /[\p{N}.,/:-]/u.test(before)) return null;
	if (after !== undefined && /[\p{N}.,/:-]/u.test(after) && !/^[.,:]\s|^[.,:]$/u.test(text.slice(token.end, token.end + 2))) return null;
	return expandTwoDigitYear(value);
}

/** Decide which number tokens are years, using the words and characters around them. */
export function findYears(tokens: readonly RawToken[], text: string): Map<number, number> {
	const years = new Map<number, number>();
	for (let i = 0; i < tokens.length; i++) {
		const token = tokens[i];
		if (token.kind !== 'number') continue;
		const year = fourDigitYear(token, text) ?? apostropheYear(token, text) ?? monthYear(token, text);
		if (year === null) continue;
		if (token.norm.length === 4 && joinedIdentifier(token, text)) continue;
		const prev = tokens[i - 1];
		const next = tokens[i + 1];
		if (prev && IDENTIFIER_BEFORE.has(prev.norm)) continue;
		if (afterSlashId(tokens, i, text)) continue;
		if (next && UNIT_AFTER.has(next.norm) && /^\s*$/u.test(text.slice(token.end, next.start))) continue;
		if (NOT_A_YEAR_PREFIX.test(text.slice(Math.max(0, token.start - 3), token.start))) continue;
		years.set(i, year);
	}
	return years;
}

/** Number of per-token year features. */
export const YEAR_FEATURES = 1 + 1 + 20 + 10;

/** Write the year features of `year` (or zeros when null) into out[offset...]. */
export function writeYearFeatures(year: number | null, out: Float32Array, offset: number): void {
	if (year === null) return;
	out[offset] = 1; // is a year
	out[offset + 1] = Math.max(-2, Math.min(2, (year - 1950) / 50)); // linear, about [-1, 1]
	const decade = Math.floor((year - MIN_YEAR) / 10); // 0..19
	out[offset + 2 + decade] = 1;
	out[offset + 22 + (year % 10)] = 1;
}
