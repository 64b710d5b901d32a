/**
 * The shadow challenger: after the champion answered, the challenger classifies the same
 * texts so that telemetry can compare the two. Best effort: a failing challenger never
 * touches the champion's answer.
 */
import type { Classifier } from './classifier.ts';
import type { Classification } from './types.ts';
import type { WorkQueue } from './work-queue.ts';

/** The challenger's verdicts on `texts` (queued behind other work), or null without a (working) challenger. */
export async function shadowVerdicts(
	challenger: Classifier | null,
	texts: readonly string[],
	queue: WorkQueue
): Promise<Classification[] | null> {
	if (!challenger) return null;
	try {
		return await queue.run(0, () => challenger.classify(texts));
	} catch {
		return null;
	}
}
