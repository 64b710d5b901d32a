/**
 * Rate limits every server process shares: the same token buckets as rate-limit.ts, kept
 * in the database (table `rate_limits`) when it is PostgreSQL, where several app servers
 * may run; with SQLite there is one server process and the in-memory buckets are exact.
 * Keys are stored as sha256 (a device id or address never reaches the database in clear).
 */
import { createHash } from 'node:crypto';
import { PostgresAdapter, type Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import { RateLimiter, type RateDecision } from './rate-limit.ts';

/** What routes and sign-in use: one process's buckets or the database's. */
export interface Limiter {
	consume(key: string, cost?: number): Promise<RateDecision>;
	check(key: string, cost?: number): Promise<RateDecision>;
	reset(key: string): Promise<void>;
}

interface LimitOptions {
	/** Names the limit, so two limits on the same key count apart. */
	name: string;
	limit: number;
	windowMs: number;
	now?: () => number;
}

/** The in-memory RateLimiter behind the async Limiter interface. */
export function memoryLimiter(options: LimitOptions): Limiter {
	const limiter = new RateLimiter(options);
	return {
		consume: async (key, cost) => limiter.consume(key, cost),
		check: async (key, cost) => limiter.check(key, cost),
		reset: async (key) => limiter.reset(key)
	};
}

export class DatabaseRateLimiter implements Limiter {
	readonly #db: Kysely<Database>;
	readonly #name: string;
	readonly #capacity: number;
	readonly #perMs: number;
	readonly #now: () => number;

	constructor(db: Kysely<Database>, options: LimitOptions) {
		this.#db = db;
		this.#name = options.name;
		this.#capacity = options.limit;
		this.#perMs = options.limit / options.windowMs;
		this.#now = options.now ?? Date.now;
	}

	#id(key: string): string {
		return createHash('sha256').update(`${this.#name}\u0000${key}`).digest('hex');
	}

	/** Refills, decides and (when `spend`) takes `cost`, under a row lock. */
	async #take(key: string, cost: number, spend: boolean): Promise<RateDecision> {
		const id = this.#id(key);
		const now = this.#now();
		return this.#db.transaction().execute(async (tx) => {
			await tx
				.insertInto('rate_limits')
				.values({ key: id, tokens: this.#capacity, updated_at: now, full_at: now })
				.onConflict((oc) => oc.column('key').doNothing())
				.execute();
			let q = tx.selectFrom('rate_limits').select(['tokens', 'updated_at']).where('key', '=', id);
			if (tx.getExecutor().adapter instanceof PostgresAdapter) q = q.forUpdate();
			const row = await q.executeTakeFirstOrThrow();
			let tokens = Math.min(this.#capacity, Number(row.tokens) + Math.max(0, now - Number(row.updated_at)) * this.#perMs);
			const needed = Math.min(cost, this.#capacity);
			const ok = tokens >= needed;
			if (ok && spend) tokens -= cost;
			const fullAt = now + Math.ceil((this.#capacity - tokens) / this.#perMs);
			await tx.updateTable('rate_limits').set({ tokens, updated_at: now, full_at: fullAt }).where('key', '=', id).execute();
			return ok ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((needed - tokens) / this.#perMs / 1000)) };
		});
	}

	consume(key: string, cost = 1): Promise<RateDecision> {
		return this.#take(key, cost, true);
	}

	check(key: string, cost = 1): Promise<RateDecision> {
		return this.#take(key, cost, false);
	}

	async reset(key: string): Promise<void> {
		await this.#db.deleteFrom('rate_limits').where('key', '=', this.#id(key)).execute();
	}
}

/** A limiter shared by every server on the database when it is PostgreSQL, else this process's. */
export function sharedLimiter(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', options: LimitOptions): Limiter {
	return dialect === 'postgres' ? new DatabaseRateLimiter(db, options) : memoryLimiter(options);
}

/** Deletes buckets that have refilled completely (they mean the same as no row). */
export async function deleteFullBuckets(db: Kysely<Database>, now = Date.now()): Promise<void> {
	await db.deleteFrom('rate_limits').where('full_at', '<=', now).execute();
}
