/** Markdown evaluation report: headline table, confusion matrices, slice tables. */
import type { EvaluationReport } from './metrics.ts';

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(header: string[], rows: string[][]): string {
	const line = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
	return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

const DIMENSION_TITLES: Record<string, string> = {
	material: 'By material',
	condition: 'By condition',
	year: 'By manufacturing year (1990-1999)',
	shape: 'By sentence shape',
	typo: 'By misspelling'
};

export function renderReport(title: string, sections: Record<string, EvaluationReport>): string {
	const names = Object.keys(sections);
	const out: string[] = [`# ${title}`, ''];
	out.push(
		table(
			['set', 'samples', 'accuracy', 'precision', 'recall', 'F1', 'ECE'],
			names.map((n) => {
				const r = sections[n];
				return [n, String(r.count), pct(r.accuracy), pct(r.precision), pct(r.recall), pct(r.f1), r.ece.toFixed(4)];
			})
		),
		'',
		'Positive class: 1 (non-compliant). ECE: expected calibration error over 10 confidence bins.',
		''
	);
	for (const name of names) {
		const r = sections[name];
		const c = r.confusion;
		out.push(`## ${name}`, '', `Threshold ${r.threshold}.`, '');
		out.push(
			table(
				['', 'predicted 1 (non-compliant)', 'predicted 0 (compliant)'],
				[
					['actual 1', String(c.tp), String(c.fn)],
					['actual 0', String(c.fp), String(c.tn)]
				]
			),
			''
		);
		for (const [dimension, values] of Object.entries(r.slices)) {
			out.push(`### ${DIMENSION_TITLES[dimension] ?? dimension}`, '');
			out.push(
				table(
					[dimension, 'samples', 'accuracy'],
					Object.entries(values).map(([k, v]) => [k, String(v.count), pct(v.accuracy)])
				),
				''
			);
		}
	}
	return out.join('\n');
}
