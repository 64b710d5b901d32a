/**
 * Field labels (`npm run feedback -- export`: text,label,source,reviewed_at,model_version)
 * as training rows. Each text's part is recomputed from its normalized text with the same
 * frozen rule the export uses (src/lib/feedback/field-split.ts), so an edited or stale
 * `source` column can never move a field-eval text into training.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { fieldPart, normalizeFieldText } from '../../../src/lib/feedback/field-split.ts';
import type { Sample } from './generator.ts';
import { DatasetError, loadLabelledCsv } from './load-csv.ts';

/**
 * Weight of a field-train row against a generated one (default 8). The argument, in the
 * absence of field data for a sweep: a field row is a verdict the model got wrong (or was
 * unsure of) on the text it actually serves, checked by two people (the technician and an
 * analyst), where a hand-written row is one writer's guess at such text (weight 4, chosen
 * by a sweep on held-out hand-written text). Field rows are few (tens to hundreds against
 * ~50k generated rows), so even at 8 they carry a few percent of the loss: enough that a
 * corrected phrasing is learned, too little for a handful of voices to reshape the model.
 * `--feedback-weight` overrides it; the gate's field-eval slice judges the result.
 */
export const DEFAULT_FEEDBACK_WEIGHT = 8;

export interface FieldData {
	/** Field-train rows, weighted. */
	train: Sample[];
	/** Field-eval rows: never trained on (and every other training row with the same normalized text is dropped). */
	evaluation: Sample[];
}

export async function loadFeedback(file: string, weight: number): Promise<FieldData> {
	const rows = await loadLabelledCsv(file);
	const train: Sample[] = [];
	const evaluation: Sample[] = [];
	for (const row of rows) {
		if (row.label === null) throw new DatasetError(`${file}: field labels are 0 or 1; "${row.text.slice(0, 60)}" has "review"`);
		if (fieldPart(row.text) === 'field-eval') evaluation.push(row);
		else train.push({ ...row, weight });
	}
	return { train, evaluation };
}

/** A filter that drops rows whose normalized text is a field-eval text. */
export function notFieldEval(evaluation: readonly Sample[]): (s: Sample) => boolean {
	const texts = new Set(evaluation.map((s) => normalizeFieldText(s.text)));
	return (s) => !texts.has(normalizeFieldText(s.text));
}

/**
 * Field labels keep the regulation they were judged under. A field row has no fact columns
 * (year, material, condition), so unlike the hand-written rows it cannot be relabelled for
 * another rule: a reviewer's "non-compliant" under cutoff-1995 says nothing about
 * cutoff-2000-fair. A row counts as judged under the regulation of the model version whose
 * verdict was reviewed (its manifest; bundles without one: the default regulation). Rows of
 * another regulation are dropped, from training and from the field evaluation alike; rows
 * whose model version is not in the models folder are kept (their regulation is unknown,
 * and it is the one in force unless the rule changed since).
 */
export async function sameRegulation(
	file: string,
	field: FieldData,
	regulationOfVersion: (version: string) => Promise<string | null>,
	regulation: string
): Promise<FieldData & { dropped: number }> {
	const records = parse(await readFile(file, 'utf8'), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
	const versionOf = new Map(records.map((r) => [normalizeFieldText(r.text ?? ''), r.model_version ?? '']));
	const cache = new Map<string, Promise<string | null>>();
	const keep = async (s: Sample) => {
		const version = versionOf.get(normalizeFieldText(s.text)) ?? '';
		if (!version) return true;
		if (!cache.has(version))
			cache.set(
				version,
				regulationOfVersion(version).catch(() => null)
			);
		const own = await cache.get(version)!;
		return own === null || own === regulation;
	};
	const filter = async (rows: Sample[]) => {
		const flags = await Promise.all(rows.map(keep));
		return rows.filter((_, i) => flags[i]);
	};
	const train = await filter(field.train);
	const evaluation = await filter(field.evaluation);
	return { train, evaluation, dropped: field.train.length + field.evaluation.length - train.length - evaluation.length };
}
