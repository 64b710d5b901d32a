/**
 * Cost limits for POST /api/classify?explain=1. An explanation runs the model once per
 * token of every description, so its cost grows with characters, not with requests:
 *  - a budget of EXPLAIN_CHARS_PER_MINUTE characters per key per minute (429 + Retry-After),
 *  - at most EXPLAIN_REQUESTS_PER_KEY explain requests of one key in progress (429),
 *    and EXPLAIN_REQUESTS_TOTAL in the process (429),
 *  - the work itself through a FairQueue of EXPLAIN_CONCURRENCY slots, one description per
 *    job, taken round-robin by key: another key's request is served between a flood's jobs.
 */
import { FairQueue } from '#lib/server/http/fair-queue.ts';
import type { Limiter } from '#lib/server/shared-rate-limit.ts';

/** One maximal explain request (100 descriptions of 2,000 characters) per minute per key. */
export const EXPLAIN_CHARS_PER_MINUTE = 200_000;
export const EXPLAIN_REQUESTS_PER_KEY = 2;
export const EXPLAIN_REQUESTS_TOTAL = 16;
export const EXPLAIN_CONCURRENCY = 1;

export type ExplainAdmission = { ok: true; release: () => void } | { ok: false; status: 429; message: string; retryAfterSeconds: number };

export class ExplainLimits {
	readonly queue: FairQueue;
	readonly #budget: Limiter;
	readonly #active = new Map<string, number>();
	readonly #perKey: number;
	readonly #total: number;
	#activeTotal = 0;

	constructor(budget: Limiter, options: { concurrency?: number; requestsPerKey?: number; requestsTotal?: number } = {}) {
		this.#budget = budget;
		this.queue = new FairQueue(options.concurrency ?? EXPLAIN_CONCURRENCY);
		this.#perKey = options.requestsPerKey ?? EXPLAIN_REQUESTS_PER_KEY;
		this.#total = options.requestsTotal ?? EXPLAIN_REQUESTS_TOTAL;
	}

	/** Admits a request of `chars` characters for `key`, or says why not. Call `release` when done. */
	async admit(key: string, chars: number): Promise<ExplainAdmission> {
		const active = this.#active.get(key) ?? 0;
		if (active >= this.#perKey) {
			return {
				ok: false,
				status: 429,
				retryAfterSeconds: 5,
				message: `At most ${this.#perKey} explain requests per key at a time; wait for the running ones.`
			};
		}
		if (this.#activeTotal >= this.#total) {
			return { ok: false, status: 429, retryAfterSeconds: 5, message: 'The server is busy with explanations; retry in a few seconds.' };
		}
		const decision = await this.#budget.consume(key, chars);
		if (!decision.ok) {
			return {
				ok: false,
				status: 429,
				retryAfterSeconds: decision.retryAfterSeconds,
				message: `Explanation budget of ${EXPLAIN_CHARS_PER_MINUTE} characters per minute reached; retry in ${decision.retryAfterSeconds} s.`
			};
		}
		this.#active.set(key, active + 1);
		this.#activeTotal++;
		let released = false;
		return {
			ok: true,
			release: () => {
				if (released) return;
				released = true;
				this.#activeTotal--;
				const n = (this.#active.get(key) ?? 1) - 1;
				if (n > 0) this.#active.set(key, n);
				else this.#active.delete(key);
			}
		};
	}

	/** Explains the texts one job each, through the fair queue. */
	async explainAll<T>(key: string, texts: string[], explain: (text: string) => Promise<T>): Promise<T[]> {
		const out: T[] = [];
		for (const text of texts) out.push(await this.queue.run(key, () => explain(text)));
		return out;
	}
}
