/** Encoded model inputs for the model-only timings, made by the product's featurizer. */
import { featurize, type Vocabulary } from '#lib/text/index.ts';
import type { EncodedInput } from './contenders.ts';

/** `count` consecutive batches of `batch` texts each (texts reused cyclically). */
export function encodeBatches(texts: readonly string[], vocabulary: Vocabulary, batch: number, count: number): EncodedInput[] {
	const out: EncodedInput[] = [];
	for (let b = 0; b < count; b++) {
		const chunk = Array.from({ length: batch }, (_, i) => texts[(b * batch + i) % texts.length]);
		const e = featurize(chunk, vocabulary);
		out.push({ features: e.features, mask: e.mask, batch: e.batch, tokens: e.length, dim: e.dim });
	}
	return out;
}
