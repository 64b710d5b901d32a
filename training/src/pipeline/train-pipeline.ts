/**
 * `npm run train` end to end:
 *   data (generate | load CSV) -> split -> vocabulary -> featurize -> train candidates
 *   -> evaluate -> export ONNX -> parity (TF.js vs onnxruntime-node/web) -> bundle -> register
 * Every stage is timed and logged; any failure stops the run before the registry changes.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest } from '../../../src/lib/bundle/manifest.ts';
import { analyze, encode, featurize, type AnalyzedText, type Vocabulary } from '../../../src/lib/text/index.ts';
import { getChampion, registerVersion, readRegistry } from '../../../src/lib/server/model-registry.ts';
import { initBackend } from '../backend.ts';
import { generate, generatorLexicon, type Sample } from '../data/generator.ts';
import { datasetHash, loadLabelledCsv } from '../data/load-csv.ts';
import { splitDataset } from '../data/split.ts';
import { evaluate, referenceDistribution, renderReport, type EvaluationReport } from '../eval/metrics.ts';
import { describeArchitecture } from '../model/architectures.ts';
import { lengthSortedBatches, predictProbabilities, type EncodedSet } from '../model/batches.ts';
import { consoleProgress, formatSeconds, type ProgressSink } from '../model/progress.ts';
import { chooseModel, trainModel, TrainingError, type TrainedModel } from '../model/train.ts';
import { exportOnnx } from '../onnx/export.ts';
import { checkParity, type ParityBatch, type ParityReport } from '../onnx/parity.ts';
import { openNodeRunner } from '../onnx/runtimes.ts';
import { writeBundle, type WrittenBundle } from './bundle.ts';
import { DEFAULT_MODELS_DIR, REPO_ROOT, type TrainConfig } from './config.ts';
import { pickGolden } from './golden.ts';
import { frozenEvalTexts, normalizeEvalText } from '../../../scripts/release/eval-set.ts';
import { stageRunner, type StageTiming } from './stages.ts';
import { chooseVocabulary } from './vocabulary.ts';

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
}

/** Quality targets on synthetic data; missing them is reported, not fatal (the release gate decides). */
export const TARGETS = { accuracy: 0.999, yearSliceAccuracy: 0.99 };
const THRESHOLD = 0.5;
const MIN_ROWS = 50;

function gitCommit(): string | null {
	try {
		return (
			execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null
		);
	} catch {
		return null;
	}
}

function toSet(samples: readonly Sample[], vocab: Vocabulary): EncodedSet {
	return { analyzed: samples.map((s) => analyze(s.text, vocab)), labels: Float32Array.from(samples, (s) => s.label) };
}

/** A temp models folder starts without vocabularies: copy the committed ones so quick runs need no GloVe pass. */
async function seedVocabularies(modelsDir: string): Promise<void> {
	const target = path.join(modelsDir, 'vocab');
	const source = path.join(DEFAULT_MODELS_DIR, 'vocab');
	if (path.resolve(target) === path.resolve(source)) return;
	const existing = await readdir(target).catch(() => [] as string[]);
	if (existing.some((n) => n.endsWith('.bin'))) return;
	const committed = (await readdir(source).catch(() => [] as string[])).filter((n) => /^[0-9a-f]{16}\.bin$/.test(n));
	if (committed.length === 0) return;
	await mkdir(target, { recursive: true });
	for (const name of committed) await copyFile(path.join(source, name), path.join(target, name));
}

function parityBatches(analyzed: readonly AnalyzedText[], vocab: Vocabulary): { batches: ParityBatch[]; order: number[] } {
	const batches: ParityBatch[] = [];
	const order: number[] = [];
	for (const indices of lengthSortedBatches(analyzed, 256)) {
		const encoded = encode(
			indices.map((i) => analyzed[i]),
			vocab
		);
		batches.push({ features: encoded.features, mask: encoded.mask, batch: encoded.batch, length: encoded.length, dim: encoded.dim });
		order.push(...indices);
	}
	return { batches, order };
}

