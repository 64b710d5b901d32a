/**
 * Database sessions. The cookie holds a random token; the database holds only its
 * sha256, so a leaked database does not leak live sessions.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { randomSecret, sha256Hex } from './crypto.ts';
import type { AuthUser } from './users.ts';

export const SESSION_COOKIE = 'session';

export async function createSession(db: Kysely<Database>, userId: string, ttlMs: number): Promise<{ token: string; expiresAt: number }> {
	const token = randomSecret(32);
	const now = Date.now();
	const expiresAt = now + ttlMs;
	await db
		.insertInto('sessions')
		.values({ token_hash: sha256Hex(token), user_id: userId, created_at: now, expires_at: expiresAt })
		.execute();
	return { token, expiresAt };
}

/** The signed-in user for a session token, or null when it is unknown, expired or disabled. */
export async function validateSession(db: Kysely<Database>, token: string): Promise<AuthUser | null> {
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select(['users.id', 'users.username', 'users.role', 'users.disabled', 'sessions.expires_at'])
		.where('sessions.token_hash', '=', sha256Hex(token))
		.executeTakeFirst();
	if (!row || row.disabled === 1) return null;
	if (row.expires_at <= Date.now()) {
		await revokeSession(db, token);
		return null;
	}
	return { id: row.id, username: row.username, role: row.role };
}

export async function revokeSession(db: Kysely<Database>, token: string): Promise<void> {
	await db.deleteFrom('sessions').where('token_hash', '=', sha256Hex(token)).execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>): Promise<void> {
	await db.deleteFrom('sessions').where('expires_at', '<=', Date.now()).execute();
}
