/**
 * Sign-in throttling by growing delays, never a lockout. Failures are counted per
 * account + address: after `free` failures each further attempt from that address for
 * that account must wait, 15 s, 30 s, 60 s, ... up to 15 minutes, after the last failure.
 * An attacker elsewhere therefore cannot lock the real user out; per account over all
 * addresses the wait is short (5 s doubling to 30 s after 4x `free` failures), which still
 * slows a distributed guesser, and the existing per-address budget caps one address.
 * Counts are kept in memory (SQLite: one server process) or in the `rate_limits` table
 * (PostgreSQL: shared by the servers), keyed by sha256, forgotten 15 minutes after the
 * last failure. A wrong current password when changing one's password counts as a failed
 * sign-in (`accountThrottle`): a stolen session cannot be used to guess the password faster.
 */
import { createHash } from 'node:crypto';
import { PostgresAdapter, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export const FORGET_AFTER_MS = 15 * 60_000;

export interface DelayPolicy {
	/** Failures allowed before any wait. */
	free: number;
	firstDelayMs: number;
	maxDelayMs: number;
}

/** How long after the last failure the next attempt must wait (0: no wait). Pure. */
export function delayAfter(failures: number, policy: DelayPolicy): number {
	if (failures < policy.free) return 0;
	return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(30, failures - policy.free));
}

interface Failures {
	count: number;
	lastAt: number;
}

export interface FailureStore {
	get(key: string, now: number): Promise<Failures>;
	add(key: string, now: number): Promise<void>;
	reset(key: string): Promise<void>;
}

const hashKey = (key: string) => createHash('sha256').update(`sign-in-backoff\u0000${key}`).digest('hex');

export function memoryFailureStore(): FailureStore {
	const map = new Map<string, Failures>();
	return {
		async get(key, now) {
			const f = map.get(key);
			if (!f || now - f.lastAt > FORGET_AFTER_MS) return { count: 0, lastAt: 0 };
			return f;
		},
		async add(key, now) {
			if (map.size > 100_000) for (const [k, f] of map) if (now - f.lastAt > FORGET_AFTER_MS) map.delete(k);
			const f = await this.get(key, now);
			map.set(key, { count: f.count + 1, lastAt: now });
		},
		async reset(key) {
			map.delete(key);
		}
	};
}

/** In `rate_limits`: tokens = failure count, updated_at = last failure, full_at = when it is forgotten (swept). */
export function databaseFailureStore(db: Kysely<Database>): FailureStore {
	return {
		async get(key, now) {
			const row = await db.selectFrom('rate_limits').select(['tokens', 'updated_at']).where('key', '=', hashKey(key)).executeTakeFirst();
			if (!row || now - Number(row.updated_at) > FORGET_AFTER_MS) return { count: 0, lastAt: 0 };
			return { count: Number(row.tokens), lastAt: Number(row.updated_at) };
		},
		async add(key, now) {
			const id = hashKey(key);
			await db.transaction().execute(async (tx) => {
				await tx
					.insertInto('rate_limits')
					.values({ key: id, tokens: 0, updated_at: now, full_at: now + FORGET_AFTER_MS })
					.onConflict((oc) => oc.column('key').doNothing())
					.execute();
				let q = tx.selectFrom('rate_limits').select(['tokens', 'updated_at']).where('key', '=', id);
				if (tx.getExecutor().adapter instanceof PostgresAdapter) q = q.forUpdate();
				const row = await q.executeTakeFirstOrThrow();
				const count = now - Number(row.updated_at) > FORGET_AFTER_MS ? 0 : Number(row.tokens);
				await tx
					.updateTable('rate_limits')
					.set({ tokens: count + 1, updated_at: now, full_at: now + FORGET_AFTER_MS })
					.where('key', '=', id)
					.execute();
			});
		},
		async reset(key) {
			await db.deleteFrom('rate_limits').where('key', '=', hashKey(key)).execute();
		}
	};
}

/** "45 seconds", "3 minutes": how long to wait, for messages. */
export function waitInWords(seconds: number): string {
	return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

export interface ThrottleDecision {
	ok: boolean;
	retryAfterSeconds: number;
}

export class SignInThrottle {
	readonly #store: FailureStore;
	readonly #pair: DelayPolicy;
	readonly #account: DelayPolicy;

	constructor(store: FailureStore, freeFailures: number) {
		this.#store = store;
		this.#pair = { free: freeFailures, firstDelayMs: 15_000, maxDelayMs: FORGET_AFTER_MS };
		this.#account = { free: freeFailures * 4, firstDelayMs: 5_000, maxDelayMs: 30_000 };
	}

	#keys(account: string, address: string): [string, DelayPolicy][] {
		return [
			[`pair\u0000${account}\u0000${address}`, this.#pair],
			[`account\u0000${account}`, this.#account]
		];
	}

	async check(account: string, address: string, now = Date.now()): Promise<ThrottleDecision> {
		let wait = 0;
		for (const [key, policy] of this.#keys(account, address)) {
			const f = await this.#store.get(key, now);
			wait = Math.max(wait, f.lastAt + delayAfter(f.count, policy) - now);
		}
		return wait > 0 ? { ok: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { ok: true, retryAfterSeconds: 0 };
	}

	async failed(account: string, address: string, now = Date.now()): Promise<void> {
		for (const [key] of this.#keys(account, address)) await this.#store.add(key, now);
	}

	async succeeded(account: string, address: string): Promise<void> {
		for (const [key] of this.#keys(account, address)) await this.#store.reset(key);
	}
}

/** Failures before any wait when no sign-in service set its own (LOGIN_MAX_FAILURES_PER_USER's default). */
export const DEFAULT_FREE_FAILURES = 5;

const byDatabase = new WeakMap<Kysely<Database>, SignInThrottle>();

/** Makes `throttle` the one `accountThrottle(db)` returns (the sign-in service does, for its database). */
export function shareAccountThrottle(db: Kysely<Database>, throttle: SignInThrottle): void {
	byDatabase.set(db, throttle);
}

/**
 * The throttle that sign-in uses for the accounts of `db`, so that other password checks
 * (changing one's own password) count and wait with the same failures. Without a sign-in
 * service on `db` yet: one of its own, with the default allowance, kept in the database on
 * PostgreSQL.
 */
export function accountThrottle(db: Kysely<Database>): SignInThrottle {
	let throttle = byDatabase.get(db);
	if (!throttle) {
		const store = db.getExecutor().adapter instanceof PostgresAdapter ? databaseFailureStore(db) : memoryFailureStore();
		byDatabase.set(db, (throttle = new SignInThrottle(store, DEFAULT_FREE_FAILURES)));
	}
	return throttle;
}
