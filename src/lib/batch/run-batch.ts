/**
 * One batch run: CSV file in, JSON Lines out, in constant memory.
 *
 * The output is written to `<output>.partial` and renamed when the run completes, so
 * a file with the final name is always complete; a failed run removes the partial file.
 */
import { open, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import { BatchStats, classifyRows, type BatchClassifier } from './classify-rows.ts';
import { BatchError } from './errors.ts';
import type { Progress } from './progress.ts';
import { readRows } from './read-rows.ts';

export interface RunBatchOptions {
	/** CSV path, or "-" for stdin. */
	input: string;
	/** JSON Lines path, or "-" for stdout. */
	output: string;
	classifier: BatchClassifier;
	/** Rows per chunk (one ONNX batch each). */
	chunkSize?: number;
	progress?: (totalBytes: number | undefined) => Progress;
	/** Stops the run (Ctrl+C): the partial output is removed and the run rejects with INTERRUPTED. */
	signal?: AbortSignal;
}

export interface RunBatchResult {
	stats: BatchStats;
	seconds: number;
}

async function openInput(input: string): Promise<{ stream: Readable; size: number | undefined; bytesRead: () => number }> {
	if (input === '-') return { stream: process.stdin, size: undefined, bytesRead: () => 0 };
	try {
		const info = await stat(input);
		if (!info.isFile()) throw new BatchError('INPUT_UNREADABLE', `The input ${input} is not a file. Pass a CSV file with --input.`);
		const handle = await open(input, 'r');
		const stream = handle.createReadStream();
		return { stream, size: info.size, bytesRead: () => stream.bytesRead };
	} catch (cause) {
		if (cause instanceof BatchError) throw cause;
		const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (cause as Error).message;
		throw new BatchError('INPUT_UNREADABLE', `Cannot read the input ${input}: ${reason}.`, { cause });
	}
}

/** The output stream; `commit` renames the partial file to its final name, `discard` removes it. */
export async function openOutput(output: string): Promise<{ stream: Writable; commit: () => Promise<void>; discard: () => Promise<void> }> {
	if (output === '-') return { stream: process.stdout, commit: async () => {}, discard: async () => {} };
	const partial = `${output}.partial`;
	try {
		const handle = await open(partial, 'w');
		const stream = handle.createWriteStream();
		return {
			stream,
			commit: async () => {
				stream.end();
				await finished(stream);
				await rename(partial, output);
			},
			discard: async () => {
				stream.destroy();
				await rm(partial, { force: true });
			}
		};
	} catch (cause) {
		throw new BatchError(
			'OUTPUT_UNWRITABLE',
			`Cannot write the output ${output}: ${(cause as Error).message}. Check that its folder exists and is writable.`,
			{ cause }
		);
	}
}

export async function runBatch(options: RunBatchOptions): Promise<RunBatchResult> {
	const started = performance.now();
	const input = await openInput(options.input);
	const output = await openOutput(options.output);
	const progress = options.progress?.(input.size);
	const stats = new BatchStats();
	const interrupt = () => input.stream.destroy(new BatchError('INTERRUPTED', 'Interrupted; no output was written.'));
	options.signal?.addEventListener('abort', interrupt, { once: true });
	try {
		for await (const lines of classifyRows(readRows(input.stream), options.classifier, { chunkSize: options.chunkSize })) {
			stats.add(lines);
			let text = '';
			for (const line of lines) text += JSON.stringify(line) + '\n';
			// Backpressure: wait for the file to drain before producing more rows.
			if (!output.stream.write(text)) await once(output.stream, 'drain');
			progress?.update(stats.rows, input.bytesRead());
		}
		await output.commit();
	} catch (err) {
		await output.discard();
		input.stream.destroy();
		throw err;
	} finally {
		options.signal?.removeEventListener('abort', interrupt);
		progress?.stop();
	}
	return { stats, seconds: (performance.now() - started) / 1000 };
}
