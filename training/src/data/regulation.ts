/**
 * The regulation the synthetic data is labelled by. This module and the generator that
 * calls it are the ONLY places that know the rule: the featurizer, the model, the app
 * and the pipeline learn it from labelled samples, so customer data with another rule
 * trains with the same code.
 *
 *   non-compliant (1): manufactured before 1995, OR fair/poor condition, OR plastic/iron
 *   compliant (0):     every fact known and allowed (steel or carbon fiber, new or good, 1995+)
 *   cannot decide (null): no disallowed fact, but a fact is missing or a material unknown
 *
 * One disallowed fact decides on its own ("cast iron bracket" is non-compliant whatever
 * else is missing); a compliant verdict needs every fact.
 */
import type { Condition, Material } from './lexicon.ts';

/** The facts of one description; null = not stated. 'other' = a material the regulation does not list. */
export interface Facts {
	year: number | null;
	material: Material | 'other' | null;
	condition: Condition | null;
}

export type Verdict = 0 | 1 | null;

export const REGULATION = {
	id: 'cutoff-1995',
	cutoffYear: 1995,
	allowedMaterials: ['steel', 'carbon fiber'] as readonly Material[],
	bannedMaterials: ['plastic', 'iron'] as readonly Material[],
	allowedConditions: ['new', 'good'] as readonly Condition[],
	bannedConditions: ['fair', 'poor'] as readonly Condition[]
} as const;

export function regulationLabel(f: Facts): Verdict {
	const r = REGULATION;
	if (f.year !== null && f.year < r.cutoffYear) return 1;
	if (f.material !== null && f.material !== 'other' && r.bannedMaterials.includes(f.material)) return 1;
	if (f.condition !== null && r.bannedConditions.includes(f.condition)) return 1;
	if (f.year === null || f.material === null || f.material === 'other' || f.condition === null) return null;
	return 0;
}

/** Does this year break the regulation on its own? (the generator balances years around the cut-off) */
export const yearAllowed = (year: number) => year >= REGULATION.cutoffYear;

/** Years where a mistake shows first: each side of the cut-off, and the ends of the decade around it. */
export function boundaryYears(): number[] {
	const c = REGULATION.cutoffYear;
	return [c - 1, c, c - 5, c + 4];
}
