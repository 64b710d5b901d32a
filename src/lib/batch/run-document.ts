/**
 * One document run for the batch CLI: a PDF, Word, Excel, CSV, text or Markdown file in,
 * one JSON line per passage out (`Finding`: document, page, passage, text, label,
 * probability, needsReview, reviewReasons). Extraction and segmentation are the PWA's
 * (src/lib/documents); the output appears under its name only when the run completes.
 */
import { readFile, stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { checkSize } from '../documents/detect-format.ts';
import { isNotAComponent, toFinding } from '../documents/findings.ts';
import { readDocument } from '../documents/read-document.ts';
import { RUN_BATCH } from '../inference/classifier.ts';
import type { BatchClassifier } from './classify-rows.ts';
import { BatchError } from './errors.ts';
import { openOutput } from './run-batch.ts';

export interface RunDocumentOptions {
	input: string;
	/** JSON Lines path, or "-" for stdout. */
	output: string;
	classifier: BatchClassifier;
	chunkSize?: number;
	/** Also write passages the model says are not component descriptions (default: left out). */
	allPassages?: boolean;
	onProgress?: (done: number, total: number) => void;
	signal?: AbortSignal;
}

export interface RunDocumentResult {
	pages: number;
	passages: number;
	findings: number;
	/** Passages left out as not component descriptions. */
	notComponents: number;
	labels: [number, number];
	needsReview: number;
	seconds: number;
	extractSeconds: number;
}

function unreadable(input: string, cause: unknown): BatchError {
	const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (cause as Error).message;
	return new BatchError('INPUT_UNREADABLE', `Cannot read the input ${input}: ${reason}.`, { cause });
}

/** The whole file (documents are parsed in memory), after checking its size without reading it. */
async function readInput(input: string): Promise<Uint8Array> {
	const info = await stat(input).catch((cause) => Promise.reject(unreadable(input, cause)));
	if (!info.isFile()) throw new BatchError('INPUT_UNREADABLE', `The input ${input} is not a file. Pass a document with --input.`);
	checkSize(path.basename(input), info.size);
	return new Uint8Array(await readFile(input).catch((cause) => Promise.reject(unreadable(input, cause))));
}

export async function runDocument(options: RunDocumentOptions): Promise<RunDocumentResult> {
	const started = performance.now();
	const name = path.basename(options.input);
	const { document, passages } = await readDocument(name, await readInput(options.input));
	const extractSeconds = (performance.now() - started) / 1000;
	const output = await openOutput(options.output);
	const result: RunDocumentResult = {
		pages: document.pageCount,
		passages: passages.length,
		findings: 0,
		notComponents: 0,
		labels: [0, 0],
		needsReview: 0,
		seconds: 0,
		extractSeconds
	};
	const size = options.chunkSize ?? RUN_BATCH;
	try {
		for (let from = 0; from < passages.length; from += size) {
			if (options.signal?.aborted) throw new BatchError('INTERRUPTED', 'Interrupted; no output was written.');
			const chunk = passages.slice(from, from + size);
			const verdicts = await options.classifier.classify(chunk.map((p) => p.text));
			let text = '';
			chunk.forEach((passage, i) => {
				const verdict = verdicts[i];
				if (isNotAComponent(verdict) && !options.allPassages) {
					result.notComponents++;
					return;
				}
				result.findings++;
				result.labels[verdict.label]++;
				if (verdict.needsReview) result.needsReview++;
				text += JSON.stringify(toFinding(name, passage, verdict)) + '\n';
			});
			if (!output.stream.write(text)) await once(output.stream, 'drain');
			options.onProgress?.(from + chunk.length, passages.length);
		}
		await output.commit();
	} catch (err) {
		await output.discard();
		throw err;
	}
	result.seconds = (performance.now() - started) / 1000;
	return result;
}
