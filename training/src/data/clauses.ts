/**
 * The pieces realistic descriptions are composed of (realistic.ts): each fact written in
 * one of many forms, and the clauses around them that carry no fact of this component
 * (years of other things, identifiers and quantities, spreadsheet fields).
 */
import { CONDITIONS, MATERIALS, type Condition, type Material } from './lexicon.ts';
import { OTHER_MATERIAL_FORMS, VEHICLES, WIDE_CONDITION_FORMS, WIDE_MATERIAL_FORMS } from './lexicon-wide.ts';
import type { Random } from './random.ts';
import { REGULATION, type Regulation } from './regulation.ts';
import { TWO_DIGIT_YEARS, writeDistractor, writeYear } from './surface.ts';

/** Forms that read well in "in X condition". */
export const CONDITION_ADJECTIVES = new Set([
	'new',
	'brand new',
	'good',
	'very good',
	'excellent',
	'fair',
	'poor',
	'bad',
	'average',
	'mint',
	'worn',
	'like new',
	'as new',
	'serviceable',
	'damaged'
]);

/** Years 1900-2026, half of them near the cut-off so its neighbourhood is learned sharply. */
export function drawAnyYear(rng: Random, r: Regulation = REGULATION): number {
	const c = r.cutoffYear;
	return rng.weighted<() => number>([
		[() => rng.int(c - 6, c + 6), 5],
		[() => rng.int(1900, 1949), 2],
		[() => rng.int(1950, LATEST_YEAR), 3]
	])();
}

/** No component is made in the future. */
export const LATEST_YEAR = 2026;

export function materialForm(m: Material | 'other', rng: Random): string {
	return rng.weighted(m === 'other' ? OTHER_MATERIAL_FORMS : WIDE_MATERIAL_FORMS[m]);
}

export function otherMaterial(m: Material | 'other' | null, rng: Random): string {
	for (;;) {
		const pick = rng.chance(0.8) ? rng.pick(MATERIALS) : 'other';
		if (pick !== m) return materialForm(pick, rng);
	}
}

export function otherCondition(c: Condition, rng: Random): string {
	for (;;) {
		const pick = rng.pick(CONDITIONS);
		if (pick !== c) return rng.weighted(WIDE_CONDITION_FORMS[pick]);
	}
}

/** The year as written, with or without a keyword before it. Two-digit forms always get one. */
export function yearValue(year: number, rng: Random): { value: string; short: boolean } {
	const style = rng.weighted([
		['plain', 7],
		['date', 2],
		['apostrophe', 1],
		['month-yy', 0.7],
		['bare-yy', 1]
	] as const);
	if (style === 'plain' || style === 'date' || style === 'apostrophe' || year < TWO_DIGIT_YEARS.from || year > TWO_DIGIT_YEARS.to)
		return { value: writeYear(year, style === 'month-yy' || style === 'bare-yy' ? 'plain' : style, rng), short: false };
	const yy = String(year % 100).padStart(2, '0');
	if (style === 'month-yy') return { value: `${String(rng.int(1, 12)).padStart(2, '0')}/${yy}`, short: false };
	return { value: yy, short: true };
}

export const YEAR_WORDS = [
	'manufactured',
	'manufactured in',
	'made',
	'made in',
	'built',
	'mfd',
	'mfd.',
	'mfg',
	'produced',
	'production year',
	'year',
	'yr',
	'MY',
	'DOM',
	'from',
	'dated',
	'cast in',
	'date of manufacture'
];
export const SHORT_YEAR_WORDS = ['built', 'mfd', 'made', 'MY', 'yr', 'from', 'mfg'];

export function yearPhrase(year: number, rng: Random): string {
	const { value, short } = yearValue(year, rng);
	if (short) return `${rng.pick(SHORT_YEAR_WORDS)} ${value}`;
	if (rng.chance(0.15)) return `(${value})`;
	if (rng.chance(0.1) && /^\d{4}$/.test(value)) return `${value}-built`;
	return `${rng.pick(YEAR_WORDS)} ${value}`;
}

export function conditionPhrase(form: string, rng: Random): string {
	if (CONDITION_ADJECTIVES.has(form) && rng.chance(0.6))
		return rng.pick([`in ${form} condition`, `${form} condition`, `condition ${form}`, `cond ${form}`, `looks ${form}`, `${form} shape`]);
	return rng.pick([form, `condition: ${form}`, `state: ${form}`, form]);
}

