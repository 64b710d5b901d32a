/**
 * Surface forms the generator writes for each attribute. Canonical values (the keys)
 * are what `SampleMeta` records and what the regulation in `generator.ts` reads.
 *
 * Synonyms are kept unambiguous on purpose, so every label stays correct:
 *   new  <- "brand new", "unused", "mint"
 *   good <- "very good", "excellent", "like new" (used, so not "new"; compliant either way)
 *   poor <- "very poor", "bad", "damaged", "badly damaged"
 *   fair has no synonym: "worn", "ok", "average" could mean fair or good, so none is used.
 * Plastic forms are only ones that clearly are a plastic (ABS, PVC, polypropylene);
 * "polymer" or "composite" are left out because carbon fiber is a polymer composite too.
 */

export const MATERIALS = ['steel', 'carbon fiber', 'plastic', 'iron'] as const;
export const CONDITIONS = ['new', 'good', 'fair', 'poor'] as const;
export type Material = (typeof MATERIALS)[number];
export type Condition = (typeof CONDITIONS)[number];

/** [surface form, weight]. The canonical word is the most common form. */
export const MATERIAL_FORMS: Record<Material, ReadonlyArray<readonly [string, number]>> = {
	steel: [
		['steel', 6],
		['stainless steel', 2],
		['carbon steel', 1],
		['galvanized steel', 1],
		['stainless', 0.5]
	],
	'carbon fiber': [
		['carbon fiber', 5],
		['carbon fibre', 2],
		['carbon-fiber', 1.5],
		['carbon-fibre', 0.5],
		['carbon fiber composite', 0.5]
	],
	plastic: [
		['plastic', 6],
		['ABS plastic', 1.5],
		['PVC', 1],
		['polypropylene', 0.5],
		['plastic (ABS)', 0.5]
	],
	iron: [
		['iron', 4],
		['cast iron', 3],
		['wrought iron', 1.5],
		['cast-iron', 1]
	]
};

export const CONDITION_FORMS: Record<Condition, ReadonlyArray<readonly [string, number]>> = {
	new: [
		['new', 6],
		['brand new', 2],
		['brand-new', 1],
		['unused', 1],
		['mint', 0.5]
	],
	good: [
		['good', 6],
		['very good', 1.5],
		['excellent', 1.5],
		['like new', 1]
	],
	fair: [['fair', 1]],
	poor: [
		['poor', 5],
		['very poor', 2],
		['bad', 1.5],
		['damaged', 1],
		['badly damaged', 0.5]
	]
};

/**
 * Part names. None of them is a word the featurizer reads as "the number after me is an
 * id" or "the number before me is a quantity" (part, item, unit, parts, items, pieces):
 * "1995 steel unit" would lose its year.
 */
export const PARTS: readonly string[] = [
	'brake caliper',
	'exhaust manifold',
	'bracket',
	'axle',
	'gear',
	'housing',
	'flange',
	'bolt',
	'valve',
	'pump housing',
	'gearbox casing',
	'control arm',
	'driveshaft',
	'pulley',
	'bearing cap',
	'fuel tank',
	'radiator grille',
	'door hinge',
	'mounting plate',
	'piston',
	'crankshaft',
	'wheel hub',
	'clutch plate',
	'leaf spring',
	'engine mount',
	'heat shield',
	'camshaft',
	'rotor',
	'spindle',
	'coupling',
	'bumper bracket',
	'tie rod',
	'oil pan',
	'cover plate',
	'fan shroud'
];

/** Generic nouns for "the thing" in sentence templates. */
export const GENERIC_NOUNS: readonly string[] = ['component', 'piece', 'assembly', 'element', 'fitting'];

/**
 * Filler that carries no attribute: no material, condition or year word, no number
 * that could be read as a year.
 */
export const FILLERS: readonly string[] = [
	'checked today',
	'photo attached',
	'per inspection',
	'pls verify',
	'logged by J.',
	'no further remarks',
	'as found',
	'tech note',
	'found in storage',
	'to be reviewed',
	'removed from line',
	'FYI',
	'recheck later',
	'returned by customer',
	'awaiting sign-off',
	'spotted during audit'
];

export const MONTHS: readonly string[] = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];
export const MONTHS_SHORT: readonly string[] = ['Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
