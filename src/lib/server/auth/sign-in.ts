/**
 * Password sign-in with throttling: growing delays per account + address and per account
 * (sign-in-throttle.ts; never a lockout, admins included), and a failure budget per client
 * address. On PostgreSQL the counts live in the database, so several app servers share
 * them. Every attempt goes to the security log.
 */
import type { Kysely } from 'kysely';
import { CodedError } from '../../errors.ts';
import type { Database } from '../db/schema.ts';
import { noteStorageFailure, StorageUnavailableError } from '../db/storage-status.ts';
import { securityLog, type SecurityLog } from '../security-log/record.ts';
import { memoryLimiter, sharedLimiter, type Limiter } from '../shared-rate-limit.ts';
import { burnPasswordCheck, verifyPassword } from './password.ts';
import { createSession } from './sessions.ts';
import { databaseFailureStore, memoryFailureStore, shareAccountThrottle, SignInThrottle, waitInWords } from './sign-in-throttle.ts';
import { findUser, type AuthUser } from './users.ts';

const WINDOW_MS = 15 * 60_000;

export class SignInError extends CodedError<'INVALID_CREDENTIALS' | 'TOO_MANY_ATTEMPTS'> {
	readonly retryAfterSeconds: number;
	constructor(code: SignInError['code'], retryAfterSeconds = 0) {
		super(
			code,
			code === 'INVALID_CREDENTIALS'
				? 'Wrong username or password.'
				: `Too many failed sign-ins. Wait ${waitInWords(retryAfterSeconds)} before the next try.`
		);
		this.retryAfterSeconds = retryAfterSeconds;
	}
}

/** Throttling bookkeeping must not turn a read-only database into failed sign-ins: logged, then skipped. */
export async function bookkeeping<T>(what: string, run: () => Promise<T>, fallback: T): Promise<T> {
	try {
		return await run();
	} catch (e) {
		if (!noteStorageFailure(e, `sign-in ${what}`)) throw e;
		return fallback;
	}
}

export class SignInService {
	readonly #db: Kysely<Database>;
	readonly #ttlMs: number;
	readonly #throttle: SignInThrottle;
	readonly #perIp: Limiter;
	readonly #log: SecurityLog;

	constructor(
		db: Kysely<Database>,
		options: {
			sessionTtlMs: number;
			maxFailuresPerUser: number;
			maxFailuresPerIp: number;
			dialect?: 'sqlite' | 'postgres';
			log?: SecurityLog;
		}
	) {
		this.#db = db;
		this.#ttlMs = options.sessionTtlMs;
		this.#throttle = new SignInThrottle(
			options.dialect === 'postgres' ? databaseFailureStore(db) : memoryFailureStore(),
			options.maxFailuresPerUser
		);
		shareAccountThrottle(db, this.#throttle);
		const ipLimit = { name: 'sign-in-ip', limit: options.maxFailuresPerIp, windowMs: WINDOW_MS };
		this.#perIp = options.dialect ? sharedLimiter(db, options.dialect, ipLimit) : memoryLimiter(ipLimit);
		this.#log = options.log ?? securityLog(db);
	}

	/** Returns the user and a new session token, or throws SignInError (or StorageUnavailableError). */
	async signIn(username: string, password: string, clientAddress: string): Promise<{ user: AuthUser; token: string; expiresAt: number }> {
		const account = username.trim().toLowerCase();
		const base = { username: account, address: clientAddress };
		const open = { ok: true, retryAfterSeconds: 0 };
		for (const decision of [
			await bookkeeping('throttle', () => this.#throttle.check(account, clientAddress), open),
			await bookkeeping('address budget', () => this.#perIp.check(clientAddress), open)
		]) {
			if (!decision.ok) {
				const seconds = 'retryAfterSeconds' in decision ? decision.retryAfterSeconds : 1;
				await this.#log.record({ kind: 'sign-in-throttled', ...base, detail: { retryAfterSeconds: seconds } });
				throw new SignInError('TOO_MANY_ATTEMPTS', seconds);
			}
		}
		const row = await findUser(this.#db, account);
		let ok = false;
		if (row?.password_hash && row.disabled === 0) ok = await verifyPassword(row.password_hash, password);
		else await burnPasswordCheck(password);
		if (!ok || !row) {
			await bookkeeping('count failure', () => this.#throttle.failed(account, clientAddress), undefined);
			await bookkeeping('count failure', () => this.#perIp.consume(clientAddress), open);
			const reason = !row ? 'unknown-user' : row.disabled ? 'disabled' : 'wrong-password';
			await this.#log.record({ kind: 'sign-in-failure', ...base, userId: row?.id ?? null, detail: { reason } });
			throw new SignInError('INVALID_CREDENTIALS');
		}
		await bookkeeping('reset', () => this.#throttle.succeeded(account, clientAddress), undefined);
		let session;
		try {
			session = await createSession(this.#db, row.id, this.#ttlMs);
		} catch (e) {
			const failure = noteStorageFailure(e, 'sign-in: storing the session');
			if (failure) throw new StorageUnavailableError(failure, { cause: e });
			throw e;
		}
		await this.#log.record({ kind: 'sign-in-success', ...base, userId: row.id });
		return { user: { id: row.id, username: row.username, role: row.role }, token: session.token, expiresAt: session.expiresAt };
	}
}
