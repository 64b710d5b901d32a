/**
 * The data stage of `npm run train`: generated (or customer) rows, the hand-written
 * supplement, exclusion of every evaluation text, and the split.
 *
 * Hand-written supplement (training/data/hand-written/*.csv, synthetic mode only: it is
 * labelled by our regulation): split once by a hash of its skeleton into a training part
 * (weighted, see config.handWrittenWeight) and a held-out part that selects the model,
 * fits the temperature and chooses the review thresholds: text from outside the generator.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { generate, type Sample } from '../data/generator.ts';
import { loadLabelledCsv } from '../data/load-csv.ts';
import { DEFAULT_REGULATION_ID, loadRegulation, relabel, type Regulation } from '../data/regulation.ts';
import { hashFraction, skeletonOf, splitDataset, type Split } from '../data/split.ts';
import { evaluationExclusions, isExcluded } from '../eval/eval-sets.ts';
import type { TrainConfig } from './config.ts';
import { loadFeedback, notFieldEval, sameRegulation, type FieldData } from '../data/feedback.ts';
import { readManifest } from '../../../src/lib/registry/resolve.ts';

/** The regulation a registered model version was trained for (null: not in this models folder). */
export const regulationOfVersion = (modelsDir: string) => (version: string) =>
	readManifest(modelsDir, version).then(
		(m) => m.regulation?.id ?? DEFAULT_REGULATION_ID,
		() => null
	);

/** Field labels of this regulation only (data/feedback.ts sameRegulation: they cannot be relabelled). */
export async function fieldLabels(
	file: string,
	weight: number,
	modelsDir: string,
	regulation: string,
	log: (line: string) => void
): Promise<FieldData> {
	const field = await sameRegulation(file, await loadFeedback(file, weight), regulationOfVersion(modelsDir), regulation);
	if (field.dropped > 0)
		log(`  field labels: dropped ${field.dropped} judged under another regulation than ${regulation} (they cannot be relabelled)`);
	return field;
}

export interface TrainingData {
	split: Split;
	/** Hand-written rows for training (already inside split.train, weighted). */
	handWrittenTrain: number;
	/** Hand-written held-out rows: model selection, calibration, review thresholds. */
	handWrittenHoldout: Sample[];
	/** Rows dropped because an evaluation set holds the same text or skeleton. */
	excluded: number;
	/** Every training row in order (for the data hash). */
	all: Sample[];
	/** The regulation the rows are labelled by (synthetic mode). */
	regulation: Regulation;
	/** Field labels (--feedback): training rows used (weighted) and field-eval rows kept out. */
	field: { train: number; evaluation: number } | null;
}

/** Share of the hand-written supplement held out for selection and calibration. */
export const HOLDOUT_SHARE = 0.25;

export async function loadHandWritten(dir: string): Promise<Sample[]> {
	const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.csv')).sort();
	const rows: Sample[] = [];
	for (const f of files) rows.push(...(await loadLabelledCsv(path.join(dir, f))));
	return rows;
}

export async function prepareData(config: TrainConfig, log: (line: string) => void): Promise<TrainingData> {
	const regulation = loadRegulation(config.regulation);
	const base = config.dataFile ? await loadLabelledCsv(config.dataFile) : generate({ count: config.rows, seed: config.seed, regulation });
	// Hand-written rows carry their facts as columns: labelled here by the regulation in force.
	const handWritten = config.dataFile || !config.handWrittenDir ? [] : relabel(await loadHandWritten(config.handWrittenDir), regulation);
	const keys = await evaluationExclusions();
	const keep = (s: Sample) => !isExcluded(s.text, keys);
	const kept = base.filter(keep);
	const handKept = handWritten.filter(keep);
	const excluded = base.length - kept.length + handWritten.length - handKept.length;
	if (excluded > 0) log(`  excluded ${excluded} rows whose text (or text up to numbers) is in an evaluation set`);
	const holdout: Sample[] = [];
	const handTrain: Sample[] = [];
	for (const s of handKept) {
		if (hashFraction(skeletonOf(s.text), 7) < HOLDOUT_SHARE) holdout.push(s);
		else handTrain.push({ ...s, weight: config.handWrittenWeight });
	}
	// Field labels (--feedback): field-train rows weighted into training; no row with a field-eval text is trained on.
	const field = config.feedbackFile
		? await fieldLabels(config.feedbackFile, config.feedbackWeight, config.modelsDir, regulation.id, log)
		: null;
	const notEval = field ? notFieldEval(field.evaluation) : () => true;
	const fieldTrain = field ? field.train.filter(keep) : [];
	if (field)
		log(
			`  field labels: ${fieldTrain.length} for training (weight ${config.feedbackWeight}), ${field.evaluation.length} field-eval (never trained on)`
		);
	const split = splitDataset(kept.filter(notEval), { seed: config.seed });
	split.train.push(...handTrain.filter(notEval), ...fieldTrain);
	return {
		split,
		handWrittenTrain: handTrain.length,
		handWrittenHoldout: holdout,
		excluded,
		all: [...kept, ...handKept, ...fieldTrain],
		regulation,
		field: field ? { train: fieldTrain.length, evaluation: field.evaluation.length } : null
	};
}
