/**
 * Field labels in a release (`npm run release -- --feedback`):
 *  - feedbackStage: export the reviewed labels from the database (DATABASE_URL, as the
 *    server) into the work dir; training then uses its field-train rows (weighted);
 *  - fieldEvalStage: score the candidate and the champion on the field-eval rows (never
 *    trained on) with the app's classifier; the gate compares them (gate.ts fieldChecks) and
 *    the report lists the phrasings the candidate now gets right, and any it now gets wrong.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { percent } from '#lib/format/percent.ts';
import { loadFeedback, sameRegulation } from '../../training/src/data/feedback.ts';
import { regulationOfVersion } from '../../training/src/pipeline/data-stage.ts';
import { exportFeedback } from '../feedback.ts';
import { openClassifier, type FieldEvaluation, type VersionEvaluation } from './evaluate.ts';
import type { ReleaseRun } from './release-run.ts';

export interface FieldVerdict {
	text: string;
	label: 0 | 1;
	candidate: 0 | 1;
	champion: 0 | 1 | null;
}

export interface FieldComparison {
	count: number;
	candidate: FieldEvaluation;
	champion: FieldEvaluation | null;
	/** Field-eval texts the champion got wrong and the candidate gets right. */
	fixed: FieldVerdict[];
	/** Field-eval texts the champion got right and the candidate now gets wrong. */
	broken: FieldVerdict[];
	/** Wrong in both. */
	stillWrong: FieldVerdict[];
}

/** Export the field labels from the database when --feedback is given. */
export async function feedbackStage({ options, stages }: ReleaseRun): Promise<void> {
	if (!options.feedback) return;
	const dir = path.join(options.workDir, 'feedback');
	await mkdir(dir, { recursive: true });
	const file = path.join(dir, `feedback-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}.csv`);
	await stages.run(
		'feedback',
		() => exportFeedback({ output: file }),
		(r) =>
			`${r.rows} reviewed texts (${r.eval} field-eval, ${r.rows - r.eval} field-train) -> ${path.relative(process.cwd(), file) || file}`
	);
	options.train = { ...options.train, feedbackFile: file };
}

async function scoreField(
	modelsDir: string,
	version: string,
	rows: { text: string; label: 0 | 1 }[]
): Promise<{ evaluation: FieldEvaluation; predicted: (0 | 1)[] }> {
	const classifier = await openClassifier(modelsDir, version);
	const results = rows.length ? await classifier.classify(rows.map((r) => r.text)) : [];
	const predicted = results.map((r) => r.label);
	const correct = predicted.filter((p, i) => p === rows[i].label).length;
	return { evaluation: { count: rows.length, correct, accuracy: rows.length ? correct / rows.length : 1 }, predicted };
}

/** Pure: which field-eval texts changed between the champion and the candidate. */
export function compareField(
	rows: { text: string; label: 0 | 1 }[],
	candidate: (0 | 1)[],
	champion: (0 | 1)[] | null
): Pick<FieldComparison, 'fixed' | 'broken' | 'stillWrong'> {
	const verdicts: FieldVerdict[] = rows.map((r, i) => ({
		text: r.text,
		label: r.label,
		candidate: candidate[i],
		champion: champion?.[i] ?? null
	}));
	return {
		fixed: verdicts.filter((v) => v.champion !== null && v.champion !== v.label && v.candidate === v.label),
		broken: verdicts.filter((v) => v.champion === v.label && v.candidate !== v.label),
		stillWrong: verdicts.filter((v) => v.candidate !== v.label && (v.champion === null || v.champion !== v.label))
	};
}

/** Field-eval scores for both models (attached to their evaluations for the gate) and the report. */
export async function fieldEvalStage(
	run: ReleaseRun,
	evaluations: { candidate: VersionEvaluation; champion: VersionEvaluation | null }
): Promise<FieldComparison | null> {
	const { options, stages, result } = run;
	const file = options.train?.feedbackFile;
	if (!file) return null;
	const comparison = await stages.run(
		'field-eval',
		async () => {
			// Only labels judged under the candidate's regulation (training drops the others the same way).
			const regulation = evaluations.candidate.regulation;
			const field = await sameRegulation(file, await loadFeedback(file, 1), regulationOfVersion(options.modelsDir), regulation);
			const rows = field.evaluation.map((s) => ({ text: s.text, label: s.label as 0 | 1 }));
			const cand = await scoreField(options.modelsDir, evaluations.candidate.version, rows);
			const champ = evaluations.champion ? await scoreField(options.modelsDir, evaluations.champion.version, rows) : null;
			evaluations.candidate.field = cand.evaluation;
			if (evaluations.champion && champ) evaluations.champion.field = champ.evaluation;
			return {
				count: rows.length,
				candidate: cand.evaluation,
				champion: champ?.evaluation ?? null,
				...compareField(rows, cand.predicted, champ?.predicted ?? null)
			};
		},
		(c) =>
			`${c.count} field-eval texts: candidate ${percent(c.candidate.accuracy, 1)}` +
			(c.champion ? `, champion ${percent(c.champion.accuracy, 1)}; ${c.fixed.length} now right, ${c.broken.length} now wrong` : '')
	);
	for (const line of fieldReport(comparison)) options.log(`    ${line}`);
	result.field = comparison;
	return comparison;
}

const name = (label: 0 | 1) => (label === 1 ? 'non-compliant' : 'compliant');

/** The release report's lines on field labels. */
export function fieldReport(c: FieldComparison): string[] {
	const lines = [`Field evaluation (reviewed labels, never trained on): ${c.count} texts`];
	const list = (title: string, verdicts: FieldVerdict[]) => {
		if (verdicts.length === 0) return;
		lines.push(`${title} (${verdicts.length}):`);
		for (const v of verdicts.slice(0, 20))
			lines.push(
				`  - "${v.text}": reviewed ${name(v.label)}, champion ${v.champion === null ? '-' : name(v.champion)}, candidate ${name(v.candidate)}`
			);
		if (verdicts.length > 20) lines.push(`  ... and ${verdicts.length - 20} more`);
	};
	list('Corrected phrasings the champion got wrong and the candidate gets right', c.fixed);
	list('Phrasings the candidate now gets wrong (the champion got them right)', c.broken);
	list('Still wrong', c.stillWrong);
	return lines;
}
