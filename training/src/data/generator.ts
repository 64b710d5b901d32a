/**
 * Synthetic labelled descriptions for the compliance classifier: the classic sentence
 * shapes (shapes.ts) and realistic compositions (realistic.ts), labelled by
 * `regulation.ts`, the only place the rule exists. The featurizer, the model and the
 * pipeline learn it from these samples, so customer data with another rule can be
 * trained with the same code.
 */
import { tokenize } from '../../../src/lib/text/index.ts';
import {
	CONDITION_FORMS,
	CONDITIONS,
	FILLERS,
	GENERIC_NOUNS,
	MATERIAL_FORMS,
	MATERIALS,
	MONTHS,
	MONTHS_SHORT,
	PARTS,
	type Condition,
	type Material
} from './lexicon.ts';
import { createRandom, type Random } from './random.ts';
import { composeRealistic, drawAnyYear } from './realistic.ts';
import { REGULATION, regulationLabel, yearAllowed, type Facts, type Regulation, type Verdict } from './regulation.ts';
import { HELD_OUT_SHAPE_IDS, SHAPES, type ShapeContext } from './shapes.ts';
import { misspellPhrase, pickYearStyle, writeDistractor, writeYear } from './surface.ts';
import { CodedError } from '../../../src/lib/errors.ts';

export interface SampleMeta {
	/** Manufacturing year; null when the text states none. */
	year: number | null;
	/** Canonical material: steel, carbon fiber, plastic, iron, other; null when not stated. */
	material: string | null;
	/** Canonical condition: new, good, fair, poor; null when not stated. */
	condition: string | null;
	/** Sentence shape id (see SHAPE_IDS), or "realistic" for composed descriptions. */
	shape: string;
	/** What the sample exercises (negation, other-year, missing-fact ...): an evaluation slice. */
	phenomenon?: string;
	/** A material or condition word was misspelled. */
	typo?: boolean;
	/** How many numbers that are not years the text contains. */
	distractors?: number;
}

export interface Sample {
	text: string;
	/** 1 non-compliant, 0 compliant, null: the text does not say enough to decide (needs review). */
	label: Verdict;
	meta?: SampleMeta;
	/** Training weight (default 1): hand-written rows count more than generated ones. */
	weight?: number;
}

/** A sample whose label is known (evaluation of verdicts skips the undecidable ones). */
export type DecidedSample = Sample & { label: 0 | 1 };
export const isDecided = (s: Sample): s is DecidedSample => s.label !== null;

export interface GenerateOptions {
	count: number;
	seed: number;
	/** Only these sentence shapes (default: all). */
	shapes?: readonly string[];
	/** Share of samples with a misspelled material or condition word (default 0.05). */
	typoRate?: number;
	/** Share of realistic compositions (realistic.ts) instead of classic shapes (default 0.65). */
	realisticShare?: number;
	/** Share of samples that cannot be decided from their text (default 0.2). */
	undecidableShare?: number;
	/** The regulation that labels the samples (default training/regulations/cutoff-1995.json). */
	regulation?: Regulation;
}

export const SHAPE_IDS: readonly string[] = SHAPES.map((s) => s.id);
export const DEFAULT_HELD_OUT_SHAPES: readonly string[] = HELD_OUT_SHAPE_IDS;

export class GeneratorOptionsError extends CodedError<'GENERATOR_OPTIONS'> {
	constructor(message: string) {
		super('GENERATOR_OPTIONS', message);
	}
}

function drawYearWhere(rng: Random, keep: (year: number) => boolean, r: Regulation): number {
	for (;;) {
		const year = drawAnyYear(rng, r);
		if (keep(year)) return year;
	}
}

interface Attributes {
	year: number;
	material: Material;
	condition: Condition;
}

/**
 * Attributes with the wanted label. Half of the non-compliant samples break exactly one
 * rule, so each rule is seen on its own and not only alongside the others.
 */
function drawAttributes(label: 0 | 1, rng: Random, r: Regulation): Attributes {
	const compliantYear = () => drawYearWhere(rng, (y) => yearAllowed(y, r), r);
	if (label === 0) return { year: compliantYear(), material: rng.pick(r.allowedMaterials), condition: rng.pick(r.allowedConditions) };
	if (rng.chance(0.55)) {
		const broken = rng.pick(['year', 'material', 'condition'] as const);
		return {
			year: broken === 'year' ? drawYearWhere(rng, (y) => !yearAllowed(y, r), r) : compliantYear(),
			material: rng.pick(broken === 'material' ? r.bannedMaterials : r.allowedMaterials),
			condition: rng.pick(broken === 'condition' ? r.bannedConditions : r.allowedConditions)
		};
	}
	for (;;) {
		const a: Attributes = { year: drawAnyYear(rng, r), material: rng.pick(MATERIALS), condition: rng.pick(CONDITIONS) };
		if (regulationLabel(a, r) === 1) return a;
	}
}

function applyCasing(text: string, rng: Random): string {
	return rng.weighted<() => string>([
		[() => text, 72],
		[() => text.toLowerCase(), 13],
		[() => text.toUpperCase(), 8],
		[() => text.charAt(0).toUpperCase() + text.slice(1), 7]
	])();
}