function minYearAccuracy(report: EvaluationReport): number | null {
	const years = Object.values(report.slices.year ?? {});
	return years.length === 0 ? null : Math.min(...years.map((y) => y.accuracy));
}

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

	const loaded = await stage(
		config.dataFile ? 'load' : 'generate',
		async () => (config.dataFile ? loadLabelledCsv(config.dataFile) : generate({ count: config.rows, seed: config.seed })),
		(s) => `${s.length} rows (${s.filter((x) => x.label === 1).length} non-compliant)`
	);
	// The release gate judges every model on the frozen evaluation set (models/eval/): never train on its texts.
	const frozen = await frozenEvalTexts();
	const samples = loaded.filter((s) => !frozen.has(normalizeEvalText(s.text)));
	if (samples.length < loaded.length) log(`  excluded ${loaded.length - samples.length} rows whose text is in the frozen evaluation set`);
	const dataHash = datasetHash(samples);
	const split = await stage(
		'split',
		() => splitDataset(samples, { seed: config.seed }),
		(s) =>
			`train ${s.train.length}, validation ${s.validation.length}, test ${s.test.length}, held-out shapes ${s.heldOutShapes.length}, duplicates dropped ${s.duplicates ?? 0}`
	);
	if (split.test.length === 0 || split.train.length < MIN_ROWS) {
		throw new TrainingError(
			`Only ${split.train.length + split.validation.length + split.test.length} distinct labelled rows; need at least ${MIN_ROWS * 2} so that train, validation and test are not empty`
		);
	}

	const champion = await getChampion({ modelsDir: config.modelsDir }).catch(() => null);
	const championVocab = champion ? path.join(config.modelsDir, champion.vocabulary) : null;
	const vocab = await stage(
		'vocabulary',
		async () => {
			await seedVocabularies(config.modelsDir);
			return chooseVocabulary({
				modelsDir: config.modelsDir,
				// Synthetic data: exactly the generator's words. Its deliberate typos must stay out of
				// the vocabulary (GloVe has junk tokens like "stel"), or they would not be corrected.
				texts: config.dataFile ? split.train.map((s) => s.text) : [],
				extraWords: config.dataFile ? [] : generatorLexicon(),
				preferred: championVocab,
				allowBuild: !config.quick
			});
		},
		(v) => `${v.note}; ${v.vocabulary.size} words, ${(v.bytes / 1e6).toFixed(1)} MB`
	);

	const sets = await stage(
		'featurize',
		() => ({
			train: toSet(split.train, vocab.vocabulary),
			validation: toSet(split.validation, vocab.vocabulary),
			test: toSet(split.test, vocab.vocabulary),
			heldOut: toSet(split.heldOutShapes, vocab.vocabulary)
		}),
		(s) => {
			const tokens = s.train.analyzed.reduce((n, a) => n + a.tokens.length, 0) / Math.max(1, s.train.analyzed.length);
			const oov = s.train.analyzed.reduce((n, a) => n + a.oovCount, 0);
			return `${tokens.toFixed(1)} tokens per text, ${oov} unknown words in training`;
		}
	);

	const candidates = await stage(
		'train',
		async () => {
			const trained: TrainedModel[] = [];
			const trainStart = performance.now();
			for (const architecture of config.architectures) {
				const spent = (performance.now() - trainStart) / 1000;
				const result = await trainModel(architecture, sets.train, sets.validation, vocab.vocabulary, {
					epochs: config.epochs,
					batchSize: config.batchSize,
					learningRate: config.learningRate,
					learningRateDecay: config.learningRateDecay,
					patience: config.patience,
					seed: config.seed,
					budgetSeconds: Math.max(1, config.trainBudgetSeconds - spent),
					augmentation: config.augmentation ?? undefined,
					progress,
					name: architecture.kind
				});
				log(
					`  ${architecture.kind}: validation accuracy ${(100 * result.validation.accuracy).toFixed(3)}%, loss ${result.validation.loss.toFixed(4)}, ` +
						`best epoch ${result.bestEpoch}/${result.history.length} (${result.stopReason}), ${result.parameters} parameters, ${formatSeconds(result.seconds)}`
				);
				trained.push(result);
			}
			return trained;
		},
		(c) => `${c.length} candidates`
	);
	const chosen = chooseModel(candidates);
	log(`Chosen: ${chosen.architecture.kind} (${describeArchitecture(chosen.architecture)})`);

	const evaluation = await stage(
		'evaluate',
		async () => {
			const testProbabilities = await predictProbabilities(chosen.model, sets.test.analyzed, vocab.vocabulary);
			const heldOutProbabilities = await predictProbabilities(chosen.model, sets.heldOut.analyzed, vocab.vocabulary);
			return {
				test: evaluate(split.test, testProbabilities, THRESHOLD),
				heldOut: split.heldOutShapes.length > 0 ? evaluate(split.heldOutShapes, heldOutProbabilities, THRESHOLD) : null
			};
		},
		(e) => {
			const years = minYearAccuracy(e.test);
			return (
				`test accuracy ${(100 * e.test.accuracy).toFixed(3)}% (n=${e.test.count})` +
				(years !== null ? `, worst year 1990-1999 ${(100 * years).toFixed(2)}%` : '') +
				(e.heldOut ? `, held-out shapes ${(100 * e.heldOut.accuracy).toFixed(2)}% (n=${e.heldOut.count})` : '')
			);
		}
	);

	const onnx = await stage(
		'export',
		() =>
			exportOnnx(chosen.model, chosen.architecture, { metadata: { architecture: describeArchitecture(chosen.architecture), dataHash } }),
		(b) => `${(b.byteLength / 1024).toFixed(1)} KiB`
	);

	// Test first (its ONNX probabilities are the reference distribution), then held-out shapes,
	// then validation and train rows until the gate has enough samples.
	const paritySets: EncodedSet[] = [sets.test, sets.heldOut, sets.validation, sets.train];
	const parityTexts: AnalyzedText[] = [];
	const wanted = Math.max(config.paritySamples, sets.test.analyzed.length + sets.heldOut.analyzed.length);
	for (const set of paritySets) {
		const room = wanted - parityTexts.length;
		if (room <= 0) break;
		parityTexts.push(...set.analyzed.slice(0, room));
	}
	const parity: ParityReport = await stage(
		'parity',
		() => {
			const { batches, order } = parityBatches(parityTexts, vocab.vocabulary);
			return checkParity(chosen.model, onnx, batches, {
				threshold: THRESHOLD,
				minSamples: Math.min(config.paritySamples, parityTexts.length)
			}).then((report) => {
				// Back to input order.
				const inOrder = new Float32Array(order.length);
				order.forEach((i, k) => (inOrder[i] = report.onnxProbabilities[k]));
				return { ...report, onnxProbabilities: inOrder };
			});
		},
		(p) =>
			`${p.samples} samples, max |diff| node ${p.maxAbsDiffNode.toExponential(2)}, web ${p.maxAbsDiffWeb.toExponential(2)}, ${p.labelChanges} label changes`
	);

	const testOnnx = parity.onnxProbabilities.subarray(0, sets.test.analyzed.length);
	const created = new Date();
	const trainingConfig = {
		rows: config.dataFile ? samples.length : config.rows,
		seed: config.seed,
		quick: config.quick,
		epochs: config.epochs,
		batchSize: config.batchSize,
		learningRate: config.learningRate,
		learningRateDecay: config.learningRateDecay,
		patience: config.patience,
		augmentation: config.augmentation,
		backend: backend.name,
		split: {
			train: split.train.length,
			validation: split.validation.length,
			test: split.test.length,
			heldOutShapes: split.heldOutShapes.length,
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
		chosen: describeArchitecture(chosen.architecture)
	};
	const years = minYearAccuracy(evaluation.test);
	const metrics: Manifest['metrics'] = {
		accuracy: evaluation.test.accuracy,
		f1: evaluation.test.f1,
		precision: evaluation.test.precision,
		recall: evaluation.test.recall,
		ece: evaluation.test.ece,
		testCount: evaluation.test.count,
		heldOutShapesAccuracy: evaluation.heldOut?.accuracy ?? null,
		minYearAccuracy: years,
		validation: chosen.validation,
		test: evaluation.test,
		heldOutShapes: evaluation.heldOut
	};

	const bundle: WrittenBundle = await stage(
		'bundle',
		async () => {
			const testCandidates = split.test.map((sample, i) => ({ sample, probability: testOnnx[i] }));
			const golden = pickGolden(testCandidates, 12, THRESHOLD);
			// Recompute each golden alone, exactly as the app's self-test will (one text, no batch padding).
			const runner = await openNodeRunner(onnx);
			try {
				for (const g of golden) {
					const x = featurize([g.sample.text], vocab.vocabulary);
					g.probability = (await runner.run(x.features, x.mask, 1, x.length, x.dim))[0];
				}
			} finally {
				await runner.release();
			}
			const sections: Record<string, EvaluationReport> = { test: evaluation.test };
			if (evaluation.heldOut) sections['held-out shapes'] = evaluation.heldOut;
			const report = [
				renderReport(`Model ${describeArchitecture(chosen.architecture)}`, sections),
				'',
				'## Training',
				'',
				`Data: ${config.dataFile ?? `synthetic, seed ${config.seed}, ${config.rows} rows`}; data hash ${dataHash.slice(0, 16)}. Backend: ${backend.name}.`,
				'',
				'| candidate | parameters | validation accuracy | best epoch | epochs run | stopped by | seconds |',
				'|---|---|---|---|---|---|---|',
				...trainingConfig.candidates.map(
					(c) =>
						`| ${c.architecture} | ${c.parameters} | ${(100 * c.validationAccuracy).toFixed(3)}% | ${c.bestEpoch} | ${c.epochsRun} | ${c.stopReason} | ${c.seconds} |`
				),
				'',
				`Parity (TF.js vs ONNX) on ${parity.samples} samples: max |diff| onnxruntime-node ${parity.maxAbsDiffNode.toExponential(2)}, onnxruntime-web ${parity.maxAbsDiffWeb.toExponential(2)}, ${parity.labelChanges} label changes.`,
				'',
				`Stage timings: ${stage.timings.map((t) => `${t.stage} ${formatSeconds(t.seconds)}`).join(', ')}.`
			].join('\n');
			return writeBundle({
				modelsDir: config.modelsDir,
				onnx,
				created,
				architecture: describeArchitecture(chosen.architecture),
				vocabularyFile: vocab.file,
				vocabularySha256: vocab.sha256,
				vocabularyBytes: vocab.bytes,
				threshold: THRESHOLD,
				metrics,
				referenceDistribution: referenceDistribution(testOnnx),
				golden: golden.map((g) => ({ text: g.sample.text, label: g.probability >= THRESHOLD ? 1 : 0, probability: g.probability })),
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
					reason: `npm run train (${trainingConfig.chosen}, test accuracy ${(100 * metrics.accuracy).toFixed(3)}%)`
				});
				const registry = await readRegistry({ modelsDir: config.modelsDir });
				return registry.versions.find((v) => v.version === entry.version)?.status ?? entry.status;
			},
			(s) => `${bundle.version} registered as ${s}`
		);
	}

	for (const c of candidates) c.model.dispose();
	const targetsMet = evaluation.test.accuracy >= TARGETS.accuracy && (years === null || years >= TARGETS.yearSliceAccuracy);
	if (!config.dataFile && !targetsMet) {
		warnings.push(
			`Quality targets missed: test accuracy ${(100 * evaluation.test.accuracy).toFixed(3)}% (target ${100 * TARGETS.accuracy}%), worst year ${years === null ? 'n/a' : `${(100 * years).toFixed(2)}%`} (target ${100 * TARGETS.yearSliceAccuracy}%)`
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
		warnings
	};
}
