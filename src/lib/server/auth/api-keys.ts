/**
 * API keys for service accounts (`Authorization: Bearer <key>`). A key acts as the
 * user it belongs to, with that user's role, but only for its scopes (classify, sync,
 * read) and only until it expires. Stored as sha256; shown once.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { bestEffortWrite } from '../db/storage-status.ts';
import { randomSecret, sha256Hex } from './crypto.ts';
import { findUser, UserError, type AuthUser } from './users.ts';

const KEY_PREFIX = 'cck_';
const DAY_MS = 86_400_000;

/** What a key may do: classify (POST /api/classify), sync (POST /api/sync), read (GET APIs). */
export const API_KEY_SCOPES = ['classify', 'sync', 'read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
/** Longest a key may live; keys that never expire must be asked for explicitly. */
export const MAX_KEY_DAYS = 3650;
export const DEFAULT_KEY_DAYS = 90;

export interface ApiKeySummary {
	id: string;
	username: string;
	prefix: string;
	scopes: ApiKeyScope[];
	createdAt: number;
	expiresAt: number | null;
	lastUsedAt: number | null;
	revokedAt: number | null;
}

export interface CreateKeyOptions {
	/** Default: classify only (the least a service account needs). */
	scopes?: readonly string[];
	/** Days until the key stops working (1..MAX_KEY_DAYS, default 90); null = never. */
	expiresInDays?: number | null;
	now?: number;
}

export function parseScopes(scopes: readonly string[]): ApiKeyScope[] {
	const out = [...new Set(scopes.map((s) => s.trim().toLowerCase()).filter(Boolean))];
	if (out.length === 0) throw new UserError('INVALID_SCOPE', `give at least one scope: ${API_KEY_SCOPES.join(', ')}`);
	for (const s of out)
		if (!API_KEY_SCOPES.includes(s as ApiKeyScope))
			throw new UserError('INVALID_SCOPE', `unknown scope "${s}": use ${API_KEY_SCOPES.join(', ')} (comma-separated)`);
	return API_KEY_SCOPES.filter((s) => out.includes(s));
}

function expiryFrom(days: number | null | undefined, now: number): number | null {
	if (days === null) return null;
	const d = days ?? DEFAULT_KEY_DAYS;
	if (!Number.isInteger(d) || d < 1 || d > MAX_KEY_DAYS)
		throw new UserError('INVALID_EXPIRY', `expiry must be a whole number of days from 1 to ${MAX_KEY_DAYS}, or "never"`);
	return now + d * DAY_MS;
}

export async function createApiKey(
	db: Kysely<Database>,
	username: string,
	options: CreateKeyOptions = {}
): Promise<{ id: string; key: string; scopes: ApiKeyScope[]; expiresAt: number | null }> {
	const scopes = parseScopes(options.scopes ?? ['classify']);
	const now = options.now ?? Date.now();
	const expiresAt = expiryFrom(options.expiresInDays, now);
	const user = await findUser(db, username);
	if (!user)
		throw new UserError(
			'USER_NOT_FOUND',
			`no user "${username}"; create the service account first with "npm run user -- add ${username} --role technician"`
		);
	if (user.disabled === 1) throw new UserError('USER_DISABLED', `user "${user.username}" is disabled; enable it before giving it a key`);
	const key = KEY_PREFIX + randomSecret(32);
	const id = crypto.randomUUID();
	await db
		.insertInto('api_keys')
		.values({
			id,
			user_id: user.id,
			key_hash: sha256Hex(key),
			prefix: key.slice(0, KEY_PREFIX.length + 6),
			created_at: now,
			last_used_at: null,
			revoked_at: null,
			scopes: scopes.join(','),
			expires_at: expiresAt
		})
		.execute();
	return { id, key, scopes, expiresAt };
}

export async function listApiKeys(db: Kysely<Database>): Promise<ApiKeySummary[]> {
	const rows = await db
		.selectFrom('api_keys')
		.innerJoin('users', 'users.id', 'api_keys.user_id')
		.select([
			'api_keys.id',
			'users.username',
			'api_keys.prefix',
			'api_keys.scopes',
			'api_keys.created_at',
			'api_keys.expires_at',
			'api_keys.last_used_at',
			'api_keys.revoked_at'
		])
		.orderBy('api_keys.created_at')
		.execute();
	const ms = (v: number | null) => (v === null ? null : Number(v));
	return rows.map((r) => ({
		id: r.id,
		username: r.username,
		prefix: r.prefix,
		scopes: r.scopes.split(',') as ApiKeyScope[],
		createdAt: Number(r.created_at),
		expiresAt: ms(r.expires_at),
		lastUsedAt: ms(r.last_used_at),
		revokedAt: ms(r.revoked_at)
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

/** The key's user with the key's scopes, or null (unknown, revoked, expired, or the user is disabled). */
export async function validateApiKey(db: Kysely<Database>, key: string, now = Date.now()): Promise<AuthUser | null> {
	if (!key.startsWith(KEY_PREFIX)) return null;
	const row = await db
		.selectFrom('api_keys')
		.innerJoin('users', 'users.id', 'api_keys.user_id')
		.select([
			'api_keys.id as keyId',
			'users.id',
			'users.username',
			'users.role',
			'users.disabled',
			'api_keys.revoked_at',
			'api_keys.expires_at',
			'api_keys.scopes'
		])
		.where('api_keys.key_hash', '=', sha256Hex(key))
		.executeTakeFirst();
	if (!row || row.revoked_at !== null || row.disabled === 1) return null;
	if (row.expires_at !== null && Number(row.expires_at) <= now) return null;
	// Bookkeeping: a full disk or read-only database must not refuse a valid key (#14 item 5).
	await bestEffortWrite('api key last_used_at', () =>
		db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.keyId).execute()
	);
	return { id: row.id, username: row.username, role: row.role, apiKey: { id: row.keyId, scopes: row.scopes.split(',') as ApiKeyScope[] } };
}
