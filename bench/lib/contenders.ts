/**
 * Model-only contenders and the loop that times them the same way, in Node and in the
 * browser worker: the same encoded inputs, batch 1 and batch 256, parity checked
 * against a reference before any timing.
 */
import { summarize, throughput, timeLoop, type LatencySummary, type LoopOptions } from './stats.ts';

export interface EncodedInput {
	features: Float32Array;
	mask: Float32Array;
	batch: number;
	tokens: number;
	dim: number;
}

export interface Contender {
	/** e.g. "onnxruntime-node", "tfjs". */
	runtime: string;
	/** e.g. "cpu", "wasm", "webgl", "webgpu". */
	backend: string;
	threads: number;
	run(input: EncodedInput): Promise<Float32Array>;
	release?(): Promise<void> | void;
}

export interface ModelResult extends LatencySummary {
	runtime: string;
	backend: string;
	threads: number;
	batch: number;
	/** Descriptions per second at the median. */
	perSecond: number;
}

export interface ParityResult {
	runtime: string;
	backend: string;
	threads: number;
	/** max |p - p_reference| over the parity inputs. */
	maxAbsDiff: number;
	samples: number;
}

export interface ModelPlan {
	/** batch size -> loop options. */
	loops: Record<number, LoopOptions>;
}

/** max |a - b|, NaN-safe (a NaN counts as infinitely far). */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
	let worst = 0;
	for (let i = 0; i < a.length; i++) {
		const d = Math.abs(a[i] - b[i]);
		worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
	}
	return a.length === b.length ? worst : Infinity;
}

export async function checkParity(
	reference: Contender,
	others: readonly Contender[],
	inputs: readonly EncodedInput[]
): Promise<ParityResult[]> {
	const expected = await Promise.all(inputs.map((input) => reference.run(input)));
	const results: ParityResult[] = [];
	for (const c of others) {
		let worst = 0;
		for (let i = 0; i < inputs.length; i++)
			worst = Math.max(worst, maxAbsDiff(expected[i], (await c.run(inputs[i])).slice(0, inputs[i].batch)));
		results.push({
			runtime: c.runtime,
			backend: c.backend,
			threads: c.threads,
			maxAbsDiff: worst,
			samples: inputs.reduce((n, x) => n + x.batch, 0)
		});
	}
	return results;
}

/** Time one contender on inputs of one batch size, cycling through `inputs`. */
export async function timeContender(c: Contender, inputs: readonly EncodedInput[], loop: LoopOptions): Promise<ModelResult> {
	let i = 0;
	const samples = await timeLoop(() => c.run(inputs[i++ % inputs.length]), loop);
	return modelResult(c, inputs[0].batch, samples);
}

function modelResult(c: Contender, batch: number, samples: number[]): ModelResult {
	const summary = summarize(samples);
	return { runtime: c.runtime, backend: c.backend, threads: c.threads, batch, ...summary, perSecond: throughput(batch, summary.p50) };
}

/**
 * Time several contenders round-robin on the same inputs (one call each per round, the
 * starting contender rotating), so a change in machine load hits all of them alike and
 * their ratio stays meaningful on a shared machine. `loop.maxMs` bounds the whole loop.
 */
export async function timeInterleaved(
	contenders: readonly Contender[],
	inputs: readonly EncodedInput[],
	loop: LoopOptions
): Promise<ModelResult[]> {
	for (const c of contenders) for (let i = 0; i < loop.warmup; i++) await c.run(inputs[i % inputs.length]);
	const samples = contenders.map(() => [] as number[]);
	const minRuns = loop.minRuns ?? 5;
	const started = performance.now();
	for (let round = 0; round < loop.runs && (round < minRuns || performance.now() - started < loop.maxMs); round++) {
		const input = inputs[round % inputs.length];
		for (let k = 0; k < contenders.length; k++) {
			const index = (round + k) % contenders.length;
			const t0 = performance.now();
			await contenders[index].run(input);
			samples[index].push(performance.now() - t0);
		}
	}
	return contenders.map((c, i) => modelResult(c, inputs[0].batch, samples[i]));
}
