/**
 * Labelled data: a CSV file with a header that has `text` and `label` columns. `label` is
 * 0 (compliant), 1 (non-compliant) or `review` (the text does not say enough to decide:
 * the model learns to ask for a person). Optional fact columns `year`, `material`,
 * `condition` and a `phenomenon` column feed evaluation slices (hand-written sets);
 * other columns are ignored. Quoted fields, embedded newlines and a UTF-8 BOM
 * work (csv-parse). A bad row stops the load with its line number, so a customer can
 * fix the file instead of training on half of it.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import type { Sample, SampleMeta } from './generator.ts';
import { CodedError } from '../../../src/lib/errors.ts';

/** Label values a CSV may use for "cannot be decided from the text". */
export const REVIEW_LABELS: readonly string[] = ['review', 'needs review', '?'];

function metaOf(record: Record<string, string>): SampleMeta | undefined {
	if (!('year' in record || 'material' in record || 'condition' in record || 'phenomenon' in record)) return undefined;
	const text = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());
	const year = text(record.year);
	const meta: SampleMeta = {
		year: year === null ? null : Number(year),
		material: text(record.material),
		condition: text(record.condition),
		shape: 'hand-written'
	};
	const phenomenon = text(record.phenomenon);
	if (phenomenon !== null) meta.phenomenon = phenomenon;
	return meta;
}

export class DatasetError extends CodedError<'DATASET_INVALID'> {
	constructor(message: string) {
		super('DATASET_INVALID', message);
	}
}

export async function loadLabelledCsv(file: string): Promise<Sample[]> {
	const header = (names: string[]) => {
		const columns = names.map((h) => h.trim().toLowerCase());
		const missing = ['text', 'label'].filter((c) => !columns.includes(c));
		if (missing.length > 0) {
			throw new DatasetError(
				`${file}: the header has no ${missing.map((c) => `"${c}"`).join(' or ')} column (found: ${columns.join(', ') || 'none'}). Add a header row with "text" and "label" columns.`
			);
		}
		return columns;
	};
	const input = createReadStream(file);
	const parser = input.pipe(parse({ bom: true, columns: header, info: true, skip_empty_lines: true }));
	// pipe() does not forward a read error (a missing file) to the parser.
	input.on('error', (error) => parser.destroy(error));
	const samples: Sample[] = [];
	try {
		for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
			const label = (record.label ?? '').trim().toLowerCase();
			const review = REVIEW_LABELS.includes(label);
			if (label !== '0' && label !== '1' && !review) {
				throw new DatasetError(
					`${file}: line ${info.lines}: label is ${JSON.stringify(record.label)}; it must be 0 (compliant), 1 (non-compliant) or "review" (cannot be decided from the text)`
				);
			}
			const text = record.text ?? '';
			if (text.trim() === '') throw new DatasetError(`${file}: line ${info.lines}: the text is empty`);
			const sample: Sample = { text, label: review ? null : label === '1' ? 1 : 0 };
			const meta = metaOf(record);
			if (meta) sample.meta = meta;
			samples.push(sample);
		}
	} catch (error) {
		if (error instanceof DatasetError) throw error;
		if (error instanceof CsvError)
			throw new DatasetError(`${file}: line ${(error as CsvError & { lines?: number }).lines ?? '?'}: ${error.message}`);
		if ((error as NodeJS.ErrnoException).code === 'ENOENT')
			throw new DatasetError(`${file}: no such file. Pass the path of a CSV file with "text" and "label" columns.`);
		throw error;
	}
	if (samples.length === 0)
		throw new DatasetError(`${file}: no data rows. The file needs a header with "text" and "label" and at least one row.`);
	return samples;
}

/** sha256 (hex) of the texts and labels in order, recorded as the data lineage of a model. */
export function datasetHash(samples: readonly Sample[]): string {
	const hash = createHash('sha256');
	for (const s of samples) hash.update(`${JSON.stringify(s.text)}\t${s.label}\n`);
	return hash.digest('hex');
}
