/**
 * Parity gate: the exported ONNX model must give the TF.js model's numbers in both
 * runtimes we ship (onnxruntime-node and onnxruntime-web/WASM), on the same padded
 * batches. A model that fails is never registered.
 */
import * as tf from '@tensorflow/tfjs';
import { CodedError } from '../../../src/lib/errors.ts';
import { openNodeRunner, openWebRunner, type OnnxRunner } from './runtimes.ts';

export interface ParityBatch {
	features: Float32Array;
	mask: Float32Array;
	batch: number;
	/** Padded token count. */
	length: number;
	dim: number;
}

export interface ParityReport {
	samples: number;
	maxAbsDiffNode: number;
	maxAbsDiffWeb: number;
	/** Samples whose label (probability >= threshold) differs between TF.js and either runtime. */
	labelChanges: number;
	/** onnxruntime-node probabilities, batches concatenated in order. */
	onnxProbabilities: Float32Array;
	tfProbabilities: Float32Array;
}

export interface ParityOptions {
	tolerance?: number;
	threshold?: number;
	/** Refuse to vouch for a model on fewer samples (default 1000). */
	minSamples?: number;
}

export class ParityError extends CodedError<'ONNX_PARITY'> {
	readonly report: Omit<ParityReport, 'onnxProbabilities' | 'tfProbabilities'> | null;
	constructor(message: string, report: ParityReport | null = null) {
		super('ONNX_PARITY', message);
		this.report = report && {
			samples: report.samples,
			maxAbsDiffNode: report.maxAbsDiffNode,
			maxAbsDiffWeb: report.maxAbsDiffWeb,
			labelChanges: report.labelChanges
		};
	}
}

export const PARITY_TOLERANCE = 1e-5;

/** Run TF.js, onnxruntime-node and onnxruntime-web on the same batches and compare. Throws ParityError. */
export async function checkParity(
	model: tf.LayersModel,
	onnx: Uint8Array,
	batches: readonly ParityBatch[],
	options: ParityOptions = {}
): Promise<ParityReport> {
	const { tolerance = PARITY_TOLERANCE, threshold = 0.5, minSamples = 1000 } = options;
	const samples = batches.reduce((n, b) => n + b.batch, 0);
	if (samples < minSamples)
		throw new ParityError(`Parity needs at least ${minSamples} samples, got ${samples}; pass more data or lower minSamples`);
	const runners: OnnxRunner[] = [await openNodeRunner(onnx), await openWebRunner(onnx)];
	const tfProbabilities = new Float32Array(samples);
	const outputs = runners.map(() => new Float32Array(samples));
	// The review head is compared too: the app decides "needs review" from it.
	const maxDiff = runners.map(() => 0);
	const diff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
		let m = 0;
		for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) || (Number.isNaN(a[i]) ? Infinity : 0));
		return m;
	};
	try {
		let at = 0;
		for (const b of batches) {
			const [p, rv] = tf.tidy(
				() => model.predict([tf.tensor3d(b.features, [b.batch, b.length, b.dim]), tf.tensor2d(b.mask, [b.batch, b.length])]) as tf.Tensor[]
			);
			const tfP = (await p.data()) as Float32Array;
			const tfR = (await rv.data()) as Float32Array;
			tf.dispose([p, rv]);
			tfProbabilities.set(tfP, at);
			for (let r = 0; r < runners.length; r++) {
				const out = await runners[r].run(b.features, b.mask, b.batch, b.length, b.dim);
				outputs[r].set(out.probability, at);
				maxDiff[r] = Math.max(maxDiff[r], diff(out.probability, tfP), diff(out.review, tfR));
			}
			at += b.batch;
		}
	} finally {
		for (const r of runners) await r.release();
	}
	let labelChanges = 0;
	for (let i = 0; i < samples; i++) {
		const expected = tfProbabilities[i] >= threshold;
		if (outputs.some((o) => o[i] >= threshold !== expected)) labelChanges++;
	}
	const report: ParityReport = {
		samples,
		maxAbsDiffNode: maxDiff[0],
		maxAbsDiffWeb: maxDiff[1],
		labelChanges,
		onnxProbabilities: outputs[0],
		tfProbabilities
	};
	const worst = Math.max(...maxDiff);
	if (!(worst < tolerance) || labelChanges > 0) {
		throw new ParityError(
			`ONNX export does not match TF.js: max |diff| node ${maxDiff[0].toExponential(2)}, web ${maxDiff[1].toExponential(2)} (limit ${tolerance}), ` +
				`${labelChanges} of ${samples} labels changed. The export is wrong (check the conv kernel permutation [k,in,out] -> [out,in,k] and padding); the model was not registered.`,
			report
		);
	}
	return report;
}