function render(attributes: Attributes, shapeIndex: number, typoRate: number, rng: Random): { text: string; meta: SampleMeta } {
	const shape = SHAPES[shapeIndex];
	let material = rng.weighted(MATERIAL_FORMS[attributes.material]);
	let condition = rng.weighted(CONDITION_FORMS[attributes.condition]);
	let typo = false;
	if (rng.chance(typoRate)) {
		if (rng.chance(0.5)) material = misspellPhrase(material, rng);
		else condition = misspellPhrase(condition, rng);
		typo = true;
	}
	let distractors = 0;
	const context: ShapeContext = {
		rng,
		part: rng.pick(PARTS),
		material,
		condition,
		noun: rng.pick(GENERIC_NOUNS),
		year: (styles) => writeYear(attributes.year, pickYearStyle(rng, styles), rng),
		distractor: () => {
			distractors++;
			return writeDistractor(rng);
		},
		filler: () => rng.pick(FILLERS)
	};
	let text = shape.render(context);
	const extras = rng.weighted([
		[0, 50],
		[1, 40],
		[2, 10]
	] as const);
	for (let i = 0; i < extras; i++) {
		const extra = context.distractor();
		text = rng.chance(0.3) ? `${extra}${rng.pick([' ', ': ', ' - '])}${text}` : `${text}${rng.pick([' ', ', ', '; ', ' - '])}${extra}`;
	}
	if (rng.chance(0.1)) text = rng.chance(0.5) ? `${context.filler()}: ${text}` : `${text} (${context.filler()})`;
	text = applyCasing(text, rng);
	if (rng.chance(0.1) && !/[.}]$/.test(text)) text += '.';
	if (rng.chance(0.04)) text = text.replace(' ', '  ');
	const meta: SampleMeta = {
		year: attributes.year,
		material: attributes.material,
		condition: attributes.condition,
		shape: shape.id,
		distractors
	};
	if (typo) meta.typo = true;
	return { text, meta };
}

/**
 * `count` samples, the same for the same seed: a share cannot be decided (label null),
 * the rest alternate between the labels, then everything is shuffled.
 */
export function generate(options: GenerateOptions): Sample[] {
	const { count, seed, typoRate = 0.05, realisticShare = 0.65, undecidableShare = 0.2, regulation = REGULATION } = options;
	if (!Number.isInteger(count) || count < 0) throw new GeneratorOptionsError(`count must be a non-negative integer, got ${count}`);
	const shapeIndexes = (options.shapes ?? SHAPE_IDS).map((id) => {
		const i = SHAPE_IDS.indexOf(id);
		if (i === -1) throw new GeneratorOptionsError(`Unknown sentence shape "${id}". Known shapes: ${SHAPE_IDS.join(', ')}`);
		return i;
	});
	if (shapeIndexes.length === 0) throw new GeneratorOptionsError('shapes must name at least one sentence shape');
	const rng = createRandom(seed);
	const samples: Sample[] = [];
	// Explicit shapes (tests, held-out shape sets) get classic samples only.
	const realistic = options.shapes === undefined ? realisticShare : 0;
	for (let i = 0; i < count; i++) {
		const undecidable = realistic > 0 && rng.chance(undecidableShare);
		const label: Verdict = undecidable ? null : i % 2 === 0 ? 0 : 1;
		if (undecidable || rng.chance(realistic)) {
			const c = composeRealistic(label, rng, typoRate, regulation);
			samples.push({ text: c.text, label: c.label, meta: { ...metaOf(c.facts), shape: 'realistic', phenomenon: c.phenomenon } });
			continue;
		}
		const attributes = drawAttributes(label ?? 1, rng, regulation);
		const { text, meta } = render(attributes, rng.pick(shapeIndexes), typoRate, rng);
		samples.push({ text, label: regulationLabel(attributes, regulation), meta: { ...meta, phenomenon: 'template' } });
	}
	return rng.shuffle(samples);
}

function metaOf(f: Facts): Pick<SampleMeta, 'year' | 'material' | 'condition'> {
	return { year: f.year, material: f.material, condition: f.condition };
}

/**
 * Every word the generator can write, lower-cased as the featurizer looks them up: the
 * attribute lists plus the fixed words of every shape and distractor (collected by
 * tokenizing a typo-free sample that covers all shapes).
 */
export function generatorLexicon(): string[] {
	const lists = [
		...Object.values(MATERIAL_FORMS)
			.flat()
			.map(([w]) => w),
		...Object.values(CONDITION_FORMS)
			.flat()
			.map(([w]) => w),
		...PARTS,
		...GENERIC_NOUNS,
		...FILLERS,
		...MONTHS,
		...MONTHS_SHORT
	];
	const texts = [...lists, ...generate({ count: 20_000, seed: 1, typoRate: 0 }).map((s) => s.text)];
	const words = new Set<string>();
	for (const text of texts) for (const t of tokenize(text)) if (t.kind === 'word') words.add(t.norm);
	return [...words].sort();
}
