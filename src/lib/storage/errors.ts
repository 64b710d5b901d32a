/** Storage failures the UI must explain to the technician. */
import { CodedError } from '../errors.ts';

export type StorageErrorCode = 'STORAGE_FULL' | 'STORAGE_UNAVAILABLE' | 'STORAGE_BLOCKED';

export class StorageError extends CodedError<StorageErrorCode> {}

/** QuotaExceededError comes as a DOMException (name) or, in old engines, code 22. */
export function isQuotaError(error: unknown): boolean {
	const e = error as { name?: string; code?: number; inner?: unknown } | null;
	return !!e && (e.name === 'QuotaExceededError' || e.code === 22 || e.name === 'NS_ERROR_DOM_QUOTA_REACHED');
}

/** Runs a write; a full disk becomes a StorageError the UI can show (other errors pass through). */
export async function guardQuota<T>(what: string, write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (error) {
		if (isQuotaError(error) || isQuotaError((error as { cause?: unknown })?.cause)) {
			throw new StorageError(
				'STORAGE_FULL',
				`The device storage is full, so ${what} was not saved. Nothing already saved was lost: free space (delete old model versions or other site data), then try again.`,
				{ cause: error }
			);
		}
		throw error;
	}
}
