/**
 * A document file to its passages: check the format, extract blocks, segment. The same
 * function runs in the batch CLI (Node) and in the browser's document worker.
 */
import { detectFormat } from './detect-format.ts';
import { DocumentError } from './errors.ts';
import { extractorFor } from './extractors/index.ts';
import { segment } from './segment.ts';
import type { ExtractedDocument, Passage } from './types.ts';

export interface ReadDocument {
	document: ExtractedDocument;
	passages: Passage[];
}

export async function readDocument(name: string, bytes: Uint8Array): Promise<ReadDocument> {
	const format = detectFormat(name, bytes);
	const { pageCount, blocks } = await extractorFor(name, format)(name, bytes);
	if (blocks.length === 0) throw new DocumentError('NO_TEXT', `"${name}" holds no text to scan.`);
	return { document: { name, format, pageCount, blocks }, passages: segment(blocks) };
}
