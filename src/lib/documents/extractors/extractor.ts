/**
 * What a format's extractor does: bytes in, blocks out (headings, paragraphs, list
 * items, table rows, each with its page). One file per format in this folder; the
 * registry (index.ts) maps formats to them.
 */
import type { Block } from '../types.ts';

export interface Extraction {
	pageCount: number;
	blocks: Block[];
}

export type Extractor = (name: string, bytes: Uint8Array) => Promise<Extraction>;
