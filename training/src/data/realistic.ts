/**
 * Descriptions the way people really write them (issue 12): prose, shorthand, field
 * lists in four languages, spec-sheet rows, e-mails, checklists, catalogue lines; with
 * negated and corrected facts, past versus current condition, years of other things,
 * identifiers and quantities that look like years, missing facts, materials the
 * regulation does not know, and texts that are not descriptions at all.
 *
 * Composition, not fixed sentences: each fact is rendered by itself, clauses are
 * shuffled and joined in the style's way, so no sentence shape dominates. Labels come
 * from `regulation.ts` applied to the facts drawn here, never from the text.
 */
import { CONDITIONS, FILLERS, GENERIC_NOUNS, MATERIALS, PARTS, type Condition, type Material } from './lexicon.ts';
import {
	FIELD_LABELS,
	FOREIGN_CONDITION_FORMS,
	FOREIGN_MATERIAL_FORMS,
	MORE_PARTS,
	NON_DESCRIPTIONS,
	OTHER_MATERIAL_FORMS,
	PAST_BAD_CONDITIONS,
	PROCESS_VERBS,
	UNKNOWN_FACT,
	VEHICLES,
	WIDE_CONDITION_FORMS,
	WIDE_MATERIAL_FORMS
} from './lexicon-wide.ts';
import type { Random } from './random.ts';
import { REGULATION, regulationLabel, yearAllowed, type Facts, type Verdict } from './regulation.ts';
import { misspellPhrase, TWO_DIGIT_YEARS, writeDistractor, writeYear } from './surface.ts';

export interface Composed {
	text: string;
	facts: Facts;
	label: Verdict;
	/** The main phenomenon exercised (a slice name). */
	phenomenon: string;
}

const STYLES = ['prose', 'terse', 'fields', 'spec-row', 'email', 'checklist', 'catalogue'] as const;
type Style = (typeof STYLES)[number];

/** Forms that read well in "in X condition". */
const CONDITION_ADJECTIVES = new Set(['new', 'brand new', 'good', 'very good', 'excellent', 'fair', 'poor', 'bad', 'average', 'mint', 'worn', 'like new', 'as new', 'serviceable', 'damaged']);

/** Years 1900-2026, half of them near the cut-off so its neighbourhood is learned sharply. */
export function drawAnyYear(rng: Random): number {
	const c = REGULATION.cutoffYear;
	return rng.weighted<() => number>([
		[() => rng.int(c - 6, c + 6), 5],
		[() => rng.int(1900, 1949), 2],
		[() => rng.int(1950, LATEST_YEAR), 3]
	])();
}

/** No component is made in the future. */
export const LATEST_YEAR = 2026;

function drawYearWhere(rng: Random, keep: (y: number) => boolean): number {
	for (;;) {
		const y = drawAnyYear(rng);
		if (keep(y)) return y;
	}
}

const allowedMaterial = (rng: Random) => rng.pick(REGULATION.allowedMaterials);
const allowedCondition = (rng: Random) => rng.pick(REGULATION.allowedConditions);

/** Facts for a wanted verdict; "partial" drops facts that do not decide the verdict. */
export function drawFacts(label: Verdict, rng: Random): { facts: Facts; phenomenon: string | null } {
	const good = (): Facts => ({ year: drawYearWhere(rng, yearAllowed), material: allowedMaterial(rng), condition: allowedCondition(rng) });
	if (label === 0) return { facts: good(), phenomenon: null };
	if (label === 1) {
		const f = good();
		const broken = rng.pick(['year', 'material', 'condition'] as const);
		if (broken === 'year' || rng.chance(0.25)) f.year = drawYearWhere(rng, (y) => !yearAllowed(y));
		if (broken === 'material' || rng.chance(0.2)) f.material = rng.pick(REGULATION.bannedMaterials);
		if (broken === 'condition' || rng.chance(0.2)) f.condition = rng.pick(REGULATION.bannedConditions);
		if (rng.chance(0.3)) {
			// Decisive on its own: drop the facts that are not needed.
			if (broken !== 'year' && rng.chance(0.6)) f.year = null;
			if (broken !== 'material' && rng.chance(0.5)) f.material = rng.chance(0.3) ? 'other' : null;
			if (broken !== 'condition' && rng.chance(0.6)) f.condition = null;
			if (regulationLabel(f) === 1) return { facts: f, phenomenon: 'decisive-partial' };
		}
		return { facts: f, phenomenon: null };
	}
	// Cannot decide: allowed facts with one or more missing, or a material the rule does not know.
	for (;;) {
		const f = good();
		const unknownMaterial = rng.chance(0.35);
		if (unknownMaterial) f.material = 'other';
		if (!unknownMaterial || rng.chance(0.3)) {
			// A part name is not a material: "pulley, 1998, good" cannot be decided either.
			const drop = rng.weighted<readonly ('year' | 'material' | 'condition')[]>([
				[['year'], 4],
				[['condition'], 3],
				[['material'], 3.5],
				[['year', 'condition'], 2],
				[['year', 'material'], 1],
				[['material', 'condition'], 1]
			]);
			for (const d of drop) f[d] = null;
		}
		if (regulationLabel(f) === null) return { facts: f, phenomenon: unknownMaterial ? 'unknown-material' : 'missing-fact' };
	}
}

