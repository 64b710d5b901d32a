/** What /api/health says about storage: a probe (read-only database) and the last write failure (disk full). */
import type { DatabaseHandle } from './connect.ts';
import { noteStorageFailure, recentStorageFailure, type StorageFailure } from './storage-status.ts';

export type StorageHealth =
	{ status: 'ok'; cause: null; reason: null } | { status: 'degraded'; cause: StorageFailure['code'] | 'UNREACHABLE'; reason: string };

export async function storageHealth(handle: DatabaseHandle): Promise<StorageHealth> {
	try {
		if (handle.writable && !(await handle.writable())) {
			const code = handle.dialect === 'sqlite' ? 'SQLITE_READONLY' : 'PG_READ_ONLY';
			const failure = noteStorageFailure(
				{ code: code === 'SQLITE_READONLY' ? 'SQLITE_READONLY' : '25006', message: 'health probe: read-only' },
				'health'
			);
			if (failure) return { status: 'degraded', cause: failure.code, reason: failure.reason };
		}
	} catch (e) {
		return { status: 'degraded', cause: 'UNREACHABLE', reason: `the database does not answer (${(e as Error).message})` };
	}
	const recent = recentStorageFailure();
	return recent ? { status: 'degraded', cause: recent.code, reason: recent.reason } : { status: 'ok', cause: null, reason: null };
}
