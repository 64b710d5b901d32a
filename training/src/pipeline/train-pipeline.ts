/**
 * `npm run train` end to end, one function per stage:
 *   data (generate | load CSV, hand-written supplement, evaluation exclusions, split)
 *   -> vocabulary -> featurize -> train candidates -> calibrate -> evaluate
 *   -> export ONNX -> parity (TF.js vs onnxruntime-node/web) -> bundle -> register
 * Every stage is timed and logged; any failure stops the run before the registry changes.
 */
import path from 'node:path';
import type { Manifest } from '../../../src/lib/bundle/manifest.ts';
import { getChampion, registerVersion, readRegistry } from '../../../src/lib/registry/registry.ts';
import { gitCommit } from '../../../src/lib/node/git.ts';
import { initBackend } from '../backend.ts';
import { generatorLexicon } from '../data/generator.ts';
import { datasetHash } from '../data/load-csv.ts';
import { relabel } from '../data/regulation.ts';
import { loadEvalCsv, loadRealisticEval } from '../eval/eval-sets.ts';
import { referenceDistribution } from '../eval/metrics.ts';
import { renderTrainingReport } from '../eval/report.ts';
import { describeArchitecture } from '../model/architectures.ts';
import { consoleProgress, formatSeconds, type ProgressSink } from '../model/progress.ts';
import { TrainingError } from '../model/train.ts';
import { exportOnnx } from '../onnx/export.ts';
import { writeBundle } from './bundle.ts';
import { REPO_ROOT, type TrainConfig } from './config.ts';
import { prepareData } from './data-stage.ts';
import { evaluateSets, summarize } from './evaluate-stage.ts';
import { goldenExamples, runParity } from './export-stage.ts';
import { stageRunner, type StageTiming } from './stages.ts';
import { calibrate, toSet, trainCandidates, validationSet } from './train-stage.ts';
import { chooseVocabulary, neededWords, seedVocabularies, useVocabulary, withoutTyposOf } from './vocabulary.ts';
import { openWarmStart } from './warm-start.ts';

/** The generator's words plus the hand-written rows' words that are not typos of them. */
function domainWords(handWritten: readonly string[]): string[] {
	const lexicon = generatorLexicon();
	return [...lexicon, ...withoutTyposOf(neededWords(handWritten), lexicon)];
}

export interface TrainRunResult {
	version: string;
	dir: string;
	manifest: Manifest;
	/** Status given by the registry, or null with --no-register. */
	status: string | null;
	timings: StageTiming[];
	seconds: number;
	targetsMet: boolean;
	warnings: string[];
	/** The version fine-tuned from (--init), or null. */
	fineTunedFrom: string | null;
}

/**
 * Quality targets, reported (the release gate decides): accuracy on the generated test split
 * (0.98: it now holds realistic compositions with negations and years of other things, not
 * only the classic shapes), and on hand-written realistic text the error among unflagged
 * verdicts and the share flagged (issue 12).
 */
export const TARGETS = { accuracy: 0.98, realisticUnflaggedError: 0.01, realisticFlaggedDecidable: 0.15 };
const THRESHOLD = 0.5;
const MIN_ROWS = 50;

