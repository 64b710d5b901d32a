/**
 * Sentence shapes: the ways technicians write a description. Each has a stable id
 * (recorded in `SampleMeta.shape`) so whole shapes can be held out of training to
 * measure how the model copes with phrasing it never saw.
 */
import type { Random } from './random.ts';
import type { YearStyle } from './surface.ts';

export interface ShapeContext {
	rng: Random;
	part: string;
	material: string;
	condition: string;
	/** "component", "piece"... for sentences that do not name the part. */
	noun: string;
	/** The manufacturing year, written in one of `styles` (default: any). */
	year(styles?: readonly YearStyle[]): string;
	distractor(): string;
	filler(): string;
}

export interface Shape {
	id: string;
	render(c: ShapeContext): string;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const PLAIN: readonly YearStyle[] = ['plain'];
const PLAIN_OR_APOSTROPHE: readonly YearStyle[] = ['plain', 'apostrophe'];
const NO_APOSTROPHE: readonly YearStyle[] = ['plain', 'date'];

export const SHAPES: readonly Shape[] = [
	{
		id: 'sentence-manufactured',
		render: (c) => `${cap(c.material)} ${c.noun} manufactured in ${c.year(NO_APOSTROPHE)} in ${c.condition} condition`
	},
	{
		id: 'terse-cond-first',
		render: (c) => `${c.condition} cond. ${c.material} ${c.part}, ${c.rng.pick(['mfd', 'mfd.', 'mfg', 'made'])} ${c.year()}`
	},
	{
		id: 'year-first-dash',
		render: (c) => `${c.year(NO_APOSTROPHE)} ${c.material} ${c.rng.pick(['part', c.part])} - condition: ${c.condition}`
	},
	{ id: 'key-value-semicolon', render: (c) => `Condition ${c.condition}; material ${c.material}; year ${c.year(NO_APOSTROPHE)}` },
	{ id: 'part-paren-material', render: (c) => `${cap(c.part)} (${c.material}), built ${c.year()}, ${c.condition} shape` },
	{ id: 'table-pipe', render: (c) => `${c.part} | ${c.material} | ${c.condition} | ${c.year(PLAIN)}` },
	{ id: 'table-tab', render: (c) => `${c.part}\t${c.material}\t${c.year(PLAIN)}\t${c.condition}` },
	{ id: 'csv-row', render: (c) => `${c.part},${c.material},${c.year(PLAIN)},${c.condition}` },
	{
		id: 'inventory-log',
		render: (c) => `Item ${c.rng.int(100, 9999)}: ${c.part}; mat=${c.material}; cond=${c.condition}; yr=${c.year(PLAIN_OR_APOSTROPHE)}`
	},
	{
		id: 'verbose-inspection',
		render: (c) =>
			`During ${c.rng.pick(["today's", 'the weekly', 'the scheduled'])} inspection the technician found a ${c.part} made of ${c.material}. It was manufactured in ${c.year(NO_APOSTROPHE)} and is in ${c.condition} condition.`
	},
	{
		id: 'verbose-report',
		render: (c) => `Inspected ${c.part}: material is ${c.material}, production year ${c.year(PLAIN)}, overall condition ${c.condition}.`
	},
	{ id: 'question', render: (c) => `Can you check this ${c.material} ${c.part} from ${c.year()}? Condition looks ${c.condition}` },
	{ id: 'dash-separated', render: (c) => `${c.part} - ${c.material} - ${c.year()} - ${c.condition}` },
	{
		id: 'field-lines',
		render: (c) => `Part: ${c.part}\nMaterial: ${c.material}\nYear: ${c.year(NO_APOSTROPHE)}\nCondition: ${c.condition}`
	},
	{
		id: 'json-like',
		render: (c) => `{"part": "${c.part}", "material": "${c.material}", "year": ${c.year(PLAIN)}, "condition": "${c.condition}"}`
	},
	{ id: 'made-from', render: (c) => `${cap(c.part)} made from ${c.material} in ${c.year(NO_APOSTROPHE)}, currently ${c.condition}` },
	{ id: 'cond-leading', render: (c) => `${cap(c.condition)} condition ${c.part}, ${c.material}, from ${c.year()}` },
	{
		id: 'mfg-date',
		render: (c) =>
			`${c.material} ${c.part}; ${c.rng.pick(['mfg date', 'date of mfg', 'production date', 'DOM'])} ${c.year(['date'])}; cond ${c.condition}`
	},
	{ id: 'produced-paren', render: (c) => `${c.part} (${c.material}) produced ${c.year()}, ${c.condition}` },
	{ id: 'serial-first', render: (c) => `${c.distractor()} ${c.material} ${c.part} ${c.year(PLAIN_OR_APOSTROPHE)} ${c.condition}` },
	{ id: 'year-of-manufacture', render: (c) => `Year of manufacture: ${c.year(NO_APOSTROPHE)}. ${cap(c.material)}. ${cap(c.condition)}.` },
	{ id: 'slash-shorthand', render: (c) => `${c.material}/${c.condition}/${c.year(PLAIN)}` },
	{ id: 'cond-year-material-part', render: (c) => `${c.condition} ${c.year(PLAIN_OR_APOSTROPHE)} ${c.material} ${c.part}` },
	{ id: 'circa-year', render: (c) => `${cap(c.part)}, circa ${c.year(PLAIN)}, ${c.material}, condition ${c.condition}` },
	{ id: 'year-built-prefix', render: (c) => `${c.year(PLAIN)}-built ${c.material} ${c.part}, ${c.condition}` },
	{
		id: 'bullet-list',
		render: (c) => `- part: ${c.part}\n- mat: ${c.material}\n- yr: ${c.year(PLAIN_OR_APOSTROPHE)}\n- state: ${c.condition}`
	},
	{ id: 'trailing-remark', render: (c) => `${c.part} ${c.material}, cond ${c.condition}, ${c.year()}. ${cap(c.filler())}` },
	{
		id: 'dated-log',
		// An inspection date is a second year: the model must not treat it as the manufacturing year.
		render: (c) =>
			`${c.rng.int(2015, 2026)}-${String(c.rng.int(1, 12)).padStart(2, '0')}-${String(c.rng.int(1, 28)).padStart(2, '0')} checked ${c.part}: ${c.material}, ${c.condition}, manufactured ${c.year(NO_APOSTROPHE)}`
	},
	{
		id: 'material-of-year',
		render: (c) => `${cap(c.noun)} of ${c.material}, ${c.rng.pick(['made', 'dated', 'from'])} ${c.year()}, ${c.condition} condition overall`
	},
	{ id: 'note-style', render: (c) => `note: ${c.condition} ${c.material} ${c.part} (${c.year(NO_APOSTROPHE)}) ${c.filler()}` }
];

/** Shapes kept out of train/validation/test by default, to measure unseen phrasing. */
export const HELD_OUT_SHAPE_IDS: readonly string[] = ['question', 'circa-year', 'cond-year-material-part'];
