/**
 * Why a document cannot be scanned. Messages say what to do; callers check `code`
 * (the error crosses the document worker boundary as `{code, message}`).
 */
import { CodedError } from '../errors.ts';

export type DocumentErrorCode =
	| 'DOCUMENT_TOO_LARGE'
	| 'DOCUMENT_EMPTY'
	| 'UNSUPPORTED_FORMAT'
	| 'FORMAT_NOT_AVAILABLE'
	| 'FORMAT_MISMATCH'
	| 'DOCUMENT_CORRUPT'
	| 'DOCUMENT_ENCRYPTED'
	| 'NO_TEXT';

export class DocumentError extends CodedError<DocumentErrorCode> {}

export interface SerializedDocumentError {
	code: DocumentErrorCode;
	message: string;
}

export function isDocumentErrorLike(value: unknown): value is SerializedDocumentError {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { code?: unknown }).code === 'string' &&
		typeof (value as { message?: unknown }).message === 'string'
	);
}
