/**
 * Password sign-in with throttling: failures are counted per username and per client
 * address; once either budget is spent, attempts get 429 until it refills. On PostgreSQL
 * the counts live in the database, so several app servers share them.
 */
import type { Kysely } from 'kysely';
import { CodedError } from '../../errors.ts';
import type { Database } from '../db/schema.ts';
import { memoryLimiter, sharedLimiter, type Limiter } from '../shared-rate-limit.ts';
import { burnPasswordCheck, verifyPassword } from './password.ts';
import { createSession } from './sessions.ts';
import { findUser, type AuthUser } from './users.ts';

const WINDOW_MS = 15 * 60_000;

export class SignInError extends CodedError<'INVALID_CREDENTIALS' | 'TOO_MANY_ATTEMPTS'> {
	readonly retryAfterSeconds: number;
	constructor(code: SignInError['code'], retryAfterSeconds = 0) {
		super(
			code,
			code === 'INVALID_CREDENTIALS'
				? 'Wrong username or password.'
				: `Too many failed sign-ins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s), or ask an admin to reset your password.`
		);
		this.retryAfterSeconds = retryAfterSeconds;
	}
}

export class SignInService {
	readonly #db: Kysely<Database>;
	readonly #ttlMs: number;
	readonly #perUser: Limiter;
	readonly #perIp: Limiter;

	constructor(
		db: Kysely<Database>,
		options: { sessionTtlMs: number; maxFailuresPerUser: number; maxFailuresPerIp: number; dialect?: 'sqlite' | 'postgres' }
	) {
		this.#db = db;
		this.#ttlMs = options.sessionTtlMs;
		const limiter = (name: string, limit: number) =>
			options.dialect
				? sharedLimiter(db, options.dialect, { name, limit, windowMs: WINDOW_MS })
				: memoryLimiter({ name, limit, windowMs: WINDOW_MS });
		this.#perUser = limiter('sign-in-user', options.maxFailuresPerUser);
		this.#perIp = limiter('sign-in-ip', options.maxFailuresPerIp);
	}

	/** Returns the user and a new session token, or throws SignInError. */
	async signIn(username: string, password: string, clientAddress: string): Promise<{ user: AuthUser; token: string; expiresAt: number }> {
		const userKey = username.trim().toLowerCase();
		for (const [limiter, key] of [
			[this.#perUser, userKey],
			[this.#perIp, clientAddress]
		] as const) {
			const d = await limiter.check(key);
			if (!d.ok) throw new SignInError('TOO_MANY_ATTEMPTS', d.retryAfterSeconds);
		}
		const row = await findUser(this.#db, userKey);
		let ok = false;
		if (row?.password_hash && row.disabled === 0) ok = await verifyPassword(row.password_hash, password);
		else await burnPasswordCheck(password);
		if (!ok || !row) {
			await this.#perUser.consume(userKey);
			await this.#perIp.consume(clientAddress);
			throw new SignInError('INVALID_CREDENTIALS');
		}
		await this.#perUser.reset(userKey);
		const { token, expiresAt } = await createSession(this.#db, row.id, this.#ttlMs);
		return { user: { id: row.id, username: row.username, role: row.role }, token, expiresAt };
	}
}
