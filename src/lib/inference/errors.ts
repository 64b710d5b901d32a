/**
 * Inference errors. Each has a stable `code`: after crossing the worker boundary (or
 * an HTTP response) check `code`, not `instanceof`. Messages are written for the
 * technician or the operator who has to act on them.
 */
import { CodedError } from '../errors.ts';

export type InferenceErrorCode =
	| 'EMPTY_TEXT'
	| 'TEXT_TOO_LONG'
	| 'MODEL_LOAD'
	| 'BUNDLE_INTEGRITY'
	| 'BUNDLE_SIGNATURE'
	| 'SELF_TEST_FAILED'
	| 'UNSUPPORTED_BUNDLE'
	| 'STORAGE_FULL'
	| 'NETWORK'
	| 'CANCELLED'
	| 'NOT_READY';

export class InferenceError extends CodedError<InferenceErrorCode> {}

/** Plain data for crossing a worker or HTTP boundary. */
export interface SerializedInferenceError {
	code: InferenceErrorCode;
	message: string;
}

export function isInferenceErrorLike(value: unknown): value is SerializedInferenceError {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { code?: unknown }).code === 'string' &&
		typeof (value as { message?: unknown }).message === 'string'
	);
}

/** Any failure as `{ code, message }` for the worker boundary; an unknown one becomes MODEL_LOAD. */
export function toSerializedError(error: unknown): SerializedInferenceError {
	if (isInferenceErrorLike(error) && /^[A-Z_]+$/.test(error.code)) return { code: error.code, message: error.message };
	const message = (error as Error)?.message ?? String(error);
	return { code: 'MODEL_LOAD', message: `Unexpected failure in the inference worker: ${message}` };
}
