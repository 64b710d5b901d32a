/**
 * A small per-process scheduler for expensive work (explanations): at most `concurrency`
 * jobs run at once, and waiting jobs are taken round-robin by key (API key or user), so
 * a key with many jobs waiting cannot starve one with a single job. Callers submit one
 * small job at a time (one description), so another key waits for at most one job per slot.
 */
interface Job {
	run: () => Promise<unknown>;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

export class FairQueue {
	readonly #concurrency: number;
	readonly #waiting = new Map<string, Job[]>();
	/** Keys with waiting jobs, in the order they get their next turn. */
	readonly #turns: string[] = [];
	#running = 0;

	constructor(concurrency: number) {
		this.#concurrency = concurrency;
	}

	get running(): number {
		return this.#running;
	}

	get waiting(): number {
		let n = 0;
		for (const jobs of this.#waiting.values()) n += jobs.length;
		return n;
	}

	run<T>(key: string, task: () => Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			let jobs = this.#waiting.get(key);
			if (!jobs) {
				jobs = [];
				this.#waiting.set(key, jobs);
				this.#turns.push(key);
			}
			jobs.push({ run: task, resolve: resolve as (v: unknown) => void, reject });
			this.#next();
		});
	}

	#next(): void {
		while (this.#running < this.#concurrency && this.#turns.length > 0) {
			const key = this.#turns.shift()!;
			const jobs = this.#waiting.get(key)!;
			const job = jobs.shift()!;
			// The key goes to the back of the line if it has more jobs waiting.
			if (jobs.length > 0) this.#turns.push(key);
			else this.#waiting.delete(key);
			this.#running++;
			job
				.run()
				.then(job.resolve, job.reject)
				.finally(() => {
					this.#running--;
					// Let waiting I/O (other requests) in before the next job starts.
					setImmediate(() => this.#next());
				});
		}
	}
}
