/**
 * Turn a stream of input rows into output lines, one per row, in order, a chunk at a
 * time: only `chunkSize` rows are in memory, and a chunk is one ONNX batch.
 */
import { checkText, RUN_BATCH, type Classifier } from '../inference/classifier.ts';
import type { Label } from '../inference/types.ts';
import type { RowError } from './errors.ts';
import type { InputRow } from './read-rows.ts';

/** The batch CLI's output contract (DESIGN.md "Batch CLI"). */
export interface ResultLine {
	id: string | number;
	label: Label;
	/** P(non-compliant). */
	probability: number;
	/** A person should check this verdict (the text does not say enough, or the model is unsure). */
	needsReview: boolean;
	/** Why, in plain words ("no manufacture year found", ...); empty when it needs no review. */
	reviewReasons: string[];
	model: string;
}

/** A row that could not be classified; `row` is its 1-based position among the data rows. */
export interface ErrorLine {
	id: string | number;
	row: number;
	error: RowError;
}

export type OutputLine = ResultLine | ErrorLine;

export type BatchClassifier = Pick<Classifier, 'classify' | 'version'>;

export async function classifyChunk(rows: readonly InputRow[], classifier: BatchClassifier): Promise<OutputLine[]> {
	const out: Array<OutputLine | undefined> = new Array(rows.length);
	const texts: string[] = [];
	const at: number[] = [];
	rows.forEach((r, i) => {
		if ('error' in r) {
			out[i] = { id: r.id, row: r.row, error: r.error };
			return;
		}
		const problem = checkText(r.text);
		if (problem) out[i] = { id: r.id, row: r.row, error: { code: problem.code as RowError['code'], message: problem.message } };
		else {
			texts.push(r.text);
			at.push(i);
		}
	});
	if (texts.length > 0) {
		const verdicts = await classifier.classify(texts);
		verdicts.forEach((v, k) => {
			out[at[k]] = {
				id: rows[at[k]].id,
				label: v.label,
				probability: v.probability,
				needsReview: v.needsReview,
				reviewReasons: v.reviewReasons,
				model: v.model
			};
		});
	}
	return out as OutputLine[];
}

/**
 * Classify rows `chunkSize` at a time, one chunk in memory. (Reading ahead while a
 * chunk runs would not overlap anything: onnxruntime-node runs a session synchronously
 * on the calling thread; see node_modules/onnxruntime-node/dist/backend.js `run`.)
 */
export async function* classifyRows(
	rows: AsyncIterable<InputRow>,
	classifier: BatchClassifier,
	options: { chunkSize?: number } = {}
): AsyncGenerator<OutputLine[]> {
	const size = options.chunkSize ?? RUN_BATCH;
	let chunk: InputRow[] = [];
	for await (const row of rows) {
		chunk.push(row);
		if (chunk.length < size) continue;
		yield await classifyChunk(chunk, classifier);
		chunk = [];
	}
	if (chunk.length > 0) yield await classifyChunk(chunk, classifier);
}

export class BatchStats {
	rows = 0;
	errors = 0;
	readonly labels: [number, number] = [0, 0];
	readonly errorCodes = new Map<string, number>();

	add(lines: readonly OutputLine[]): void {
		for (const line of lines) {
			this.rows++;
			if ('error' in line) {
				this.errors++;
				this.errorCodes.set(line.error.code, (this.errorCodes.get(line.error.code) ?? 0) + 1);
			} else this.labels[line.label]++;
		}
	}
}
