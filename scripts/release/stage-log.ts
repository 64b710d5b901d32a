/**
 * Release stages with a clear log: each stage prints its name when it starts and its
 * result and duration when it ends; the summary lists every stage, run or not.
 */
import { CodedError } from '#lib/errors.ts';
import { formatSeconds } from '../../training/src/model/progress.ts';

export type StageResult = 'passed' | 'failed' | 'skipped' | 'rejected';

export interface StageRecord {
	stage: string;
	result: StageResult;
	seconds: number;
	detail: string;
}

export class ReleaseStageError extends CodedError<'RELEASE_STAGE_FAILED'> {
	readonly stage: string;
	constructor(stage: string, cause: unknown) {
		super('RELEASE_STAGE_FAILED', `Stage "${stage}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
		this.stage = stage;
	}
}

export class StageLog {
	readonly records: StageRecord[] = [];
	readonly #log: (line: string) => void;

	constructor(log: (line: string) => void) {
		this.#log = log;
	}

	line(text: string): void {
		this.#log(text);
	}

	/** Run a stage; a throw is recorded as failed and rethrown as ReleaseStageError. */
	async run<T>(stage: string, body: () => Promise<T> | T, summary: (result: T) => string = () => ''): Promise<T> {
		this.#log(`▶ ${stage}`);
		const started = performance.now();
		try {
			const result = await body();
			this.#finish(stage, 'passed', started, summary(result));
			return result;
		} catch (error) {
			this.#finish(stage, 'failed', started, error instanceof Error ? error.message : String(error));
			throw error instanceof ReleaseStageError ? error : new ReleaseStageError(stage, error);
		}
	}

	/** Record a stage that ended with a negative verdict without throwing (the gate). */
	mark(stage: string, result: StageResult, detail: string, seconds = 0): void {
		this.records.push({ stage, result, seconds, detail });
		this.#log(
			`${result === 'skipped' ? '·' : '■'} ${stage} ${result}${seconds ? ` in ${formatSeconds(seconds)}` : ''}${detail ? `: ${detail}` : ''}`
		);
	}

	#finish(stage: string, result: StageResult, started: number, detail: string): void {
		const seconds = (performance.now() - started) / 1000;
		this.records.push({ stage, result, seconds, detail });
		this.#log(`${result === 'passed' ? '✔' : '✖'} ${stage} ${result} in ${formatSeconds(seconds)}${detail ? `: ${detail}` : ''}`);
	}

	summary(title: string): string {
		const width = Math.max(...this.records.map((r) => r.stage.length), 5);
		const rows = this.records.map(
			(r) => `  ${r.stage.padEnd(width)}  ${r.result.padEnd(8)}  ${formatSeconds(r.seconds).padStart(7)}  ${r.detail}`
		);
		const total = this.records.reduce((s, r) => s + r.seconds, 0);
		return [
			`\n${title}`,
			`  ${'stage'.padEnd(width)}  ${'result'.padEnd(8)}  ${'time'.padStart(7)}  detail`,
			...rows,
			`  total ${formatSeconds(total)}`
		].join('\n');
	}
}
