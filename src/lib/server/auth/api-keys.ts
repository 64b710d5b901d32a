/**
 * API keys for service accounts (`Authorization: Bearer <key>`). A key acts as the
 * user it belongs to, with that user's role. Stored as sha256; shown once.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { bestEffortWrite } from '../db/storage-status.ts';
import { randomSecret, sha256Hex } from './crypto.ts';
import { findUser, UserError, type AuthUser } from './users.ts';

const KEY_PREFIX = 'cck_';

export interface ApiKeySummary {
	id: string;
	username: string;
	prefix: string;
	createdAt: number;
	lastUsedAt: number | null;
	revokedAt: number | null;
}

export async function createApiKey(db: Kysely<Database>, username: string): Promise<{ id: string; key: string }> {
	const user = await findUser(db, username);
	if (!user)
		throw new UserError(
			'USER_NOT_FOUND',
			`no user "${username}"; create the service account first with "npm run user -- add ${username} --role technician"`
		);
	const key = KEY_PREFIX + randomSecret(32);
	const id = crypto.randomUUID();
	await db
		.insertInto('api_keys')
		.values({
			id,
			user_id: user.id,
			key_hash: sha256Hex(key),
			prefix: key.slice(0, KEY_PREFIX.length + 6),
			created_at: Date.now(),
			last_used_at: null,
			revoked_at: null
		})
		.execute();
	return { id, key };
}

export async function listApiKeys(db: Kysely<Database>): Promise<ApiKeySummary[]> {
	const rows = await db
		.selectFrom('api_keys')
		.innerJoin('users', 'users.id', 'api_keys.user_id')
		.select(['api_keys.id', 'users.username', 'api_keys.prefix', 'api_keys.created_at', 'api_keys.last_used_at', 'api_keys.revoked_at'])
		.orderBy('api_keys.created_at')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		username: r.username,
		prefix: r.prefix,
		createdAt: r.created_at,
		lastUsedAt: r.last_used_at,
		revokedAt: r.revoked_at
	}));
}

/** Returns false when no active key has that id. */
export async function revokeApiKey(db: Kysely<Database>, id: string): Promise<boolean> {
	const r = await db
		.updateTable('api_keys')
		.set({ revoked_at: Date.now() })
		.where('id', '=', id)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}

export async function validateApiKey(db: Kysely<Database>, key: string): Promise<AuthUser | null> {
	if (!key.startsWith(KEY_PREFIX)) return null;
	const row = await db
		.selectFrom('api_keys')
		.innerJoin('users', 'users.id', 'api_keys.user_id')
		.select(['api_keys.id as keyId', 'users.id', 'users.username', 'users.role', 'users.disabled', 'api_keys.revoked_at'])
		.where('api_keys.key_hash', '=', sha256Hex(key))
		.executeTakeFirst();
	if (!row || row.revoked_at !== null || row.disabled === 1) return null;
	// Bookkeeping: a full disk or read-only database must not refuse a valid key (harden, #14 item 5).
	await bestEffortWrite('api key last_used_at', () =>
		db.updateTable('api_keys').set({ last_used_at: Date.now() }).where('id', '=', row.keyId).execute()
	);
	return { id: row.id, username: row.username, role: row.role };
}
