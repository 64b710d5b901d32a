/**
 * The export stages of `npm run train`: ONNX export, the parity gate (TF.js vs
 * onnxruntime-node and -web on the same padded batches) and the golden examples the app
 * re-checks after loading the bundle.
 */
import type * as tf from '@tensorflow/tfjs';
import { encode, featurize, type AnalyzedText, type Vocabulary } from '../../../src/lib/text/index.ts';
import type { GoldenExample } from '../../../src/lib/bundle/manifest.ts';
import type { Sample } from '../data/generator.ts';
import type { Regulation } from '../data/regulation.ts';
import { lengthSortedBatches } from '../model/batches.ts';
import { checkParity, type ParityBatch, type ParityReport } from '../onnx/parity.ts';
import { openNodeRunner } from '../onnx/runtimes.ts';
import { pickGolden } from './golden.ts';

function parityBatches(analyzed: readonly AnalyzedText[], vocab: Vocabulary): { batches: ParityBatch[]; order: number[] } {
	const batches: ParityBatch[] = [];
	const order: number[] = [];
	for (const indices of lengthSortedBatches(analyzed, 256)) {
		const encoded = encode(
			indices.map((i) => analyzed[i]),
			vocab
		);
		batches.push({ features: encoded.features, mask: encoded.mask, batch: encoded.batch, length: encoded.length, dim: encoded.dim });
		order.push(...indices);
	}
	return { batches, order };
}

/** Parity on `texts` (at least minSamples); the ONNX probabilities come back in input order. */
export async function runParity(
	model: tf.LayersModel,
	onnx: Uint8Array,
	texts: readonly AnalyzedText[],
	vocab: Vocabulary,
	threshold: number,
	minSamples: number
): Promise<ParityReport> {
	const { batches, order } = parityBatches(texts, vocab);
	const report = await checkParity(model, onnx, batches, { threshold, minSamples });
	const inOrder = new Float32Array(order.length);
	order.forEach((i, k) => (inOrder[i] = report.onnxProbabilities[k]));
	return { ...report, onnxProbabilities: inOrder };
}

/**
 * ~12 golden examples from decided test rows, each recomputed alone in onnxruntime-node
 * exactly as the app's self-test will (one text, no batch padding), review outputs too.
 */
export async function goldenExamples(
	onnx: Uint8Array,
	test: readonly Sample[],
	probabilities: Float32Array,
	vocab: Vocabulary,
	threshold: number,
	regulation?: Regulation
): Promise<GoldenExample[]> {
	const candidates = test.flatMap((sample, i) => (sample.label === null ? [] : [{ sample, probability: probabilities[i] }]));
	const golden = pickGolden(candidates, 12, threshold, regulation);
	const runner = await openNodeRunner(onnx);
	try {
		const out: GoldenExample[] = [];
		for (const g of golden) {
			const x = featurize([g.sample.text], vocab);
			const result = await runner.run(x.features, x.mask, 1, x.length, x.dim);
			const probability = result.probability[0];
			out.push({ text: g.sample.text, label: probability >= threshold ? 1 : 0, probability, review: [...result.review] });
		}
		return out;
	} finally {
		await runner.release();
	}
}
