/**
 * How a technician writes a year, a number that is not a year, or a misspelled word.
 *
 * Every form here was checked against `src/lib/text/years.ts`: the year forms are
 * detected as years, the distractor forms are not (an id word before the number, a
 * unit after it, a "#"/"$" prefix, a decimal, a code like "PN-4471" or "SN1987").
 * `generator.test.ts` re-checks this on generated samples.
 */
import { MONTHS, MONTHS_SHORT } from './lexicon.ts';
import type { Random } from './random.ts';

export type YearStyle = 'plain' | 'apostrophe' | 'date';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Two-digit forms read back unambiguously only for these years (the featurizer's pivot). */
export const TWO_DIGIT_YEARS = { from: 1931, to: 2030 } as const;

export function writeYear(year: number, style: YearStyle, rng: Random): string {
	if (style === 'apostrophe' && (year < TWO_DIGIT_YEARS.from || year > TWO_DIGIT_YEARS.to)) style = 'plain';
	if (style === 'apostrophe') return `${rng.chance(0.9) ? "'" : '’'}${pad2(year % 100)}`;
	if (style === 'plain') return String(year);
	const month = rng.int(1, 12);
	return rng.weighted<() => string>([
		[() => `${pad2(month)}/${year}`, 3],
		[() => `${year}-${pad2(month)}`, 3],
		[() => `${MONTHS[month - 1]} ${year}`, 2],
		[() => `${rng.pick(MONTHS_SHORT)} ${year}`, 1],
		[() => `${pad2(rng.int(1, 28))}.${pad2(month)}.${year}`, 1],
		[() => `${pad2(rng.int(1, 28))}/${pad2(month)}/${year}`, 1],
		[() => `${year}/${pad2(month)}`, 1]
	])();
}

export function pickYearStyle(rng: Random, allowed: readonly YearStyle[] = ['plain', 'apostrophe', 'date']): YearStyle {
	const weights: Record<YearStyle, number> = { plain: 7, apostrophe: 1.2, date: 1.8 };
	return rng.weighted(allowed.map((s) => [s, weights[s]] as const));
}

/** A 4-digit number, usually inside the year range so the model must use its context. */
function yearLike(rng: Random): number {
	return rng.chance(0.7) ? rng.int(1950, 2030) : rng.int(1000, 9999);
}

/**
 * Numbers that are not years. The first group names an id, the second a quantity or
 * measurement, the third a price.
 */
export function writeDistractor(rng: Random): string {
	const n4 = yearLike(rng);
	return rng.weighted<() => string>([
		[() => `serial ${n4}`, 3],
		[() => `serial no. ${n4}`, 1],
		[() => `S/N ${n4}`, 1.5],
		[() => `SN ${n4}`, 1],
		[() => `SN${n4}`, 0.5],
		[() => `PN-${n4}`, 2],
		[() => `P/N ${n4}`, 1],
		[() => `part no. ${n4}`, 1.5],
		[() => `part number ${n4}`, 0.5],
		[() => `#${n4}`, 1.5],
		[() => `lot ${n4}`, 1],
		[() => `batch ${n4}`, 0.5],
		[() => `ref ${n4}`, 0.5],
		[() => `order ${n4}`, 0.5],
		[() => `bin ${rng.int(1, 99)}`, 0.5],
		[() => `rack ${n4}`, 0.3],
		[() => `${rng.int(5, 250) * 1000} km`, 2],
		[() => `${rng.int(1, 150)}k km`, 0.5],
		[() => `${rng.int(1000, 90000)} miles`, 1],
		[() => `odometer ${n4}`, 0.3],
		[() => `${n4} mm`, 2],
		[() => `${n4}mm`, 1],
		[() => `${rng.int(10, 999)} cm`, 0.5],
		[() => `${n4}.${rng.int(1, 9)} mm`, 0.5],
		[() => `${rng.int(1, 40)}.${rng.int(0, 9)} kg`, 1],
		[() => `${n4} g`, 0.5],
		[() => `${n4} hours`, 1],
		[() => `${n4} hrs`, 0.5],
		[() => `${n4} rpm`, 0.5],
		[() => `${rng.int(1, 12)} bar`, 0.3],
		[() => `qty ${rng.int(1, 40)}`, 1],
		[() => `qty ${n4}`, 0.5],
		[() => `${rng.int(2, 24)} pcs`, 1],
		[() => `${n4} pcs`, 0.5],
		[() => `$${n4}`, 1],
		[() => `$${Math.floor(n4 / 1000)},${String(n4 % 1000).padStart(3, '0')}`, 0.5],
		[() => `€${n4}`, 0.5],
		[() => `${n4} USD`, 0.5],
		[() => `${n4} EUR`, 0.5],
		[() => `${rng.int(1, 99)}.${pad2(rng.int(0, 99))} EUR`, 0.3]
	])();
}

/**
 * A technician's typo: adjacent letters swapped, a letter dropped or doubled. The
 * misspelling keeps 4+ letters, the shortest word the featurizer tries to correct.
 */
export function misspell(word: string, rng: Random): string {
	if (word.length < 4 || !/^[a-z]+$/i.test(word)) return word;
	const i = rng.int(1, word.length - 2);
	const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
	const op = rng.int(word.length === 4 ? 1 : 0, 2);
	if (op === 0) return word.slice(0, i) + word.slice(i + 1);
	if (op === 1 && swapped !== word) return swapped;
	return word.slice(0, i) + word[i] + word.slice(i);
}

/** Misspell one eligible word of a phrase ("cast iron" -> "cast iron", "stainless steel" -> "stainles steel"). */
export function misspellPhrase(phrase: string, rng: Random): string {
	const parts = phrase.split(/(\s+|-)/);
	const eligible = parts.map((p, i) => (/^[a-z]{4,}$/i.test(p) ? i : -1)).filter((i) => i !== -1);
	if (eligible.length === 0) return phrase;
	const at = rng.pick(eligible);
	parts[at] = misspell(parts[at], rng);
	return parts.join('');
}
