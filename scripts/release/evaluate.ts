/**
 * Evaluate one registered version on the frozen evaluation set and on golden examples,
 * exactly as users run it: the bundle is loaded with loadBundleClassifier (sha256 checks,
 * self-test) and scored with onnxruntime-node through the app's Classifier.
 */
import type { GoldenExample } from '#lib/bundle/manifest.ts';
import type { Classifier } from '#lib/inference/classifier.ts';
import { loadBundleClassifier } from '#lib/inference/load-node.ts';
import { readManifest } from '#lib/registry/resolve.ts';
import { FEATURIZER_VERSION } from '#lib/text/featurize.ts';
import { evaluate, type EvaluationReport } from '../../training/src/eval/metrics.ts';
import { DEFAULT_REGULATION_ID, loadRegulation, relabel } from '../../training/src/data/regulation.ts';
import { loadRealisticEval, REALISTIC_EVAL_FILE, type EvalSample } from './eval-set.ts';

export interface VersionEvaluation {
	version: string;
	featurizerVersion: string;
	/** The regulation the model was trained for; the evaluation sets are labelled by it (from their fact columns). */
	regulation: string;
	/** Frozen set, with slices (material, condition, year, shape, typo, source). */
	report: EvaluationReport;
	/**
	 * Hand-written realistic set (models/eval/realistic.csv, never trained on), with the
	 * "needs review" flags the app shows and per-phenomenon slices; null when not evaluated.
	 */
	realistic: EvaluationReport | null;
	golden: { count: number; correct: number; accuracy: number; failures: string[] };
	modelBytes: number;
	/** Median milliseconds to featurize and classify one description (batch 1, onnxruntime-node, 1 thread). */
	p50Ms: number;
	parity: { samples: number; maxAbsDiffNode: number; maxAbsDiffWeb: number; labelChanges: number };
	manifestGolden: GoldenExample[];
	/** Reviewed field labels never trained on (release --feedback; field-stage.ts), when scored. */
	field?: FieldEvaluation | null;
}

export interface FieldEvaluation {
	count: number;
	correct: number;
	accuracy: number;
}

export interface EvaluateOptions {
	modelsDir: string;
	version: string;
	samples: readonly EvalSample[];
	/** Golden examples to check (both models' goldens, so each is judged on the other's too). */
	golden: readonly GoldenExample[];
	/** Single-description runs for the latency median. Default 200. */
	latencyRuns?: number;
	/** The realistic hand-written set; default models/eval/realistic.csv, null to skip. */
	realisticFile?: string | null;
}

/** Verdicts and "needs review" flags exactly as the app shows them, scored on a labelled set. */
export async function evaluateWithReview(classifier: Classifier, samples: readonly EvalSample[]): Promise<EvaluationReport> {
	const results = await classifier.classify(samples.map((s) => s.text));
	return evaluate(
		samples,
		results.map((r) => r.probability),
		classifier.manifest.threshold,
		results.map((r) => r.needsReview)
	);
}

/**
 * The champion as a comparison for a candidate, or null with the reason when this app
 * cannot run it: a bundle built for another featurizer (FEATURIZER_VERSION) is refused by
 * the app, so the gate judges the candidate on absolute floors instead.
 */
export interface RegulationChange {
	from: string;
	to: string;
}

export const regulationOf = (manifest: { regulation?: { id: string } }) => manifest.regulation?.id ?? DEFAULT_REGULATION_ID;

export async function comparableChampion(
	modelsDir: string,
	champion: string | null,
	candidateRegulation: string = DEFAULT_REGULATION_ID
): Promise<{ version: string | null; note: string | null; regulationChange: RegulationChange | null }> {
	if (!champion) return { version: null, note: null, regulationChange: null };
	const manifest = await readManifest(modelsDir, champion);
	const from = regulationOf(manifest);
	const regulationChange = from === candidateRegulation ? null : { from, to: candidateRegulation };
	if (regulationChange)
		return {
			version: null,
			note: `champion ${champion} was trained for regulation ${from}, the candidate for ${candidateRegulation}: verdicts differ by design, absolute floors apply and the change needs an explicit approval`,
			regulationChange
		};
	if (manifest.featurizerVersion === FEATURIZER_VERSION) return { version: champion, note: null, regulationChange: null };
	return {
		version: null,
		note: `champion ${champion} needs featurizer ${manifest.featurizerVersion}, this app has ${FEATURIZER_VERSION}: not comparable, absolute floors apply`,
		regulationChange: null
	};
}

/** Candidates are judged by folder, before they are registered. */
export const openClassifier = (modelsDir: string, version: string): Promise<Classifier> => loadBundleClassifier(modelsDir, version);

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function evaluateVersion(options: EvaluateOptions): Promise<VersionEvaluation> {
	const classifier = await openClassifier(options.modelsDir, options.version);
	const manifest = classifier.manifest;
	const regulation = loadRegulation(regulationOf(manifest));
	options = { ...options, samples: relabel(options.samples, regulation) };
	const analyzed = options.samples.map((s) => classifier.analyze(s.text));
	const probabilities = await classifier.probabilities(analyzed);
	const report = evaluate(options.samples, probabilities, manifest.threshold);
	// The source slice (generator vs hand-written) is ours: training data has no such column.
	const bySource: Record<string, { count: number; correct: number }> = {};
	options.samples.forEach((s, i) => {
		const entry = (bySource[s.source] ??= { count: 0, correct: 0 });
		entry.count++;
		if ((probabilities[i] >= manifest.threshold ? 1 : 0) === s.label) entry.correct++;
	});
	report.slices.source = Object.fromEntries(
		Object.entries(bySource).map(([k, v]) => [k, { count: v.count, accuracy: v.correct / v.count }])
	);

	const realisticFile = options.realisticFile === undefined ? REALISTIC_EVAL_FILE : options.realisticFile;
	const realistic =
		realisticFile === null ? null : await evaluateWithReview(classifier, relabel(await loadRealisticEval(realisticFile), regulation));

	const goldenResults = await classifier.classify(options.golden.map((g) => g.text));
	const failures = options.golden.filter((g, i) => goldenResults[i].label !== g.label).map((g) => g.text);

	const runs = options.latencyRuns ?? 200;
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const text = options.samples[i % options.samples.length].text;
		const started = performance.now();
		await classifier.classify([text]);
		times.push(performance.now() - started);
	}
	return {
		version: manifest.version,
		featurizerVersion: manifest.featurizerVersion,
		regulation: regulation.id,
		report,
		realistic,
		golden: {
			count: options.golden.length,
			correct: options.golden.length - failures.length,
			accuracy: options.golden.length ? 1 - failures.length / options.golden.length : 1,
			failures
		},
		modelBytes: manifest.files.model.bytes,
		p50Ms: median(times),
		parity: manifest.lineage.parity,
		manifestGolden: manifest.golden
	};
}
