/**
 * Plain data of a scanned document, shared by the extractors (one per format), the
 * segmenter, the batch CLI and the browser's document worker. Only plain data: it
 * crosses the worker boundary by structured clone.
 */

export const DOCUMENT_FORMATS = ['pdf', 'docx', 'xlsx', 'csv', 'txt', 'md'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export type BlockKind = 'heading' | 'paragraph' | 'list-item' | 'table-row';

/** One structural piece of a page, in reading order. */
export interface Block {
	kind: BlockKind;
	/** 1-based page (sheet for a workbook; form feeds split pages of a text file). */
	page: number;
	/** The text as shown (a table row: its cells joined by " | "). */
	text: string;
	/** A table row's cells, and the table's column headers when it has a header row. */
	cells?: string[];
	headers?: string[];
}

export interface ExtractedDocument {
	name: string;
	format: DocumentFormat;
	pageCount: number;
	blocks: Block[];
}

export type PassageKind = 'table-row' | 'list-item' | 'sentence';

/** A piece of text the model classifies: a table row, a list item or a sentence. */
export interface Passage {
	/** 1-based number in the document, in reading order. */
	passage: number;
	page: number;
	kind: PassageKind;
	/** What the model reads (a table row: "Header: value; ..."). */
	text: string;
	/** Index of its block in `ExtractedDocument.blocks`, and where it sits in the block's text. */
	block: number;
	start: number;
	end: number;
}

/** One classified passage: the CLI's output line and the PWA's finding. */
export interface Finding {
	document: string;
	page: number;
	passage: number;
	text: string;
	label: 0 | 1;
	/** P(non-compliant). */
	probability: number;
	needsReview: boolean;
	reviewReasons: string[];
}
