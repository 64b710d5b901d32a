/** Accounts: technicians, analysts and admins. */
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.ts';
import { ROLES } from '../db/schema.ts';
import { generatePassword, hashPassword } from './password.ts';
import { CodedError } from '../../errors.ts';

export interface AuthUser {
	id: string;
	username: string;
	role: Role;
	/** Set when the caller authenticated with an API key: what that key may do. */
	apiKey?: { id: string; scopes: readonly ('classify' | 'sync' | 'read')[] };
}

export interface UserSummary extends AuthUser {
	disabled: boolean;
	createdAt: number;
}

export class UserError extends CodedError<
	| 'USER_EXISTS'
	| 'USER_NOT_FOUND'
	| 'INVALID_ROLE'
	| 'INVALID_USERNAME'
	| 'INVALID_SCOPE'
	| 'INVALID_EXPIRY'
	| 'USER_DISABLED'
	| 'LAST_ADMIN'
> {}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export function assertRole(role: string): asserts role is Role {
	if (!ROLES.includes(role as Role)) throw new UserError('INVALID_ROLE', `unknown role "${role}": use one of ${ROLES.join(', ')}`);
}

/** Creates a user. Without a password one is generated and returned (show it once). */
export async function createUser(
	db: Kysely<Database>,
	input: { username: string; role: string; password?: string }
): Promise<{ user: AuthUser; generatedPassword: string | null }> {
	const username = input.username.trim().toLowerCase();
	if (!USERNAME.test(username)) {
		throw new UserError('INVALID_USERNAME', `username "${input.username}" must be 2-64 characters: a-z, 0-9, ".", "_", "-"`);
	}
	assertRole(input.role);
	const existing = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
	if (existing) throw new UserError('USER_EXISTS', `user "${username}" already exists; use "reset" to set a new password`);
	const generatedPassword = input.password === undefined ? generatePassword() : null;
	const password_hash = await hashPassword(input.password ?? generatedPassword!);
	const now = Date.now();
	const user: AuthUser = { id: crypto.randomUUID(), username, role: input.role };
	await db
		.insertInto('users')
		.values({ id: user.id, username, password_hash, role: user.role, disabled: 0, created_at: now, updated_at: now })
		.execute();
	return { user, generatedPassword };
}

export async function findUser(db: Kysely<Database>, username: string) {
	return db.selectFrom('users').selectAll().where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
}

async function requireUser(db: Kysely<Database>, username: string) {
	const user = await findUser(db, username);
	if (!user) throw new UserError('USER_NOT_FOUND', `no user "${username}"; "npm run user -- list" shows who exists`);
	return user;
}

export async function listUsers(db: Kysely<Database>): Promise<UserSummary[]> {
	const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
	return rows.map((r) => ({ id: r.id, username: r.username, role: r.role, disabled: r.disabled === 1, createdAt: r.created_at }));
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
	const row = await db
		.selectFrom('users')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Ends every session and revokes every API key of a user (in the caller's transaction). */
async function revokeAccess(tx: Kysely<Database>, userId: string): Promise<void> {
	await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
	await tx.updateTable('api_keys').set({ revoked_at: Date.now() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/** At least one enabled admin must remain, or nobody could manage accounts in the app. */
async function assertOtherAdmin(db: Kysely<Database>, userId: string): Promise<void> {
	const other = await db
		.selectFrom('users')
		.select('id')
		.where('role', '=', 'admin')
		.where('disabled', '=', 0)
		.where('id', '!=', userId)
		.executeTakeFirst();
	if (!other) throw new UserError('LAST_ADMIN', 'this is the last enabled admin; make another admin first');
}

/** Disables a user and ends their sessions and API keys at once. */
export async function disableUser(db: Kysely<Database>, username: string): Promise<void> {
	const user = await requireUser(db, username);
	if (user.role === 'admin') await assertOtherAdmin(db, user.id);
	await db.transaction().execute(async (tx) => {
		await tx.updateTable('users').set({ disabled: 1, updated_at: Date.now() }).where('id', '=', user.id).execute();
		await revokeAccess(tx, user.id);
	});
}

/** Lets a disabled user sign in again (their old keys stay revoked; the password is unchanged). */
export async function enableUser(db: Kysely<Database>, username: string): Promise<void> {
	const user = await requireUser(db, username);
	await db.updateTable('users').set({ disabled: 0, updated_at: Date.now() }).where('id', '=', user.id).execute();
}

/** Changes a user's role; their sessions end so the new role applies at the next sign-in. */
export async function setRole(db: Kysely<Database>, username: string, role: string): Promise<void> {
	assertRole(role);
	const user = await requireUser(db, username);
	if (user.role === role) return;
	if (user.role === 'admin') await assertOtherAdmin(db, user.id);
	await db.transaction().execute(async (tx) => {
		await tx.updateTable('users').set({ role, updated_at: Date.now() }).where('id', '=', user.id).execute();
		await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
	});
}

/**
 * Sets a new password (generated when none is given), re-enables the user, ends their
 * sessions and revokes their API keys (whoever had the old password may have made keys).
 */
export async function resetPassword(db: Kysely<Database>, username: string, password?: string): Promise<string | null> {
	const user = await requireUser(db, username);
	const generated = password === undefined ? generatePassword() : null;
	const password_hash = await hashPassword(password ?? generated!);
	await db.transaction().execute(async (tx) => {
		await tx.updateTable('users').set({ password_hash, disabled: 0, updated_at: Date.now() }).where('id', '=', user.id).execute();
		await revokeAccess(tx, user.id);
	});
	return generated;
}
