/**
 * Node, model only: the champion as TF.js (rebuilt from the ONNX weights; native
 * tfjs-node where installed, else the WASM backend the training uses) against
 * onnxruntime-node (1 thread = the product's default, and every core).
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../training/src/backend.ts';
import { checkParity, timeInterleaved, type Contender, type ModelPlan, type ModelResult, type ParityResult } from '../lib/contenders.ts';
import { encodeBatches } from '../lib/inputs.ts';
import { readTfjsSpec } from '../lib/onnx-weights.ts';
import { buildTfjsModel, predictTfjs } from '../lib/tfjs-model.ts';
import type { BenchBundle } from '../lib/bundle.ts';
import { CodedError } from '#lib/errors.ts';

export interface NodeModelReport {
	tfjsBackend: string;
	parity: ParityResult[];
	results: ModelResult[];
}

export class ParityMismatchError extends CodedError<'BENCH_PARITY'> {
	constructor(message: string) {
		super('BENCH_PARITY', message);
	}
}

export const PARITY_LIMIT = 1e-5;

async function ortContender(bundle: BenchBundle, threads: number): Promise<Contender> {
	const ort = await import('onnxruntime-node');
	const session = await ort.InferenceSession.create(bundle.modelBytes, { intraOpNumThreads: threads, interOpNumThreads: 1 });
	const output = session.outputNames[0];
	return {
		runtime: 'onnxruntime-node',
		backend: 'cpu',
		threads,
		async run(x) {
			const result = await session.run({
				features: new ort.Tensor('float32', x.features, [x.batch, x.tokens, x.dim]),
				mask: new ort.Tensor('float32', x.mask, [x.batch, x.tokens])
			});
			return result[output].data as Float32Array;
		},
		release: () => session.release()
	};
}

export async function benchNodeModel(
	bundle: BenchBundle,
	texts: readonly string[],
	plan: ModelPlan,
	log: (line: string) => void
): Promise<NodeModelReport> {
	const backend = await initBackend();
	const model = buildTfjsModel(readTfjsSpec(bundle.modelBytes));
	const tfjs: Contender = {
		runtime: 'tfjs',
		backend: backend.tfBackend,
		threads: 1,
		run: (x) => predictTfjs(model, x.features, x.mask, x.batch, x.tokens, x.dim)
	};
	const cores = os.availableParallelism();
	const ort1 = await ortContender(bundle, 1);
	const ortAll = cores > 1 ? await ortContender(bundle, cores) : null;
	const contenders = [tfjs, ort1, ...(ortAll ? [ortAll] : [])];

	const parity = await checkParity(ort1, [tfjs, ...(ortAll ? [ortAll] : [])], encodeBatches(texts, bundle.vocabulary, 256, 4));
	const bad = parity.find((p) => !(p.maxAbsDiff < PARITY_LIMIT));
	if (bad)
		throw new ParityMismatchError(
			`TF.js (${bad.backend}) and onnxruntime-node disagree by ${bad.maxAbsDiff} (limit ${PARITY_LIMIT}): the rebuilt TF.js model is not the champion; timing them would compare different models.`
		);
	log(`  parity ok: ${parity.map((p) => `${p.runtime}/${p.backend}/${p.threads}t ${p.maxAbsDiff.toExponential(1)}`).join(', ')}`);

	const results: ModelResult[] = [];
	for (const [batch, loop] of Object.entries(plan.loops)) {
		const inputs = encodeBatches(texts, bundle.vocabulary, Number(batch), Number(batch) === 1 ? 64 : 4);
		for (const r of await timeInterleaved(contenders, inputs, loop)) {
			log(
				`  node ${r.runtime}/${r.backend}/${r.threads}t batch ${batch}: p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms (${r.runs} runs)`
			);
			results.push(r);
		}
	}
	for (const c of contenders) await c.release?.();
	model.dispose();
	return { tfjsBackend: `${backend.name}${tf.getBackend() === 'wasm' ? ' (SIMD, 1 thread)' : ''}`, parity, results };
}
