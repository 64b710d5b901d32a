/**
 * Group commit: telemetry batches that arrive while one is being written are written
 * together, in the next transaction, instead of one transaction each. A commit's cost
 * (SQLite's WAL frames, PostgreSQL's round trips and WAL flush) is paid once per group,
 * and pages the batches share (the rollup rows, the newest table and index pages) are
 * written once. Each caller still gets its own answer, and a group that fails is retried
 * batch by batch, so one batch's failure is never another's.
 */

/** Writes several jobs in one transaction; returns one result per job, in order. */
export type GroupWriter<J, R> = (jobs: J[]) => Promise<R[]>;

interface Waiting<J, R> {
	job: J;
	size: number;
	resolve(result: R): void;
	reject(error: unknown): void;
}

export class GroupCommit<J, R> {
	readonly #write: GroupWriter<J, R>;
	readonly #maxSize: number;
	#queue: Waiting<J, R>[] = [];
	#busy = false;

	/** `maxSize`: most rows (the jobs' `size`) one group writes; a bigger job is written alone. */
	constructor(write: GroupWriter<J, R>, maxSize: number) {
		this.#write = write;
		this.#maxSize = maxSize;
	}

	submit(job: J, size: number): Promise<R> {
		return new Promise<R>((resolve, reject) => {
			this.#queue.push({ job, size, resolve, reject });
			if (!this.#busy) void this.#drain();
		});
	}

	async #drain(): Promise<void> {
		this.#busy = true;
		try {
			while (this.#queue.length > 0) {
				let size = this.#queue[0].size;
				let n = 1;
				while (n < this.#queue.length && size + this.#queue[n].size <= this.#maxSize) size += this.#queue[n++].size;
				const group = this.#queue.splice(0, n);
				await this.#writeGroup(group);
			}
		} finally {
			this.#busy = false;
		}
	}

	async #writeGroup(group: Waiting<J, R>[]): Promise<void> {
		try {
			const results = await this.#write(group.map((w) => w.job));
			group.forEach((w, i) => w.resolve(results[i]));
			return;
		} catch (e) {
			if (group.length === 1) return group[0].reject(e);
		}
		// Each batch alone: what failed the group fails only the batch that caused it.
		for (const w of group) {
			try {
				w.resolve((await this.#write([w.job]))[0]);
			} catch (e) {
				w.reject(e);
			}
		}
	}
}

const groups = new WeakMap<object, GroupCommit<any, any>>();

/** The one GroupCommit of `owner` (a database handle), made on first use. */
export function groupCommitFor<J, R>(owner: object, make: () => GroupCommit<J, R>): GroupCommit<J, R> {
	let g = groups.get(owner) as GroupCommit<J, R> | undefined;
	if (!g) groups.set(owner, (g = make()));
	return g;
}
