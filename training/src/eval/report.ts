/**
 * Markdown reports: the evaluation report (headline table, confusion matrices, slice
 * tables, "needs review" figures) and the training report of a bundle (report.md).
 */
import { percent } from '../../../src/lib/format/percent.ts';
import type { EvaluationReport } from './metrics.ts';

const pct = (x: number) => percent(x, 2);
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
	typo: 'By misspelling',
	phenomenon: 'By phenomenon'
};

export function renderReport(title: string, sections: Record<string, EvaluationReport>): string {
	const names = Object.keys(sections);
	const out: string[] = [`# ${title}`, ''];
	out.push(
		table(
			[
				'set',
				'samples',
				'decidable',
				'accuracy',
				'precision',
				'recall',
				'F1',
				'ECE',
				'flagged',
				'error among unflagged',
				'undecidable flagged'
			],
			names.map((n) => {
				const r = sections[n];
				const v = r.review;
				return [
					n,
					String(r.count),
					String(r.decidable),
					pct(r.accuracy),
					pct(r.precision),
					pct(r.recall),
					pct(r.f1),
					r.ece.toFixed(4),
					v ? `${pct(v.flaggedShare)} (decidable ${pct(v.flaggedShareDecidable)})` : '-',
					v ? pct(v.unflaggedError) : '-',
					v && v.undecidable > 0 ? pct(v.undecidableFlagged) : '-'
				];
			})
		),
		'',
		'Positive class: 1 (non-compliant). Verdict metrics over decidable rows. ECE: expected calibration error over 10 confidence bins. ' +
			'Flagged: shown as "needs review"; error among unflagged counts an undecidable row shown as a final verdict as an error.',
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
			const withReview = Object.values(values).some((v) => v.flagged !== undefined);
			out.push(`### ${DIMENSION_TITLES[dimension] ?? dimension}`, '');
			out.push(
				table(
					[dimension, 'samples', 'accuracy', ...(withReview ? ['flagged', 'error among unflagged'] : [])],
					Object.entries(values).map(([k, v]) => [
						k,
						String(v.count),
						v.decidable === 0 ? '-' : pct(v.accuracy),
						...(withReview ? [pct(v.flagged ?? 0), pct(v.unflaggedError ?? 0)] : [])
					])
				),
				''
			);
		}
	}
	return out.join('\n');
}

export interface TrainingSummary {
	title: string;
	sections: Record<string, EvaluationReport>;
	data: string;
	candidates: ReadonlyArray<{
		architecture: string;
		parameters: number;
		validationLoss: number;
		validationAccuracy: number;
		bestEpoch: number;
		epochsRun: number;
		stopReason: string;
		seconds: number;
	}>;
	calibration: { temperature: number; minConfidence: number; undecidableThreshold: number; samples: number };
	parity: { samples: number; maxAbsDiffNode: number; maxAbsDiffWeb: number; labelChanges: number };
	timings: string;
}

/** The bundle's report.md. */
export function renderTrainingReport(s: TrainingSummary): string {
	return [
		renderReport(s.title, s.sections),
		'',
		'## Training',
		'',
		s.data,
		'',
		table(
			['candidate', 'parameters', 'validation loss', 'validation accuracy', 'best epoch', 'epochs run', 'stopped by', 'seconds'],
			s.candidates.map((c) => [
				c.architecture,
				String(c.parameters),
				c.validationLoss.toFixed(4),
				pct(c.validationAccuracy),
				String(c.bestEpoch),
				String(c.epochsRun),
				c.stopReason,
				String(c.seconds)
			])
		),
		'',
		`Calibration on ${s.calibration.samples} held-out hand-written rows: temperature ${s.calibration.temperature.toFixed(3)}; ` +
			`needs review below confidence ${s.calibration.minConfidence} or at P(undecidable) >= ${s.calibration.undecidableThreshold}.`,
		'',
		`Parity (TF.js vs ONNX) on ${s.parity.samples} samples: max |diff| onnxruntime-node ${s.parity.maxAbsDiffNode.toExponential(2)}, onnxruntime-web ${s.parity.maxAbsDiffWeb.toExponential(2)}, ${s.parity.labelChanges} label changes.`,
		'',
		`Stage timings: ${s.timings}.`
	].join('\n');
}