export function materialPhrase(form: string, rng: Random): string {
	return rng.pick([form, `made of ${form}`, `in ${form}`, `material ${form}`, `${form} construction`, form]);
}

export function otherYearClause(rng: Random, after: number | null, r: Regulation = REGULATION): string {
	const y = rng.chance(0.5) && after !== null ? rng.int(Math.min(LATEST_YEAR, after + 1), LATEST_YEAR) : drawAnyYear(rng, r);
	return rng.pick([
		() => `last inspection ${y}`,
		() => `inspected ${writeYear(y, rng.chance(0.5) ? 'plain' : 'date', rng)}`,
		() => `installed on a ${y} ${rng.pick(VEHICLES)}`,
		() => `fitted to a ${y} ${rng.pick(VEHICLES)}`,
		() => `removed from ${y} ${rng.pick(VEHICLES)}`,
		() => `ISO 9001:${y}`,
		() => `to DIN ${rng.int(100, 9999)}:${y}`,
		() => `warranty until ${rng.int(2024, 2035)}`,
		() => `purchased ${y}`,
		() => `delivered ${writeYear(y, 'date', rng)}`,
		() => `in stock since ${y}`,
		() => `drawing dated ${y}`,
		() => `overhauled ${y}`,
		() => `last serviced ${y}`,
		() => `audit ${y}`,
		() => `recertified ${y}`,
		() => `for a ${y} ${rng.pick(['lathe', 'press', 'tractor', 'loom', 'pump'])}`,
		() => `copyright ${y}`,
		() => `DIN ${rng.int(100, 9999)} (${y} edition)`,
		() => `repaired ${y}`
	])();
}

export function identifierClause(rng: Random): string {
	const y = drawAnyYear(rng);
	const L = () => String.fromCharCode(65 + rng.int(0, 25));
	return rng.weighted<() => string>([
		[() => writeDistractor(rng), 5],
		[() => `batch ${y}-${rng.int(10, 99)}${L()}`, 1],
		[() => `part ${rng.int(1000, 9999)}-${y}`, 1],
		[() => `${rng.int(1, 9)},${rng.int(100, 999)} km since overhaul`, 1],
		[() => `PO ${y}-${String(rng.int(1, 9999)).padStart(4, '0')}`, 1],
		[() => `order #${y}`, 0.7],
		[() => `drawing ${y}-${L()}`, 0.7],
		[() => `${y} cycles`, 0.5],
		[() => `job ${y}`, 0.5],
		[() => `${rng.int(2, 60)} pcs`, 0.7],
		[() => `qty ${rng.int(1, 60)}`, 0.7],
		[() => `bin ${L()}${rng.int(1, 99)}`, 0.5],
		[() => `${rng.int(10, 95)} mm`, 0.5],
		[() => `engine hours ${y}`, 0.4],
		[() => `${y} N rating`, 0.3],
		[() => `lot ${y}/${rng.int(1, 9)}`, 0.4],
		[() => `${rng.int(1, 9)},${rng.int(100, 999)} kg`, 0.3],
		[() => `drawing rev ${y}`, 0.3]
	])();
}

export function irrelevantField(rng: Random): string {
	return rng.pick([
		() => `torque ${rng.int(5, 400)} Nm`,
		() => `weight ${rng.int(0, 40)}.${rng.int(0, 9)} kg`,
		() => `${rng.int(10, 900)}x${rng.int(10, 900)} mm`,
		() => `supplier ${rng.pick(['Bosch', 'Acme GmbH', 'Kessler & Sons', 'Nordic Parts', 'TransMech', 'Hartmann AG', 'Delmar Ltd'])}`,
		() => `price €${rng.int(3, 900)}.${String(rng.int(0, 99)).padStart(2, '0')}`,
		() => `lead time ${rng.int(1, 12)} weeks`,
		() => `colour ${rng.pick(['black', 'grey', 'silver', 'red', 'blue'])}`,
		() => `rev ${String.fromCharCode(65 + rng.int(0, 6))}`,
		() => `location ${rng.pick(['shelf', 'rack', 'bin'])} ${rng.int(1, 40)}`,
		() => `qty ${rng.int(1, 50)}`
	])();
}
