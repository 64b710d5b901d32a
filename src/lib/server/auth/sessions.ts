/**
 * Database sessions. The cookie holds a random token; the database holds only its
 * sha256, so a leaked database does not leak live sessions.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { bestEffortWrite } from '../db/storage-status.ts';
import { randomSecret, sha256Hex } from './crypto.ts';
import type { AuthUser } from './users.ts';

export const SESSION_COOKIE = 'session';

export async function createSession(db: Kysely<Database>, userId: string, ttlMs: number): Promise<{ token: string; expiresAt: number }> {
	const token = randomSecret(32);
	const now = Date.now();
	const expiresAt = now + ttlMs;
	await db
		.insertInto('sessions')
		.values({ token_hash: sha256Hex(token), user_id: userId, created_at: now, expires_at: expiresAt, last_seen_at: now })
		.execute();
	return { token, expiresAt };
}

/** Activity is written at most this often per session (one write a minute, not one per request). */
export const ACTIVITY_WRITE_MS = 60_000;

/**
 * The signed-in user for a session token, or null when it is unknown, expired, idle for
 * longer than `idleMs` (default: no idle limit), or its user is disabled. Recording the
 * activity is best effort: a read-only database does not sign anyone out.
 */
export async function validateSession(
	db: Kysely<Database>,
	token: string,
	options: { idleMs?: number; now?: number } = {}
): Promise<AuthUser | null> {
	const now = options.now ?? Date.now();
	const tokenHash = sha256Hex(token);
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'users.id',
			'users.username',
			'users.role',
			'users.disabled',
			'sessions.expires_at',
			'sessions.created_at',
			'sessions.last_seen_at'
		])
		.where('sessions.token_hash', '=', tokenHash)
		.executeTakeFirst();
	if (!row || row.disabled === 1) return null;
	const lastSeen = Number(row.last_seen_at ?? row.created_at);
	const idle = options.idleMs !== undefined && now - lastSeen > options.idleMs;
	if (row.expires_at <= now || idle) {
		await bestEffortWrite('session sweep', () => revokeSession(db, token));
		return null;
	}
	if (now - lastSeen >= ACTIVITY_WRITE_MS) {
		await bestEffortWrite('session activity', () =>
			db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute()
		);
	}
	return { id: row.id, username: row.username, role: row.role };
}

export async function revokeSession(db: Kysely<Database>, token: string): Promise<void> {
	await db.deleteFrom('sessions').where('token_hash', '=', sha256Hex(token)).execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>): Promise<void> {
	await db.deleteFrom('sessions').where('expires_at', '<=', Date.now()).execute();
}

/** Ends every session of a user except the one with `keepToken` (after a password change). */
export async function revokeOtherSessions(db: Kysely<Database>, userId: string, keepToken: string | null): Promise<void> {
	let q = db.deleteFrom('sessions').where('user_id', '=', userId);
	if (keepToken) q = q.where('token_hash', '!=', sha256Hex(keepToken));
	await q.execute();
}
