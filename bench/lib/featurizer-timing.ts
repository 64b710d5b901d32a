/**
 * Featurizer cost per description (tokenize + years + vocabulary lookup/typo correction
 * + encode), one description at a time and in bulk. Shared by Node and the browser.
 */
import { featurize, type Vocabulary } from '#lib/text/index.ts';
import { summarize, timeLoop, type LatencySummary, type LoopOptions } from './stats.ts';

export interface FeaturizerResult {
	/** Per single description, ms. */
	single: LatencySummary;
	/** Bulk: mean ms per description when featurizing batches of 256. */
	bulkPerDescriptionMs: number;
	bulkDescriptions: number;
}

export async function timeFeaturizer(texts: readonly string[], vocabulary: Vocabulary, loop: LoopOptions): Promise<FeaturizerResult> {
	let i = 0;
	const single = summarize(await timeLoop(() => featurize([texts[i++ % texts.length]], vocabulary), loop));
	const started = performance.now();
	for (let from = 0; from < texts.length; from += 256) featurize(texts.slice(from, from + 256), vocabulary);
	const bulkPerDescriptionMs = (performance.now() - started) / texts.length;
	return { single, bulkPerDescriptionMs, bulkDescriptions: texts.length };
}
