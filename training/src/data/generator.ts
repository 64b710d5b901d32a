/**
 * Synthetic labelled descriptions for the compliance classifier.
 *
 * The regulation below is the ONLY place the rule exists: the featurizer, the model and
 * the pipeline learn it from these samples, so customer data with another rule can be
 * trained with the same code.
 *
 *   non-compliant (1): manufactured before 1995, OR fair/poor condition, OR plastic/iron
 *   compliant (0):     otherwise (carbon fiber or steel, good or new, 1995 or later)
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
import { HELD_OUT_SHAPE_IDS, SHAPES, type ShapeContext } from './shapes.ts';
import { misspellPhrase, pickYearStyle, writeDistractor, writeYear } from './surface.ts';

export interface SampleMeta {
	/** Manufacturing year. */
	year: number;
	/** Canonical material: steel, carbon fiber, plastic, iron. */
	material: string;
	/** Canonical condition: new, good, fair, poor. */
	condition: string;
	/** Sentence shape id (see SHAPE_IDS). */
	shape: string;
	/** A material or condition word was misspelled. */
	typo?: boolean;
	/** How many numbers that are not years the text contains. */
	distractors?: number;
}

export interface Sample {
	text: string;
	label: 0 | 1;
	meta?: SampleMeta;
}

export interface GenerateOptions {
	count: number;
	seed: number;
	/** Only these sentence shapes (default: all). */
	shapes?: readonly string[];
	/** Share of samples with a misspelled material or condition word (default 0.05). */
	typoRate?: number;
}

export const SHAPE_IDS: readonly string[] = SHAPES.map((s) => s.id);
export const DEFAULT_HELD_OUT_SHAPES: readonly string[] = HELD_OUT_SHAPE_IDS;

export const REGULATION_CUTOFF_YEAR = 1995;
const COMPLIANT_MATERIALS: readonly Material[] = ['steel', 'carbon fiber'];
const BANNED_MATERIALS: readonly Material[] = ['plastic', 'iron'];
const COMPLIANT_CONDITIONS: readonly Condition[] = ['new', 'good'];
const BANNED_CONDITIONS: readonly Condition[] = ['fair', 'poor'];

function regulationLabel(year: number, material: Material, condition: Condition): 0 | 1 {
	return year < REGULATION_CUTOFF_YEAR || BANNED_MATERIALS.includes(material) || BANNED_CONDITIONS.includes(condition) ? 1 : 0;
}

export class GeneratorOptionsError extends Error {
	readonly code = 'GENERATOR_OPTIONS';
	constructor(message: string) {
		super(message);
		this.name = 'GeneratorOptionsError';
	}
}

/** Years cluster around the cut-off (1990-1999 heavily), the rest spread over 1950-2030. */
function drawYear(rng: Random): number {
	return rng.weighted<() => number>([
		[() => rng.int(1990, 1999), 5],
		[() => rng.int(1980, 2009), 2],
		[() => rng.int(1950, 2030), 3]
	])();
}

function drawYearWhere(rng: Random, keep: (year: number) => boolean): number {
	for (;;) {
		const year = drawYear(rng);
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
function drawAttributes(label: 0 | 1, rng: Random): Attributes {
	const compliantYear = () => drawYearWhere(rng, (y) => y >= REGULATION_CUTOFF_YEAR);
	if (label === 0) return { year: compliantYear(), material: rng.pick(COMPLIANT_MATERIALS), condition: rng.pick(COMPLIANT_CONDITIONS) };
	if (rng.chance(0.55)) {
		const broken = rng.pick(['year', 'material', 'condition'] as const);
		return {
			year: broken === 'year' ? drawYearWhere(rng, (y) => y < REGULATION_CUTOFF_YEAR) : compliantYear(),
			material: rng.pick(broken === 'material' ? BANNED_MATERIALS : COMPLIANT_MATERIALS),
			condition: rng.pick(broken === 'condition' ? BANNED_CONDITIONS : COMPLIANT_CONDITIONS)
		};
	}
	for (;;) {
		const a: Attributes = { year: drawYear(rng), material: rng.pick(MATERIALS), condition: rng.pick(CONDITIONS) };
		if (regulationLabel(a.year, a.material, a.condition) === 1) return a;
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

/** `count` samples, labels balanced (alternating, then shuffled), the same for the same seed. */
export function generate(options: GenerateOptions): Sample[] {
	const { count, seed, typoRate = 0.05 } = options;
	if (!Number.isInteger(count) || count < 0) throw new GeneratorOptionsError(`count must be a non-negative integer, got ${count}`);
	const shapeIndexes = (options.shapes ?? SHAPE_IDS).map((id) => {
		const i = SHAPE_IDS.indexOf(id);
		if (i === -1) throw new GeneratorOptionsError(`Unknown sentence shape "${id}". Known shapes: ${SHAPE_IDS.join(', ')}`);
		return i;
	});
	if (shapeIndexes.length === 0) throw new GeneratorOptionsError('shapes must name at least one sentence shape');
	const rng = createRandom(seed);
	const samples: Sample[] = [];
	for (let i = 0; i < count; i++) {
		const label: 0 | 1 = i % 2 === 0 ? 0 : 1;
		const attributes = drawAttributes(label, rng);
		const { text, meta } = render(attributes, rng.pick(shapeIndexes), typoRate, rng);
		samples.push({ text, label: regulationLabel(attributes.year, attributes.material, attributes.condition), meta });
	}
	return rng.shuffle(samples);
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
