/**
 * `npm run models -- evaluate VERSION`: the figures the README reports for a model,
 * recomputed from the committed bundle and evaluation sets with the app's own Classifier
 * (onnxruntime-node): the frozen set, and the hand-written realistic set with the
 * "needs review" flags, per phenomenon.
 */
import { percent } from '#lib/format/percent.ts';
import type { EvaluationReport } from '../../training/src/eval/metrics.ts';
import { loadEvalCsv, loadRealisticEval } from './eval-set.ts';
import { evaluateVersion, evaluateWithReview, openClassifier } from './evaluate.ts';

const pct = (x: number) => percent(x, 2);

function reviewLine(name: string, r: EvaluationReport): string {
	const v = r.review;
	const base = `${name}: ${r.count} rows (${r.decidable} decidable), accuracy ${pct(r.accuracy)}, ECE ${r.ece.toFixed(3)}`;
	if (!v) return base;
	return `${base}, flagged ${pct(v.flaggedShare)} (decidable ${pct(v.flaggedShareDecidable)}), error among unflagged ${pct(v.unflaggedError)} (n=${v.unflagged}), undecidable flagged ${pct(v.undecidableFlagged)} (n=${v.undecidable})`;
}

export async function printEvaluation(modelsDir: string, version: string, log: (line: string) => void = console.log): Promise<void> {
	const samples = await loadEvalCsv();
	const evaluation = await evaluateVersion({ modelsDir, version, samples, golden: [], latencyRuns: 300 });
	log(reviewLine('frozen set (models/eval/frozen-eval.csv)', evaluation.report));
	const classifier = await openClassifier(modelsDir, version);
	const frozenWithReview = await evaluateWithReview(classifier, samples);
	log(reviewLine('frozen set with review flags', frozenWithReview));
	const realistic = evaluation.realistic ?? (await evaluateWithReview(classifier, await loadRealisticEval()));
	log(reviewLine('realistic hand-written set (models/eval/realistic.csv)', realistic));
	log(
		`p50 latency per description (onnxruntime-node, batch 1): ${evaluation.p50Ms.toFixed(3)} ms; ONNX ${(evaluation.modelBytes / 1024).toFixed(1)} KB`
	);
	log('');
	log('| phenomenon | rows | accuracy (decidable) | flagged | error among unflagged | silent errors |');
	log('|---|---|---|---|---|---|');
	for (const [name, s] of Object.entries(realistic.slices.phenomenon ?? {}))
		log(
			`| ${name} | ${s.count} | ${s.decidable === 0 ? '- (none decidable)' : pct(s.accuracy)} | ${pct(s.flagged ?? 0)} | ${pct(s.unflaggedError ?? 0)} | ${pct(s.silentError ?? 0)} |`
		);
}
