import { describe, expect, it } from 'vitest';
import { guardQuota, StorageError } from './errors.ts';

describe('full storage', () => {
	it('turns QuotaExceededError into a STORAGE_FULL error that says what was not saved and what to do', async () => {
		const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		const failure = guardQuota('"Steel bracket"', () => Promise.reject(quota));
		await expect(failure).rejects.toBeInstanceOf(StorageError);
		await expect(failure).rejects.toMatchObject({
			code: 'STORAGE_FULL',
			message: expect.stringMatching(/"Steel bracket" was not saved.*free space/i)
		});
	});

	it('recognises a quota error wrapped by a transaction abort', async () => {
		const aborted = Object.assign(new Error('Transaction aborted'), { cause: new DOMException('full', 'QuotaExceededError') });
		await expect(guardQuota('x', () => Promise.reject(aborted))).rejects.toMatchObject({ code: 'STORAGE_FULL' });
	});

	it('passes other browser errors through unchanged', async () => {
		const other = new DOMException('nope', 'InvalidStateError');
		await expect(guardQuota('x', () => Promise.reject(other))).rejects.toBe(other);
	});
});
