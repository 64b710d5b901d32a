/**
 * One batch of the inventory re-scan inside the worker: the champion's verdicts on
 * descriptions already saved. A description the featurizer refuses (saved by an older
 * app) gets null and is left as it is. The page picks the batch size (RESCAN_BATCH in
 * pwa/rescan-state.svelte.ts) so that no inference code lands in the page's chunks.
 */
import { checkText, type Classifier } from './classifier.ts';
import type { Label } from './types.ts';

export interface BackgroundVerdict {
	model: string;
	label: Label;
	probability: number;
	needsReview: boolean;
	reviewReasons: string[];
}

export async function rescanVerdicts(champion: Classifier, texts: readonly string[]): Promise<(BackgroundVerdict | null)[]> {
	const valid = texts.map((t) => checkText(t) === null);
	const kept = texts.filter((_, i) => valid[i]);
	const verdicts = kept.length > 0 ? await champion.classify(kept) : [];
	let next = 0;
	return valid.map((ok) => {
		if (!ok) return null;
		const v = verdicts[next++];
		return { model: v.model, label: v.label, probability: v.probability, needsReview: v.needsReview, reviewReasons: v.reviewReasons };
	});
}
