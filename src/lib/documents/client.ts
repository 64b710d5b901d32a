/** Read a document in a short-lived worker (started per document, ended when it is done). */
import * as Comlink from 'comlink';
import { isDocumentErrorLike, type SerializedDocumentError } from './errors.ts';
import type { ReadDocument } from './read-document.ts';
import type { DocumentWorkerApi } from './worker.ts';

export async function readDocumentInWorker(file: File): Promise<ReadDocument> {
	const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'documents' });
	const api = Comlink.wrap<DocumentWorkerApi>(worker);
	try {
		return await api.read(file);
	} finally {
		api[Comlink.releaseProxy]();
		worker.terminate();
	}
}

/** What the worker threw, as `{code, message}` (check `code`). */
export function asDocumentError(error: unknown): SerializedDocumentError {
	if (isDocumentErrorLike(error)) return { code: error.code, message: error.message };
	return { code: 'DOCUMENT_CORRUPT', message: (error as Error)?.message ?? String(error) };
}
