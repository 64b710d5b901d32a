/**
 * An explanation split into small jobs for the fair queue: the same occlusion rows as
 * Classifier.explain (the text, then the text without each token), OCCLUSIONS_PER_JOB
 * rows per model run instead of up to 256. A 2,000-character description is ~300 rows;
 * in one run it held the server for over a second, so another key's request waited that
 * long. Same numbers as Classifier.explain (tested).
 */
import type { Classifier } from '#lib/inference/classifier.ts';
import type { Explanation } from '#lib/inference/types.ts';
import { REVIEW_SIGNALS } from '#lib/bundle/model-contract.ts';

export const OCCLUSIONS_PER_JOB = 16;

type Run = <T>(job: () => Promise<T>) => Promise<T>;

export async function explainInJobs(champion: Classifier, text: string, run: Run, perJob = OCCLUSIONS_PER_JOB): Promise<Explanation> {
	const analyzed = champion.analyze(text);
	const rows = analyzed.tokens.length + 1;
	const probability = new Float32Array(rows);
	let signals: Float32Array | null = null;
	for (let from = 0; from < rows; from += perJob) {
		const count = Math.min(perJob, rows - from);
		// Row 0 is the text itself; row i > 0 leaves out token i - 1.
		const occlude = Array.from({ length: count }, (_, j) => (from + j === 0 ? undefined : new Set([from + j - 1])));
		const scores = await run(() =>
			champion.scores(
				Array.from({ length: count }, () => analyzed),
				occlude
			)
		);
		probability.set(scores.probability, from);
		if (from === 0 && scores.review) signals = scores.review.slice(0, REVIEW_SIGNALS.length);
	}
	const p0 = probability[0];
	return {
		...champion.verdict(analyzed, p0, signals),
		tokens: analyzed.tokens.map((t, i) => {
			const c = { text: t.text, start: t.start, end: t.end, kind: t.kind, contribution: p0 - probability[i + 1] };
			return t.correctedTo ? { ...c, correctedTo: t.correctedTo } : c;
		})
	};
}
