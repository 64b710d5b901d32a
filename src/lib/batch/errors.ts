/**
 * Batch errors. A `BatchError` stops the whole run (the input cannot be read as a
 * table of descriptions); a bad row never does: it becomes a `RowError` in the output.
 */
import { CodedError } from '../errors.ts';

export type BatchErrorCode =
	'INPUT_UNREADABLE' | 'MISSING_TEXT_COLUMN' | 'DUPLICATE_COLUMN' | 'MALFORMED_CSV' | 'OUTPUT_UNWRITABLE' | 'INTERRUPTED';

export class BatchError extends CodedError<BatchErrorCode> {}

/** Per-row problems: the featurizer's checks plus a row the CSV parser could not read. */
export type RowErrorCode = 'EMPTY_TEXT' | 'TEXT_TOO_LONG' | 'MALFORMED_ROW';

export interface RowError {
	code: RowErrorCode;
	message: string;
}
