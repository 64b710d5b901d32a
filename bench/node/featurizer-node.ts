/**
 * Node: featurizer cost per description and its share of a full classification
 * (Classifier.classify of one description on onnxruntime-node, as the CLI and server do).
 */
import { loadNodeClassifier } from '#lib/inference/load-node.ts';
import { timeFeaturizer, type FeaturizerResult } from '../lib/featurizer-timing.ts';
import { summarize, timeLoop, type LatencySummary, type LoopOptions } from '../lib/stats.ts';
import type { BenchBundle } from '../lib/bundle.ts';

export interface NodeFeaturizerReport {
	featurizer: FeaturizerResult;
	/** Classifier.classify([text]) end to end, ms. */
	classifySingle: LatencySummary;
	/** featurizer p50 / classify p50. */
	featurizerShare: number;
}

export async function benchNodeFeaturizer(bundle: BenchBundle, texts: readonly string[], loop: LoopOptions): Promise<NodeFeaturizerReport> {
	const featurizer = await timeFeaturizer(texts, bundle.vocabulary, loop);
	const classifier = await loadNodeClassifier({ modelsDir: bundle.modelsDir, version: bundle.version });
	let i = 0;
	const classifySingle = summarize(await timeLoop(() => classifier.classify([texts[i++ % texts.length]]), loop));
	return { featurizer, classifySingle, featurizerShare: featurizer.single.p50 / classifySingle.p50 };
}
