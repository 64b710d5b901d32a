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
import {
	conditionPhrase,
	drawAnyYear,
	identifierClause,
	irrelevantField,
	materialForm,
	materialPhrase,
	otherCondition,
	otherMaterial,
	otherYearClause,
	yearPhrase,
	yearValue
} from './clauses.ts';
import { FILLERS, GENERIC_NOUNS, PARTS } from './lexicon.ts';
import {
	FIELD_LABELS,
	FOREIGN_CONDITION_FORMS,
	FOREIGN_MATERIAL_FORMS,
	MORE_PARTS,
	NON_DESCRIPTIONS,
	PAST_BAD_CONDITIONS,
	PROCESS_VERBS,
	UNKNOWN_FACT,
	WIDE_CONDITION_FORMS
} from './lexicon-wide.ts';
import type { Random } from './random.ts';
import { REGULATION, regulationLabel, yearAllowed, type Facts, type Regulation, type Verdict } from './regulation.ts';
import { misspellPhrase } from './surface.ts';

export { drawAnyYear };

export interface Composed {
	text: string;
	facts: Facts;
	label: Verdict;
	/** The main phenomenon exercised (a slice name). */
	phenomenon: string;
}

const STYLES = ['prose', 'terse', 'fields', 'spec-row', 'email', 'checklist', 'catalogue'] as const;
type Style = (typeof STYLES)[number];

function drawYearWhere(rng: Random, keep: (y: number) => boolean, r: Regulation): number {
	for (;;) {
		const y = drawAnyYear(rng, r);
		if (keep(y)) return y;
	}
}

/** Facts for a wanted verdict under regulation `r`; "partial" drops facts that do not decide the verdict. */
export function drawFacts(label: Verdict, rng: Random, r: Regulation = REGULATION): { facts: Facts; phenomenon: string | null } {
	const good = (): Facts => ({
		year: drawYearWhere(rng, (y) => yearAllowed(y, r), r),
		material: rng.pick(r.allowedMaterials),
		condition: rng.pick(r.allowedConditions)
	});
	if (label === 0) return { facts: good(), phenomenon: null };
	if (label === 1) {
		const f = good();
		const broken = rng.pick(['year', 'material', 'condition'] as const);
		if (broken === 'year' || rng.chance(0.25)) f.year = drawYearWhere(rng, (y) => !yearAllowed(y, r), r);
		if (broken === 'material' || rng.chance(0.2)) f.material = rng.pick(r.bannedMaterials);
		if (broken === 'condition' || rng.chance(0.2)) f.condition = rng.pick(r.bannedConditions);
		if (rng.chance(0.3)) {
			// Decisive on its own: drop the facts that are not needed.
			if (broken !== 'year' && rng.chance(0.6)) f.year = null;
			if (broken !== 'material' && rng.chance(0.5)) f.material = rng.chance(0.3) ? 'other' : null;
			if (broken !== 'condition' && rng.chance(0.6)) f.condition = null;
			if (regulationLabel(f, r) === 1) return { facts: f, phenomenon: 'decisive-partial' };
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
		if (regulationLabel(f, r) === null) return { facts: f, phenomenon: unknownMaterial ? 'unknown-material' : 'missing-fact' };
	}
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
	const clauses = [
		p.year !== null ? yearPhrase(facts.year!, rng) : null,
		p.condition !== null ? conditionPhrase(p.condition, rng) : null
	].filter((c): c is string => c !== null);
	return joinClauses([head, ...rng.shuffle([...clauses, ...p.extras])], rng);
}

export function composeRealistic(label: Verdict, rng: Random, typoRate = 0.06, r: Regulation = REGULATION): Composed {
	if (label === null && rng.chance(0.12)) return nonDescription(rng);
	const { facts, phenomenon: factPhenomenon } = drawFacts(label, rng, r);
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
			rng.pick([
				`not ${wrong}`,
				`listed as ${wrong} in error`,
				`drawing calls it ${wrong}, actual part is ${material}`,
				`no ${wrong} anywhere`,
				`not ${wrong} as labelled`
			])
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
		const nowBad = r.bannedConditions.includes(facts.condition);
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
		extras.push(otherYearClause(rng, facts.year, r));
		if (phenomenon === 'plain') phenomenon = 'other-year';
	}
	// Say out loud that a fact is not known, as people often do.
	for (const fact of ['year', 'material', 'condition'] as const) {
		const missing = fact === 'material' ? facts.material === null : facts[fact] === null;
		if (missing && rng.chance(0.3)) extras.push(rng.pick(UNKNOWN_FACT[fact]));
	}
	for (
		let n = rng.weighted([
			[0, 5],
			[1, 4],
			[2, 1]
		] as const);
		n > 0;
		n--
	) {
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
		const bits = [material, part, facts.year !== null ? yearPhrase(facts.year, rng) : null, condition].filter(
			(b): b is string => b !== null
		);
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
	return { text, facts, label: regulationLabel(facts, r), phenomenon };
}

function nonDescription(rng: Random): Composed {
	const facts: Facts = { year: null, material: null, condition: null };
	const gibberish = () =>
		Array.from({ length: rng.int(1, 4) }, () =>
			Array.from({ length: rng.int(2, 7) }, () => 'asdfghjklqwertyuiopzxcvbnm'[rng.int(0, 25)]).join('')
		).join(' ');
	const text = rng.weighted<() => string>([
		[() => rng.pick(NON_DESCRIPTIONS), 4],
		[gibberish, 3],
		[() => rng.pick([...PARTS, ...MORE_PARTS]), 3],
		[() => `${rng.pick([...PARTS, ...MORE_PARTS])} ${identifierClause(rng)}`, 1]
	])();
	return { text, facts, label: null, phenomenon: 'not-a-description' };
}
