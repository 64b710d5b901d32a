/**
 * Named pipeline stages with durations: every stage logs when it starts and how long
 * it took, and a failure names the stage it happened in.
 */
import { CodedError } from '../../../src/lib/errors.ts';
import { formatSeconds } from '../model/progress.ts';

export class StageError extends CodedError<'TRAIN_STAGE_FAILED'> {
	readonly stage: string;
	constructor(stage: string, cause: unknown) {
		super('TRAIN_STAGE_FAILED', `Stage "${stage}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
		this.stage = stage;
	}
}

export interface StageTiming {
	stage: string;
	seconds: number;
}

export interface StageRunner {
	<T>(name: string, run: () => Promise<T> | T, summary?: (result: T) => string): Promise<T>;
	readonly timings: StageTiming[];
}

export function stageRunner(log: (line: string) => void): StageRunner {
	const timings: StageTiming[] = [];
	const run = async <T>(name: string, body: () => Promise<T> | T, summary?: (result: T) => string): Promise<T> => {
		log(`> ${name}`);
		const started = performance.now();
		let result: T;
		try {
			result = await body();
		} catch (error) {
			throw new StageError(name, error);
		}
		const seconds = (performance.now() - started) / 1000;
		timings.push({ stage: name, seconds });
		log(`  ${name} done in ${formatSeconds(seconds)}${summary ? `: ${summary(result)}` : ''}`);
		return result;
	};
	return Object.assign(run, { timings });
}
