/**
 * One ONNX run at a time: work runs in call order, and a bulk job can be cancelled
 * between its steps (it then fails with code CANCELLED).
 */
import { InferenceError } from './errors.ts';

export class WorkQueue {
	#tail: Promise<unknown> = Promise.resolve();
	#queued = 0;
	#cancelled = new Set<string>();

	/** Texts waiting or running, all jobs together. */
	get queued(): number {
		return this.#queued;
	}

	/** Run `task` after everything queued before it; its `count` texts are counted as queued meanwhile. */
	run<T>(count: number, task: () => Promise<T>): Promise<T> {
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
