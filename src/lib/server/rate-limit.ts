/**
 * In-memory token buckets, keyed by whatever the caller limits on (device id,
 * username, IP). Per process: with several server processes each one limits alone,
 * which is still a bound. Keys are never persisted.
 */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
	tokens: number;
	updated: number;
}

const MAX_KEYS = 100_000;

export class RateLimiter {
	readonly #capacity: number;
	readonly #perMs: number;
	readonly #now: () => number;
	readonly #buckets = new Map<string, Bucket>();

	/** Allows `limit` units per `windowMs`, refilled continuously. */
	constructor(options: { limit: number; windowMs: number; now?: () => number }) {
		this.#capacity = options.limit;
		this.#perMs = options.limit / options.windowMs;
		this.#now = options.now ?? Date.now;
	}

	#bucket(key: string): Bucket {
		const now = this.#now();
		let b = this.#buckets.get(key);
		if (!b) {
			if (this.#buckets.size >= MAX_KEYS) this.#prune(now);
			b = { tokens: this.#capacity, updated: now };
			this.#buckets.set(key, b);
		}
		b.tokens = Math.min(this.#capacity, b.tokens + (now - b.updated) * this.#perMs);
		b.updated = now;
		return b;
	}

	#prune(now: number): void {
		for (const [key, b] of this.#buckets) {
			if (b.tokens + (now - b.updated) * this.#perMs >= this.#capacity) this.#buckets.delete(key);
		}
	}

	#refusal(b: Bucket, cost: number): RateDecision {
		const wait = Math.min(cost, this.#capacity) - b.tokens;
		return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / this.#perMs / 1000)) };
	}

	/**
	 * Takes `cost` units if available. A cost above the whole budget is allowed on a full
	 * bucket and leaves it in debt, so it is slowed down rather than refused forever.
	 */
	consume(key: string, cost = 1): RateDecision {
		const b = this.#bucket(key);
		if (b.tokens < Math.min(cost, this.#capacity)) return this.#refusal(b, cost);
		b.tokens -= cost;
		return { ok: true };
	}

	/** Whether `cost` units are available, without taking them. */
	check(key: string, cost = 1): RateDecision {
		const b = this.#bucket(key);
		return b.tokens < Math.min(cost, this.#capacity) ? this.#refusal(b, cost) : { ok: true };
	}

	reset(key: string): void {
		this.#buckets.delete(key);
	}
}