export async function runTraining(
	config: TrainConfig,
	log: (line: string) => void = (l) => console.log(l),
	progress: ProgressSink = consoleProgress()
): Promise<TrainRunResult> {
	const started = performance.now();
	const stage = stageRunner(log);
	const warnings: string[] = [];
	const backend = await initBackend();
	log(`TensorFlow.js backend: ${backend.name}${backend.name === 'wasm' ? ' (single-threaded SIMD; tfjs-node is not installed)' : ''}`);

	const data = await stage(
		config.dataFile ? 'load' : 'generate',
		() => prepareData(config, log),
		(d) =>
			`${d.all.length} rows (${d.all.filter((x) => x.label === 1).length} non-compliant, ${d.all.filter((x) => x.label === null).length} undecidable); ` +
			`hand-written: ${d.handWrittenTrain} for training, ${d.handWrittenHoldout.length} held out`
	);
	const split = await stage(
		'split',
		() => data.split,
		(s) =>
			`train ${s.train.length}, validation ${s.validation.length}, test ${s.test.length}, held-out shapes ${s.heldOutShapes.length}, duplicates dropped ${s.duplicates ?? 0}`
	);
	if (split.test.length === 0 || split.train.length < MIN_ROWS) {
		throw new TrainingError(
			`Only ${split.train.length + split.validation.length + split.test.length} distinct labelled rows; need at least ${MIN_ROWS * 2} so that train, validation and test are not empty`
		);
	}
	const dataHash = datasetHash(data.all);

	const champion = await getChampion({ modelsDir: config.modelsDir }).catch(() => null);
	const warm = config.init
		? await stage(
				'warm start',
				() => openWarmStart(config.modelsDir, config.init!, config.dataFile ? null : data.regulation.id),
				(w) => `fine-tuning ${w.version} (${w.manifest.architecture}) with its vocabulary`
			)
		: null;
	const vocab = await stage(
		'vocabulary',
		async () => {
			await seedVocabularies(config.modelsDir);
			if (warm) return useVocabulary(warm.vocabularyFile, `${warm.version}'s vocabulary (warm start)`);
			return chooseVocabulary({
				modelsDir: config.modelsDir,
				// Synthetic data: the generator's words and the hand-written supplement's. Typos must stay
				// out of the vocabulary (GloVe has junk tokens like "stel"): they are corrected instead.
				texts: config.dataFile ? split.train.map((s) => s.text) : [],
				extraWords: config.dataFile ? [] : domainWords(split.train.filter((s) => s.weight !== undefined).map((s) => s.text)),
				preferred: champion ? path.join(config.modelsDir, champion.vocabulary) : null,
				allowBuild: !config.quick
			});
		},
		(v) => `${v.note}; ${v.vocabulary.size} words, ${(v.bytes / 1e6).toFixed(1)} MB`
	);
	const vocabulary = vocab.vocabulary;

	const sets = await stage(
		'featurize',
		() => ({
			train: toSet(split.train, vocabulary),
			validation: validationSet(toSet(split.validation, vocabulary), toSet(data.handWrittenHoldout, vocabulary)),
			holdout: toSet(data.handWrittenHoldout, vocabulary)
		}),
		(s) => {
			const tokens = s.train.analyzed.reduce((n, a) => n + a.tokens.length, 0) / Math.max(1, s.train.analyzed.length);
			return `${tokens.toFixed(1)} tokens per text, ${s.train.analyzed.reduce((n, a) => n + a.oovCount, 0)} unknown words in training`;
		}
	);

	const { candidates, chosen } = await stage(
		'train',
		() => trainCandidates(config, sets.train, sets.validation, vocabulary, progress, log, warm),
		(c) => `${c.candidates.length} candidates; chosen ${c.chosen.architecture.kind} (${describeArchitecture(c.chosen.architecture)})`
	);

	const calibration = await stage(
		'calibrate',
		() => calibrate(chosen.model, data.handWrittenHoldout, sets.holdout, vocabulary, config.maxFlaggedShare),
		(c) =>
			`temperature ${c.temperature.toFixed(3)} on ${c.samples} held-out hand-written rows; review below confidence ${c.review.minConfidence} ` +
			`or P(undecidable) >= ${c.review.undecidableThreshold} (held out: flagged ${(100 * c.choice.flaggedShareDecidable).toFixed(1)}% of decidable, ` +
			`error among unflagged ${(100 * c.choice.unflaggedError).toFixed(2)}%)`
	);

	const evaluation = await stage(
		'evaluate',
		async () =>
			evaluateSets(
				chosen.model,
				{
					test: split.test,
					'held-out shapes': split.heldOutShapes,
					'hand-written held-out': config.dataFile ? [] : data.handWrittenHoldout,
					'frozen eval': config.dataFile ? [] : relabel(await loadEvalCsv(), data.regulation),
					'realistic (hand-written, never trained)': config.dataFile ? [] : relabel(await loadRealisticEval(), data.regulation)
				},
				vocabulary,
				calibration.review,
				THRESHOLD
			),
		(e) =>
			Object.entries(e)
				.map(([name, s]) => `\n    ${summarize(name, s.report)}`)
				.join('')
	);
	const test = evaluation.test.report;
	const realistic = evaluation['realistic (hand-written, never trained)']?.report ?? null;

	const onnx = await stage(
		'export',
		() =>
			exportOnnx(chosen.model, chosen.architecture, { metadata: { architecture: describeArchitecture(chosen.architecture), dataHash } }),
		(b) => `${(b.byteLength / 1024).toFixed(1)} KiB`
	);
	const parityTexts = [sets.validation.analyzed, sets.train.analyzed].flat().slice(0, Math.max(config.paritySamples, 1000));
	const parity = await stage(
		'parity',
		() => runParity(chosen.model, onnx, parityTexts, vocabulary, THRESHOLD, Math.min(config.paritySamples, parityTexts.length)),
		(p) =>
			`${p.samples} samples, max |diff| node ${p.maxAbsDiffNode.toExponential(2)}, web ${p.maxAbsDiffWeb.toExponential(2)}, ${p.labelChanges} label changes`
	);

	const trainingConfig = {
		rows: config.dataFile ? data.all.length : config.rows,
		seed: config.seed,
		quick: config.quick,
		epochs: config.epochs,
		batchSize: config.batchSize,
		learningRate: config.learningRate,
		learningRateDecay: config.learningRateDecay,
		patience: config.patience,
		augmentation: config.augmentation,
		handWrittenWeight: config.handWrittenWeight,
		feedback: data.field && { ...data.field, weight: config.feedbackWeight },
		fineTunedFrom: warm?.version ?? null,
		regulation: config.dataFile ? null : data.regulation.id,
		backend: backend.name,
		split: {
			train: split.train.length,
			validation: split.validation.length,
			test: split.test.length,
			heldOutShapes: split.heldOutShapes.length,
			handWrittenTrain: data.handWrittenTrain,
			handWrittenHoldout: data.handWrittenHoldout.length,
			excludedEvaluationTexts: data.excluded,
			duplicates: split.duplicates ?? 0
		},
		vocabulary: vocab.note,
		candidates: candidates.map((c) => ({
			architecture: describeArchitecture(c.architecture),
			parameters: c.parameters,
			validationAccuracy: c.validation.accuracy,
			validationLoss: c.validation.loss,
			bestEpoch: c.bestEpoch,
			epochsRun: c.history.length,
			stopReason: c.stopReason,
			seconds: Math.round(c.seconds)
		})),
		chosen: describeArchitecture(chosen.architecture),
		calibration: { temperature: calibration.temperature, samples: calibration.samples }
	};
	const years = Object.values(test.slices.year ?? {});
	const metrics: Manifest['metrics'] = {
		accuracy: test.accuracy,
		f1: test.f1,
		precision: test.precision,
		recall: test.recall,
		ece: test.ece,
		testCount: test.count,
		heldOutShapesAccuracy: evaluation['held-out shapes']?.report.accuracy ?? null,
		minYearAccuracy: years.length === 0 ? null : Math.min(...years.map((y) => y.accuracy)),
		realistic,
		validation: chosen.validation,
		test,
		heldOutShapes: evaluation['held-out shapes']?.report ?? null,
		handWrittenHoldout: evaluation['hand-written held-out']?.report ?? null,
		frozen: evaluation['frozen eval']?.report ?? null
	};

	const bundle = await stage(
		'bundle',
		async () => {
			const golden = await goldenExamples(
				onnx,
				split.test,
				evaluation.test.predictions.probability,
				vocabulary,
				THRESHOLD,
				data.regulation
			);
			const report = renderTrainingReport({
				title: `Model ${describeArchitecture(chosen.architecture)}`,
				sections: Object.fromEntries(Object.entries(evaluation).map(([n, s]) => [n, s.report])),
				data: `${warm ? `Fine-tuned from ${warm.version}. ` : ''}Data: ${config.dataFile ?? `synthetic, seed ${config.seed}, ${config.rows} rows`} + ${data.handWrittenTrain} hand-written rows (weight ${config.handWrittenWeight}); data hash ${dataHash.slice(0, 16)}. Backend: ${backend.name}.`,
				candidates: trainingConfig.candidates,
				calibration: {
					temperature: calibration.temperature,
					minConfidence: calibration.review.minConfidence,
					undecidableThreshold: calibration.review.undecidableThreshold ?? 0.5,
					samples: calibration.samples
				},
				parity,
				timings: stage.timings.map((t) => `${t.stage} ${formatSeconds(t.seconds)}`).join(', ')
			});
			return writeBundle({
				modelsDir: config.modelsDir,
				onnx,
				created: new Date(),
				architecture: describeArchitecture(chosen.architecture),
				vocabularyFile: vocab.file,
				vocabularySha256: vocab.sha256,
				vocabularyBytes: vocab.bytes,
				threshold: THRESHOLD,
				review: calibration.review,
				regulation: config.dataFile ? undefined : { id: data.regulation.id, title: data.regulation.title },
				metrics,
				referenceDistribution: referenceDistribution(evaluation.test.predictions.probability),
				golden,
				lineage: {
					dataHash,
					dataSource: config.dataFile ? path.relative(REPO_ROOT, path.resolve(config.dataFile)) : `synthetic:seed=${config.seed}`,
					trainingConfig,
					gitCommit: gitCommit(),
					parity: {
						samples: parity.samples,
						maxAbsDiffNode: parity.maxAbsDiffNode,
						maxAbsDiffWeb: parity.maxAbsDiffWeb,
						labelChanges: parity.labelChanges
					}
				},
				report
			});
		},
		(b) => `${path.relative(process.cwd(), b.dir) || b.dir}`
	);

	let status: string | null = null;
	if (config.register) {
		status = await stage(
			'register',
			async () => {
				const entry = await registerVersion(bundle.entry, {
					modelsDir: config.modelsDir,
					by: 'train',
					reason: `npm run train (${warm ? `fine-tuned from ${warm.version}, ` : ''}${trainingConfig.chosen}, test accuracy ${(100 * metrics.accuracy).toFixed(3)}%)`
				});
				const registry = await readRegistry({ modelsDir: config.modelsDir });
				return registry.versions.find((v) => v.version === entry.version)?.status ?? entry.status;
			},
			(s) => `${bundle.version} registered as ${s}`
		);
	}

	for (const c of candidates) c.model.dispose();
	const review = realistic?.review;
	const targetsMet =
		test.accuracy >= TARGETS.accuracy &&
		(review === undefined ||
			(review.unflaggedError <= TARGETS.realisticUnflaggedError && review.flaggedShareDecidable <= TARGETS.realisticFlaggedDecidable));
	if (!config.dataFile && !targetsMet) {
		warnings.push(
			`Quality targets missed: test accuracy ${(100 * test.accuracy).toFixed(2)}% (target ${100 * TARGETS.accuracy}%)` +
				(review
					? `, realistic error among unflagged ${(100 * review.unflaggedError).toFixed(2)}% (target ${100 * TARGETS.realisticUnflaggedError}%), flagged ${(100 * review.flaggedShareDecidable).toFixed(1)}% of decidable (target ${100 * TARGETS.realisticFlaggedDecidable}%)`
					: '')
		);
	}
	return {
		version: bundle.version,
		dir: bundle.dir,
		manifest: bundle.manifest,
		status,
		timings: stage.timings,
		seconds: (performance.now() - started) / 1000,
		targetsMet,
		warnings,
		fineTunedFrom: warm?.version ?? null
	};
}