function materialForm(m: Material | 'other', rng: Random): string {
	return rng.weighted(m === 'other' ? OTHER_MATERIAL_FORMS : WIDE_MATERIAL_FORMS[m]);
}

function otherMaterial(m: Material | 'other' | null, rng: Random): string {
	for (;;) {
		const pick = rng.chance(0.8) ? rng.pick(MATERIALS) : 'other';
		if (pick !== m) return materialForm(pick, rng);
	}
}

function otherCondition(c: Condition, rng: Random): string {
	for (;;) {
		const pick = rng.pick(CONDITIONS);
		if (pick !== c) return rng.weighted(WIDE_CONDITION_FORMS[pick]);
	}
}

/** The year as written, with or without a keyword before it. Two-digit forms always get one. */
function yearValue(year: number, rng: Random): { value: string; short: boolean } {
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

const YEAR_WORDS = ['manufactured', 'manufactured in', 'made', 'made in', 'built', 'mfd', 'mfd.', 'mfg', 'produced', 'production year', 'year', 'yr', 'MY', 'DOM', 'from', 'dated', 'cast in', 'date of manufacture'];
const SHORT_YEAR_WORDS = ['built', 'mfd', 'made', 'MY', 'yr', 'from', 'mfg'];

function yearPhrase(year: number, rng: Random): string {
	const { value, short } = yearValue(year, rng);
	if (short) return `${rng.pick(SHORT_YEAR_WORDS)} ${value}`;
	if (rng.chance(0.15)) return `(${value})`;
	if (rng.chance(0.1) && /^\d{4}$/.test(value)) return `${value}-built`;
	return `${rng.pick(YEAR_WORDS)} ${value}`;
}

function conditionPhrase(form: string, rng: Random): string {
	if (CONDITION_ADJECTIVES.has(form) && rng.chance(0.6))
		return rng.pick([`in ${form} condition`, `${form} condition`, `condition ${form}`, `cond ${form}`, `looks ${form}`, `${form} shape`]);
	return rng.pick([form, `condition: ${form}`, `state: ${form}`, form]);
}

function materialPhrase(form: string, rng: Random): string {
	return rng.pick([form, `made of ${form}`, `in ${form}`, `material ${form}`, `${form} construction`, form]);
}

function otherYearClause(rng: Random, after: number | null): string {
	const y = rng.chance(0.5) && after !== null ? rng.int(Math.min(LATEST_YEAR, after + 1), LATEST_YEAR) : drawAnyYear(rng);
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

function identifierClause(rng: Random): string {
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

function irrelevantField(rng: Random): string {
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

interface Pieces {
	part: string;
	material: string | null;
	condition: string | null;
	year: string | null;
	extras: string[];
}

function joinClauses(clauses: string[], rng: Random): string {
	const sep = rng.pick([', ', ', ', '; ', ' - ', ' ', ' / ', '. ']);
	return clauses.join(sep);
}

function fieldsStyle(p: Pieces, facts: Facts, rng: Random, style: Style): string {
	const langIndex = rng.chance(0.6) ? 0 : rng.int(1, FIELD_LABELS.length - 1);
	const lang = FIELD_LABELS[langIndex];
	// With foreign labels, values are often in the same language.
	if (langIndex > 0 && rng.chance(0.6)) {
		const m = facts.material === null ? undefined : FOREIGN_MATERIAL_FORMS[langIndex][facts.material];
		const c = facts.condition === null ? undefined : FOREIGN_CONDITION_FORMS[langIndex][facts.condition];
		if (m && p.material !== null) p = { ...p, material: rng.pick(m) };
		if (c && p.condition !== null) p = { ...p, condition: rng.pick(c) };
	}
	const sep = rng.pick([': ', ': ', '=', ' ']);
	const missing = () => rng.pick(['unknown', 'n/a', '?', '-', 'not stated']);
	const fields: string[] = [`${rng.pick(lang.part)}${sep}${p.part}`];
	if (p.material !== null) fields.push(`${rng.pick(lang.material)}${sep}${p.material}`);
	else if (rng.chance(0.3)) fields.push(`${rng.pick(lang.material)}${sep}${missing()}`);
	if (facts.year !== null) fields.push(`${rng.pick(lang.year)}${sep}${yearValue(facts.year, rng).value}`);
	else if (rng.chance(0.3)) fields.push(`${rng.pick(lang.year)}${sep}${missing()}`);
	if (p.condition !== null) fields.push(`${rng.pick(lang.condition)}${sep}${p.condition}`);
	else if (rng.chance(0.3)) fields.push(`${rng.pick(lang.condition)}${sep}${missing()}`);
	const body = rng.shuffle(fields.slice(1));
	const all = [fields[0], ...body, ...p.extras];
	if (style === 'checklist') return all.map((f) => `${rng.pick(['[x]', '-', '*', '✓'])} ${f}`).join(rng.pick(['\n', ' ']));
	if (style === 'spec-row') return rng.shuffle(all).join(rng.pick([' | ', '\t', '; ', ' | ']));
	return all.join(rng.pick(['; ', ', ', ' | ', '\n']));
}

function proseStyle(p: Pieces, facts: Facts, rng: Random, processForm: boolean): string {
	if (processForm && p.material !== null && facts.year !== null && rng.chance(0.25)) {
		// "The bracket was machined from steel in 2014" (the year in a plain or date form).
		const when = yearValue(facts.year, rng);
		const year = when.short ? `'${when.value}` : when.value;
		const verb = rng.pick(PROCESS_VERBS);
		const main = rng.pick([
			`${p.part} ${verb} from ${p.material} in ${year}`,
			`The ${p.part} was ${verb} from ${p.material} in ${year}`,
			`${verb} from ${p.material} in ${year}: ${p.part}`
		]);
		const rest = [p.condition !== null ? conditionPhrase(p.condition, rng) : null, ...p.extras].filter((c): c is string => c !== null);
		return joinClauses([main, ...rng.shuffle(rest)], rng);
	}
	const head =
		p.material !== null && rng.chance(0.5)
			? `${p.material} ${p.part}`
			: p.material !== null
				? `${p.part} ${materialPhrase(p.material, rng)}`
				: p.part;
	const clauses = [p.year !== null ? yearPhrase(facts.year!, rng) : null, p.condition !== null ? conditionPhrase(p.condition, rng) : null].filter(
		(c): c is string => c !== null
	);
	return joinClauses([head, ...rng.shuffle([...clauses, ...p.extras])], rng);
}

export function composeRealistic(label: Verdict, rng: Random, typoRate = 0.06): Composed {
	if (label === null && rng.chance(0.12)) return nonDescription(rng);
	const { facts, phenomenon: factPhenomenon } = drawFacts(label, rng);
	let phenomenon = factPhenomenon ?? 'plain';
	const part = rng.chance(0.85) ? rng.pick(rng.chance(0.5) ? PARTS : MORE_PARTS) : rng.pick(GENERIC_NOUNS);
	let material = facts.material === null ? null : materialForm(facts.material, rng);
	let condition = facts.condition === null ? null : rng.weighted(WIDE_CONDITION_FORMS[facts.condition]);
	if (rng.chance(typoRate)) {
		if (material !== null && rng.chance(0.5)) material = misspellPhrase(material, rng);
		else if (condition !== null) condition = misspellPhrase(condition, rng);
		phenomenon = 'typo';
	}
	const extras: string[] = [];
	if (material !== null && rng.chance(0.12)) {
		const wrong = otherMaterial(facts.material, rng);
		extras.push(
			rng.pick([`not ${wrong}`, `listed as ${wrong} in error`, `drawing calls it ${wrong}, actual part is ${material}`, `no ${wrong} anywhere`, `not ${wrong} as labelled`])
		);
		phenomenon = 'negation';
	} else if (material === null && rng.chance(0.05)) {
		extras.push(`not ${otherMaterial(null, rng)}`);
		phenomenon = 'negation';
	}
	if (condition !== null && facts.condition !== null && rng.chance(0.12)) {
		const after = facts.year !== null ? Math.max(facts.year + 1, 2000) : 2015;
		const when = rng.int(Math.min(after, 2026), 2026);
		const past = otherCondition(facts.condition, rng);
		const nowBad = REGULATION.bannedConditions.includes(facts.condition);
		extras.push(
			nowBad && rng.chance(0.6)
				? rng.pick([
						`was ${past} at fitting, now ${condition}`,
						`${past} when stored, now ${condition}`,
						`formerly ${past}, now ${condition}`,
						`no longer ${past}: ${condition}`,
						`${past} in ${when - 2}, ${condition} at today's check`,
						`was ${past} last year, now ${condition} after the collision`
					])
				: rng.pick([
						`was ${rng.pick(PAST_BAD_CONDITIONS)} when removed, reconditioned ${when}, now ${condition}`,
						`repaired ${when} after damage found; condition now ${condition}`,
						`${rng.pick(PAST_BAD_CONDITIONS)} on arrival, refurbished, now ${condition}`,
						`previously ${past}, re-inspected: ${condition}`,
						`formerly ${past}, now ${condition}`
					])
		);
		condition = null;
		phenomenon = 'history';
	} else if (condition !== null && facts.condition !== null && rng.chance(0.08)) {
		const wrong = otherCondition(facts.condition, rng);
		extras.push(
			rng.pick([
				`not ${wrong}`,
				`ticket says ${wrong}, it is not: ${condition}`,
				`reported as ${wrong} but checked: ${condition}`,
				`not ${wrong}, ${condition}`
			])
		);
		phenomenon = 'negation';
	}
	if (rng.chance(0.3)) {
		extras.push(otherYearClause(rng, facts.year));
		if (phenomenon === 'plain') phenomenon = 'other-year';
	}
	// Say out loud that a fact is not known, as people often do.
	for (const fact of ['year', 'material', 'condition'] as const) {
		const missing = fact === 'material' ? facts.material === null : facts[fact] === null;
		if (missing && rng.chance(0.3)) extras.push(rng.pick(UNKNOWN_FACT[fact]));
	}
	for (let n = rng.weighted([[0, 5], [1, 4], [2, 1]] as const); n > 0; n--) {
		extras.push(identifierClause(rng));
		if (phenomenon === 'plain') phenomenon = 'identifier';
	}
	const style = rng.weighted<Style>([
		['prose', 4],
		['terse', 2],
		['fields', 2],
		['spec-row', 1.5],
		['email', 1],
		['checklist', 0.7],
		['catalogue', 1]
	]);
	if (style === 'spec-row' || style === 'catalogue') for (let n = rng.int(1, 4); n > 0; n--) extras.push(irrelevantField(rng));
	const pieces: Pieces = { part, material, condition, year: facts.year === null ? null : '', extras: rng.shuffle(extras) };
	let text: string;
	if (style === 'fields' || style === 'spec-row' || style === 'checklist') text = fieldsStyle(pieces, facts, rng, style);
	else if (style === 'terse') {
		const bits = [material, part, facts.year !== null ? yearPhrase(facts.year, rng) : null, condition].filter((b): b is string => b !== null);
		text = joinClauses([...rng.shuffle(bits), ...pieces.extras], rng);
	} else {
		text = proseStyle(pieces, facts, rng, style === 'prose');
		if (style === 'email')
			text = `${rng.pick(['Hi', 'Hello', 'Morning', 'Hi team'])} ${rng.pick(['Sam', 'all', 'Ana', 'Jürgen', 'team'])}, ${rng.pick(['the', 'found a', 'we pulled a'])} ${text}. ${rng.pick(['Thanks', 'Regards', 'Cheers', 'Let me know'])}`;
		else if (style === 'catalogue') text = `${rng.pick(['OEM', 'Aftermarket', 'Genuine', 'Replacement'])} ${text}`;
		else if (rng.chance(0.2)) text = `${text}. ${rng.pick(FILLERS)}`;
	}
	if (style !== 'prose' && style !== 'terse') phenomenon = phenomenon === 'plain' ? style : phenomenon;
	if (rng.chance(0.08)) {
		text = text.toUpperCase();
		if (phenomenon === 'plain') phenomenon = 'uppercase';
	}
	return { text, facts, label: regulationLabel(facts), phenomenon };
}

function nonDescription(rng: Random): Composed {
	const facts: Facts = { year: null, material: null, condition: null };
	const gibberish = () =>
		Array.from({ length: rng.int(1, 4) }, () => Array.from({ length: rng.int(2, 7) }, () => 'asdfghjklqwertyuiopzxcvbnm'[rng.int(0, 25)]).join('')).join(' ');
	const text = rng.weighted<() => string>([
		[() => rng.pick(NON_DESCRIPTIONS), 4],
		[gibberish, 3],
		[() => rng.pick([...PARTS, ...MORE_PARTS]), 3],
		[() => `${rng.pick([...PARTS, ...MORE_PARTS])} ${identifierClause(rng)}`, 1]
	])();
	return { text, facts, label: null, phenomenon: 'not-a-description' };
}
