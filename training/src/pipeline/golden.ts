/**
 * Golden examples for a bundle: ~12 diverse, correctly classified test descriptions.
 * The app re-classifies them after loading a model (self-test), so they should cover
 * what breaks first when a featurizer or export goes wrong: years at the cut-over
 * region, numbers that are not years, typos, every material and condition, both labels.
 *
 * Selection reads `Sample.meta` when present (synthetic data); customer data has none,
 * so it falls back to spreading picks over the probability range and both labels.
 */
import type { Sample } from '../data/generator.ts';
import { boundaryYears, REGULATION, type Regulation } from '../data/regulation.ts';

export interface GoldenCandidate {
	sample: Sample;
	probability: number;
}

type Want = (s: Sample) => boolean;

/** What to cover, generically: the regulation's boundary years, numbers that are not years, typos, every material and condition. */
function wants(candidates: readonly GoldenCandidate[], regulation: Regulation): Want[] {
	const values = (key: 'material' | 'condition') =>
		[...new Set(candidates.map((c) => c.sample.meta?.[key]).filter((v) => v != null))].sort();
	return [
		...boundaryYears(regulation).map(
			(year): Want =>
				(s) =>
					s.meta?.year === year
		),
		(s) => (s.meta?.distractors ?? 0) > 0 && s.label === 0,
		(s) => (s.meta?.distractors ?? 0) > 0 && s.label === 1,
		(s) => s.meta?.typo === true,
		...values('material').map(
			(m): Want =>
				(s) =>
					s.meta?.material === m
		),
		...values('condition').map(
			(c): Want =>
				(s) =>
					s.meta?.condition === c
		)
	];
}

export function pickGolden(
	candidates: readonly GoldenCandidate[],
	count = 12,
	threshold = 0.5,
	regulation: Regulation = REGULATION
): GoldenCandidate[] {
	const correct = candidates.filter((c) => (c.probability >= threshold ? 1 : 0) === c.sample.label && c.sample.text.length <= 200);
	const chosen: GoldenCandidate[] = [];
	const used = new Set<string>();
	const take = (c: GoldenCandidate | undefined) => {
		if (!c || used.has(c.sample.text) || chosen.length >= count) return;
		used.add(c.sample.text);
		chosen.push(c);
	};
	for (const want of wants(correct, regulation)) take(correct.find((c) => want(c.sample) && !used.has(c.sample.text)));
	// Fill up (and cover data without meta): evenly spaced over the probability range, so both labels and confident and less confident cases.
	const byProbability = [...correct].sort((a, b) => a.probability - b.probability);
	const slots = count - chosen.length;
	for (let k = 0; k < slots; k++) take(byProbability[Math.floor(((k + 0.5) / slots) * byProbability.length)]);
	for (const c of byProbability) take(c);
	return chosen;
}
