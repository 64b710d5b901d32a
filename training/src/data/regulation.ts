/**
 * The regulation the synthetic and hand-written data are labelled by, read from
 * `training/regulations/<id>.json`. This module and the generator that calls it are the
 * ONLY places that know the rule: the featurizer, the model, the app and the pipeline
 * learn it from labelled samples, so another regulation (or customer data) trains with the
 * same code.
 *
 *   non-compliant (1): manufactured before the cut-off year, OR a banned condition, OR a banned material
 *   compliant (0):     every fact known and allowed
 *   cannot decide (null): no banned fact, but a fact is missing or a material unknown
 *
 * One banned fact decides on its own ("cast iron bracket" is non-compliant whatever else
 * is missing); a compliant verdict needs every fact.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CodedError } from '../../../src/lib/errors.ts';
import { CONDITIONS, MATERIALS, type Condition, type Material } from './lexicon.ts';

/** The facts of one description; null = not stated. 'other' = a material the regulation does not list. */
export interface Facts {
	year: number | null;
	material: Material | 'other' | null;
	condition: Condition | null;
}

export type Verdict = 0 | 1 | null;

export const REGULATIONS_DIR = path.resolve(import.meta.dirname, '../../regulations');
export const DEFAULT_REGULATION_ID = 'cutoff-1995';

const regulationSchema = z
	.object({
		id: z.string().regex(/^[a-z0-9-]+$/),
		title: z.string().min(1),
		description: z.string().optional(),
		cutoffYear: z.number().int().min(1900).max(2100),
		allowedMaterials: z.array(z.enum(MATERIALS)).min(1),
		bannedMaterials: z.array(z.enum(MATERIALS)),
		allowedConditions: z.array(z.enum(CONDITIONS)).min(1),
		bannedConditions: z.array(z.enum(CONDITIONS)),
		surfaceForms: z.string().optional()
	})
	.refine((r) => MATERIALS.every((m) => r.allowedMaterials.includes(m) !== r.bannedMaterials.includes(m)), {
		message: `every material (${MATERIALS.join(', ')}) must be either allowed or banned`
	})
	.refine((r) => CONDITIONS.every((c) => r.allowedConditions.includes(c) !== r.bannedConditions.includes(c)), {
		message: `every condition (${CONDITIONS.join(', ')}) must be either allowed or banned`
	});

export type Regulation = z.infer<typeof regulationSchema>;

export class RegulationError extends CodedError<'REGULATION_INVALID'> {
	constructor(message: string) {
		super('REGULATION_INVALID', message);
	}
}

export function listRegulations(): string[] {
	return readdirSync(REGULATIONS_DIR)
		.filter((f) => f.endsWith('.json'))
		.map((f) => f.slice(0, -5))
		.sort();
}

export function loadRegulation(id: string = DEFAULT_REGULATION_ID): Regulation {
	let json: unknown;
	try {
		json = JSON.parse(readFileSync(path.join(REGULATIONS_DIR, `${id}.json`), 'utf8'));
	} catch (cause) {
		throw new RegulationError(`Regulation "${id}" cannot be read (${(cause as Error).message}). Known: ${listRegulations().join(', ')}`);
	}
	const parsed = regulationSchema.safeParse(json);
	if (!parsed.success)
		throw new RegulationError(
			`training/regulations/${id}.json is not a valid regulation: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`
		);
	if (parsed.data.id !== id)
		throw new RegulationError(`training/regulations/${id}.json says its id is "${parsed.data.id}"; the file name and the id must match`);
	return parsed.data;
}

/** The regulation in force by default (the committed champion's). */
export const REGULATION: Regulation = loadRegulation();

export function regulationLabel(f: Facts, r: Regulation = REGULATION): Verdict {
	if (f.year !== null && f.year < r.cutoffYear) return 1;
	if (f.material !== null && f.material !== 'other' && r.bannedMaterials.includes(f.material)) return 1;
	if (f.condition !== null && r.bannedConditions.includes(f.condition)) return 1;
	if (f.year === null || f.material === null || f.material === 'other' || f.condition === null) return null;
	return 0;
}

/** Does this year break the regulation on its own? (the generator balances years around the cut-off) */
export const yearAllowed = (year: number, r: Regulation = REGULATION) => year >= r.cutoffYear;

/** Years where a mistake shows first: each side of the cut-off, and the ends of the decade around it. */
export function boundaryYears(r: Regulation = REGULATION): number[] {
	const c = r.cutoffYear;
	return [c - 1, c, c - 5, c + 4];
}

/** Facts from a sample's fact columns (hand-written and frozen rows), or null without them. */
export function factsOf(meta: { year: number | null; material: string | null; condition: string | null } | undefined): Facts | null {
	if (!meta) return null;
	const material =
		meta.material === null || meta.material === 'other' || (MATERIALS as readonly string[]).includes(meta.material)
			? meta.material
			: 'other';
	const condition = meta.condition !== null && (CONDITIONS as readonly string[]).includes(meta.condition) ? meta.condition : null;
	return { year: meta.year, material: material as Facts['material'], condition: condition as Facts['condition'] };
}

/** The same rows labelled by another regulation, from their fact columns (rows without facts keep their label). */
export function relabel<S extends { label: Verdict; meta?: { year: number | null; material: string | null; condition: string | null } }>(
	samples: readonly S[],
	r: Regulation
): S[] {
	return samples.map((s) => {
		const facts = factsOf(s.meta);
		return facts ? { ...s, label: regulationLabel(facts, r) } : s;
	});
}
