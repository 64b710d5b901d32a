/**
 * Test fixture: one vehicle specification written as TXT, Markdown and CSV, with known
 * components in a table (page 1), a bulleted list (page 2) and prose (page 3), plus
 * headings and boilerplate that must never become findings. Pages are separated by form
 * feeds. `COMPONENTS` is what a scan must find: the passage text, its page and the
 * verdict the regulation of the synthetic data gives (before 1995, fair/poor, plastic or
 * iron = non-compliant).
 */

export interface ExpectedComponent {
	page: number;
	kind: 'table-row' | 'list-item' | 'sentence';
	text: string;
	label: 0 | 1;
}

const TABLE = [
	['Part', 'Material', 'Year', 'Condition'],
	['Brake bracket', 'steel', '1999', 'good'],
	['Caliper housing', 'iron', '1988', 'fair']
];
const LIST = ['Plastic bolt manufactured in 1990 in poor condition', 'Carbon fiber panel made in 2015, new condition'];
const PROSE = [
	'A steel shaft manufactured in 2005 in good condition is fitted to the rear axle.',
	'The iron gear from 1980 is in poor condition.'
];

export const COMPONENTS: ExpectedComponent[] = [
	{ page: 1, kind: 'table-row', text: 'Part: Brake bracket; Material: steel; Year: 1999; Condition: good', label: 0 },
	{ page: 1, kind: 'table-row', text: 'Part: Caliper housing; Material: iron; Year: 1988; Condition: fair', label: 1 },
	{ page: 2, kind: 'list-item', text: LIST[0], label: 1 },
	{ page: 2, kind: 'list-item', text: LIST[1], label: 0 },
	{ page: 3, kind: 'sentence', text: PROSE[0], label: 0 },
	{ page: 3, kind: 'sentence', text: PROSE[1], label: 1 }
];

/** Sentences a scan may pass to the model but must not report as a component (the model's "not a description" signal). */
export const BOILERPLATE = ['This document is confidential and intended for internal use only.'];
/** Text that must never be a passage at all: headings and page footers. */
export const NEVER_PASSAGES = ['Brake system specification', 'Fasteners', 'Notes', 'Page 1 of 3', 'Page 3 of 3'];

export function specTxt(): string {
	return [
		['BRAKE SYSTEM SPECIFICATION', '', BOILERPLATE[0], '', ...TABLE.map((r) => r.join('\t')), '', 'Page 1 of 3'].join('\n'),
		['Fasteners:', '', ...LIST.map((l) => `- ${l}`), '', 'Page 2 of 3'].join('\n'),
		['Notes', '', PROSE.join(' '), '', 'Page 3 of 3'].join('\n')
	].join('\n\f');
}

export function specMd(): string {
	const table = [TABLE[0], TABLE[0].map(() => '---'), ...TABLE.slice(1)].map((r) => `| ${r.join(' | ')} |`);
	return [
		['# Brake system specification', '', `_${BOILERPLATE[0]}_`, '', ...table, '', 'Page 1 of 3'].join('\n'),
		['## Fasteners', '', ...LIST.map((l) => `* ${l}`), '', 'Page 2 of 3'].join('\n'),
		['## Notes', '', PROSE[0], PROSE[1], '', '<!-- reviewer: check the gear -->', 'Page 3 of 3'].join('\n')
	].join('\n\f\n');
}

/** The table as CSV: one page, rows only. */
export function specCsv(): string {
	return TABLE.map((r) => r.join(',')).join('\r\n') + '\r\n';
}
