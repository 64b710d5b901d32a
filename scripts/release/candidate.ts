/**
 * The candidate: trained now by the training pipeline (as a library, not registered:
 * the release registers it with its decision) or a version already in the registry.
 */
import type { Manifest } from '#lib/bundle/manifest.ts';
import type { RegistryEntry } from '#lib/bundle/registry.ts';
import { getVersion } from '#lib/registry/registry.ts';
import { readManifest } from '#lib/registry/resolve.ts';
import { makeConfig } from '../../training/src/pipeline/config.ts';
import { runTraining } from '../../training/src/pipeline/train-pipeline.ts';
import { silentProgress } from '../../training/src/model/progress.ts';
import { openWarmStart } from '../../training/src/pipeline/warm-start.ts';
import { DEFAULT_REGULATION_ID } from '../../training/src/data/regulation.ts';

export interface Candidate {
	version: string;
	manifest: Manifest;
	/** Null when trained now (not registered yet). */
	entry: RegistryEntry | null;
	warnings: string[];
	/** The version this candidate was fine-tuned from (warm start), if any. */
	fineTunedFrom?: string | null;
}

export interface TrainCandidateOptions {
	modelsDir: string;
	quick: boolean;
	seed?: number;
	rows?: number;
	epochs?: number;
	/** Training wall-clock budget in seconds (default 720; quick 30). */
	budgetSeconds?: number;
	dataFile?: string;
	/** Regulation id (training/regulations/<id>.json); default cutoff-1995. */
	regulation?: string;
	/** Field labels (release --feedback): field-train rows are trained on. */
	feedbackFile?: string;
	/**
	 * Fine-tune the champion (warm start) when its featurizer, architecture and regulation fit
	 * this run; otherwise train from scratch and say why. Default false (release --feedback: true).
	 */
	warmStart?: boolean;
	log: (line: string) => void;
}

/** "champion" when the champion can be fine-tuned for this run, else null (the reason is logged). */
async function warmStartFrom(options: TrainCandidateOptions, regulation: string): Promise<string | null> {
	if (!options.warmStart) return null;
	try {
		const warm = await openWarmStart(options.modelsDir, 'champion', options.dataFile ? null : regulation);
		options.log(`    │ warm start: fine-tuning the champion ${warm.version}`);
		return 'champion';
	} catch (error) {
		options.log(`    │ warm start not possible, training from scratch: ${(error as Error).message}`);
		return null;
	}
}

export async function trainCandidate(options: TrainCandidateOptions): Promise<Candidate> {
	const regulation = options.regulation ?? DEFAULT_REGULATION_ID;
	const config = makeConfig({
		init: await warmStartFrom(options, regulation),
		quick: options.quick,
		seed: options.seed,
		rows: options.rows,
		epochs: options.epochs,
		trainBudgetSeconds: options.budgetSeconds,
		dataFile: options.dataFile ?? null,
		regulation: options.regulation,
		feedbackFile: options.feedbackFile ?? null,
		modelsDir: options.modelsDir,
		register: false
	});
	const result = await runTraining(config, (line) => options.log(`    │ ${line}`), silentProgress);
	return {
		version: result.version,
		manifest: result.manifest,
		entry: null,
		warnings: result.warnings,
		fineTunedFrom: result.fineTunedFrom
	};
}

export async function registeredCandidate(modelsDir: string, version: string): Promise<Candidate> {
	const entry = await getVersion(version, { modelsDir });
	if (!entry) throw new Error(`--candidate ${version} is not in ${modelsDir}/registry.json; list versions with "npm run models -- list".`);
	if (entry.status === 'champion') throw new Error(`--candidate ${version} is already the champion; nothing to release.`);
	if (entry.status === 'rejected') throw new Error(`--candidate ${version} was rejected earlier; train a new candidate.`);
	return { version, manifest: await readManifest(modelsDir, version), entry, warnings: [] };
}

/** The registry entry of a freshly trained bundle (headline metrics as training writes them). */
export function entryFromManifest(manifest: Manifest, extraMetrics: Record<string, unknown>): Omit<RegistryEntry, 'status'> {
	const keep = ['accuracy', 'f1', 'precision', 'recall', 'ece', 'heldOutShapesAccuracy', 'minYearAccuracy', 'testCount'];
	const metrics = Object.fromEntries(Object.entries(manifest.metrics).filter(([k]) => keep.includes(k))) as RegistryEntry['metrics'];
	return {
		version: manifest.version,
		created: manifest.created,
		manifest: `${manifest.version}/manifest.json`,
		metrics: { ...metrics, ...extraMetrics },
		modelBytes: manifest.files.model.bytes,
		vocabulary: manifest.files.vocabulary.path
	};
}
