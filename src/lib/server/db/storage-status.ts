/**
 * Degraded storage: recognises the errors a full disk or a read-only database gives
 * (SQLite and PostgreSQL), remembers the last one for /api/health, and names the real
 * cause in the log. Reads keep working; a write that fails this way answers 503.
 */
import { CodedError } from '../../errors.ts';

export type StorageFailureCode =
	'SQLITE_FULL' | 'SQLITE_READONLY' | 'SQLITE_IOERR' | 'PG_READ_ONLY' | 'PG_DISK_FULL' | 'PG_OUT_OF_RESOURCES';

export interface StorageFailure {
	code: StorageFailureCode;
	/** Plain words for the API answer and the health report. */
	reason: string;
	at: number;
}

const REASONS: Record<StorageFailureCode, string> = {
	SQLITE_FULL: 'the disk holding the database is full',
	SQLITE_READONLY: 'the database is read-only',
	SQLITE_IOERR: 'the database file cannot be written (I/O error)',
	PG_READ_ONLY: 'the database is read-only (read-only transaction or standby)',
	PG_DISK_FULL: 'the database server disk is full',
	PG_OUT_OF_RESOURCES: 'the database server is out of resources'
};

// PostgreSQL SQLSTATEs: 25006 read_only_sql_transaction, 53100 disk_full, 53xxx insufficient resources.
function pgCode(sqlstate: string): StorageFailureCode | null {
	if (sqlstate === '25006') return 'PG_READ_ONLY';
	if (sqlstate === '53100') return 'PG_DISK_FULL';
	if (sqlstate.startsWith('53')) return 'PG_OUT_OF_RESOURCES';
	return null;
}

/** The storage failure behind `error` (also through `cause`), or null for any other error. */
export function storageFailureOf(error: unknown, now = Date.now()): StorageFailure | null {
	for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code !== 'string') continue;
		let found: StorageFailureCode | null = null;
		if (code === 'SQLITE_FULL' || code === 'SQLITE_READONLY') found = code;
		else if (code.startsWith('SQLITE_READONLY')) found = 'SQLITE_READONLY';
		else if (code.startsWith('SQLITE_IOERR')) found = 'SQLITE_IOERR';
		else if (/^[0-9A-Z]{5}$/.test(code)) found = pgCode(code);
		if (found) return { code: found, reason: REASONS[found], at: now };
	}
	return null;
}

/** Thrown where a write is refused because storage is degraded; hooks turn it into 503. */
export class StorageUnavailableError extends CodedError<'STORAGE_UNAVAILABLE'> {
	readonly failure: StorageFailure;
	constructor(failure: StorageFailure, options?: ErrorOptions) {
		super('STORAGE_UNAVAILABLE', `Cannot save right now: ${failure.reason} (${failure.code}). Reading still works; retry later.`, options);
		this.failure = failure;
	}
}

/** How long a write failure keeps /api/health at "degraded" when no probe can tell. */
export const DEGRADED_FOR_MS = 5 * 60_000;

let last: StorageFailure | null = null;

/** Records a storage failure (returns it), logging the real cause once per code and minute. */
export function noteStorageFailure(error: unknown, context: string): StorageFailure | null {
	const failure = storageFailureOf(error);
	if (!failure) return null;
	if (!last || last.code !== failure.code || failure.at - last.at > 60_000) {
		console.error(`storage: ${context}: ${failure.code}: ${failure.reason} (${(error as Error).message})`);
	}
	last = failure;
	return failure;
}

/** The last storage failure if it is recent, else null. */
export function recentStorageFailure(now = Date.now()): StorageFailure | null {
	return last && now - last.at < DEGRADED_FOR_MS ? last : null;
}

/** Forgets the last failure (a successful write proves storage works again; tests). */
export function clearStorageFailure(): void {
	last = null;
}

/**
 * Runs a bookkeeping write (last-used times, session activity, security log) that must
 * never fail the request it belongs to: a storage failure is logged and recorded, any
 * other error is logged.
 */
export async function bestEffortWrite(context: string, write: () => Promise<unknown>): Promise<void> {
	try {
		await write();
	} catch (e) {
		if (!noteStorageFailure(e, context)) console.error(`${context} failed:`, e);
	}
}
