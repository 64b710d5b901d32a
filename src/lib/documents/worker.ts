/**
 * The document worker: reads a file and splits it into passages off the main thread,
 * so a large document never freezes the page. One API object; the page imports only its
 * type (client.ts). Errors cross as `{code, message}`.
 */
import * as Comlink from 'comlink';
import { checkSize } from './detect-format.ts';
import { DocumentError } from './errors.ts';
import { readDocument, type ReadDocument } from './read-document.ts';

function serialized(error: unknown): { code: string; message: string } {
	if (error instanceof DocumentError) return { code: error.code, message: error.message };
	return { code: 'DOCUMENT_CORRUPT', message: `The document could not be read: ${(error as Error)?.message ?? String(error)}` };
}

const api = {
	async read(file: File): Promise<ReadDocument> {
		try {
			// Before reading a byte: a 2 GB file must not be loaded to be refused.
			checkSize(file.name, file.size);
			return await readDocument(file.name, new Uint8Array(await file.arrayBuffer()));
		} catch (error) {
			throw serialized(error);
		}
	}
};

export type DocumentWorkerApi = typeof api;

Comlink.expose(api);
