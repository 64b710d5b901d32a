/**
 * How a release changes an inventory: the candidate and the champion classify the same
 * reference inventory (by default the descriptions of models/eval/realistic.csv, written
 * the way technicians write them), and the release report shows how many rows change
 * verdict, both ways. Pure counting here; the stage is in reference-stage.ts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Label } from '#lib/inference/types.ts';
import { REPO_ROOT } from './deploy.ts';
import { openClassifier } from './evaluate.ts';

export const REFERENCE_INVENTORY_FILE = path.join(REPO_ROOT, 'models/eval/realistic.csv');

export interface VerdictChanges {
	file: string;
	rows: number;
	/** Compliant under the champion, non-compliant under the candidate. */
	toNonCompliant: number;
	toCompliant: number;
	/** A few rows of each kind, for the log. */
	examples: { text: string; from: Label; to: Label }[];
}

/** Counts the rows whose labels differ, both ways (pure). */
export function countVerdictChanges(
	texts: readonly string[],
	before: readonly Label[],
	after: readonly Label[],
	file = ''
): VerdictChanges {
	const out: VerdictChanges = { file, rows: texts.length, toNonCompliant: 0, toCompliant: 0, examples: [] };
	const shown = { 0: 0, 1: 0 };
	texts.forEach((text, i) => {
		if (before[i] === after[i]) return;
		if (after[i] === 1) out.toNonCompliant++;
		else out.toCompliant++;
		if (shown[after[i]]++ < 3) out.examples.push({ text, from: before[i], to: after[i] });
	});
	return out;
}

/** The `text` column of a CSV file (a header line with `text`; other columns are ignored). */
export async function readInventoryTexts(file: string): Promise<string[]> {
	const rows = parse(await readFile(file, 'utf8'), { columns: true, skip_empty_lines: true }) as { text?: string }[];
	if (rows.length > 0 && rows[0].text === undefined)
		throw new Error(`${file} has no "text" column: give a CSV with a header line naming "text".`);
	return rows.map((r) => r.text ?? '').filter((t) => t.trim().length > 0);
}

async function labels(modelsDir: string, version: string, texts: readonly string[]): Promise<Label[]> {
	const classifier = await openClassifier(modelsDir, version);
	const out: Label[] = [];
	for (let i = 0; i < texts.length; i += 256) for (const v of await classifier.classify(texts.slice(i, i + 256))) out.push(v.label);
	return out;
}

export async function compareOnReferenceInventory(
	modelsDir: string,
	champion: string,
	candidate: string,
	file = REFERENCE_INVENTORY_FILE
): Promise<VerdictChanges> {
	const texts = (await readInventoryTexts(file)).filter((t) => t.length <= 2000);
	return countVerdictChanges(
		texts,
		await labels(modelsDir, champion, texts),
		await labels(modelsDir, candidate, texts),
		path.relative(REPO_ROOT, file)
	);
}
