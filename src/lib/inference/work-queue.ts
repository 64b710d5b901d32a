/**
 * One ONNX run at a time: work runs in call order, and a bulk job can be cancelled
 * between its steps (it then fails with code CANCELLED). Background work (the re-scan
 * after a model update) waits until no interactive work is queued, one small batch at a
 * time, so classifying never waits for more than one background batch.
 */
import { InferenceError } from './errors.ts';

export class WorkQueue {
	#tail: Promise<unknown> = Promise.resolve();
	#queued = 0;
	#cancelled = new Set<string>();
	#foreground = 0;
	#idle: Array<() => void> = [];

	/** Texts waiting or running, all jobs together. */
	get queued(): number {
		return this.#queued;
	}

	/** Run `task` after everything queued before it; its `count` texts are counted as queued meanwhile. */
	run<T>(count: number, task: () => Promise<T>): Promise<T> {
		this.#foreground++;
		return this.#enqueue(count, task).finally(() => {
			if (--this.#foreground === 0) for (const wake of this.#idle.splice(0)) wake();
		});
	}

	/** Run `task` once no interactive work is waiting or running (see the header). */
	async runBackground<T>(count: number, task: () => Promise<T>): Promise<T> {
		while (this.#foreground > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
		return this.#enqueue(count, task);
	}

	#enqueue<T>(count: number, task: () => Promise<T>): Promise<T> {
		this.#queued += count;
		const run = this.#tail.then(task).finally(() => {
			this.#queued -= count;
		});
		this.#tail = run.catch(() => {});
		return run;
	}

	cancel(jobId: string): void {
		this.#cancelled.add(jobId);
	}

	/** Between steps of a job: throws CANCELLED when `jobId` was cancelled. */
	throwIfCancelled(jobId: string | undefined): void {
		if (jobId && this.#cancelled.delete(jobId)) throw new InferenceError('CANCELLED', 'The classification was cancelled.');
	}

	/** The job is over: a late cancel must not hit a later job that reuses its id. */
	finished(jobId: string | undefined): void {
		if (jobId) this.#cancelled.delete(jobId);
	}
}
