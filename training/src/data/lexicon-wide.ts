/**
 * The wider vocabulary of real writing (issue 12): materials named by type, grade or
 * process, everyday condition words, other materials the regulation does not know,
 * foreign field labels and shop-floor shorthand. Canonical values as in lexicon.ts.
 *
 * Every form is unambiguous for its canonical value: "cast" alone means cast iron (the
 * shop-floor usage), "forged" alone forged steel; "zinc die-cast" or "cast aluminium"
 * are other materials. Condition words that could be fair or good ("used", "ok") are
 * left out.
 */
import type { Condition, Material } from './lexicon.ts';

type Forms = ReadonlyArray<readonly [string, number]>;

export const WIDE_MATERIAL_FORMS: Record<Material, Forms> = {
	steel: [
		['steel', 5],
		['stainless steel', 2],
		['stainless', 1.5],
		['mild steel', 1],
		['forged steel', 1],
		['forged', 1],
		['alloy steel', 0.7],
		['spring steel', 0.5],
		['tool steel', 0.4],
		['chromoly', 0.5],
		['4140 steel', 0.4],
		['S355 steel', 0.4],
		['316 stainless', 0.4],
		['carbon steel', 0.6],
		['galvanized steel', 0.6],
		['st. steel', 0.3],
		['stl', 0.4],
		['SS', 0.3],
		['s/s', 0.2],
		['Inox', 0.2]
	],
	'carbon fiber': [
		['carbon fiber', 4],
		['carbon fibre', 2],
		['CFRP', 1.5],
		['carbon composite', 1],
		['carbon-fibre composite', 0.5],
		['carbon fibre reinforced polymer', 0.5],
		['carbon-fiber', 1],
		['carbon', 0.6],
		['CF', 0.4]
	],
	plastic: [
		['plastic', 4],
		['ABS', 1],
		['PVC', 1],
		['PP', 0.8],
		['polypropylene', 1],
		['nylon', 1.2],
		['PA6', 0.5],
		['polyamide', 0.7],
		['polycarbonate', 0.9],
		['HDPE', 0.5],
		['polyethylene', 0.6],
		['POM', 0.4],
		['acetal', 0.5],
		['thermoplastic', 0.6],
		['injection-moulded plastic', 0.4],
		['moulded plastic', 0.4],
		['Delrin', 0.2],
		['UHMW-PE', 0.2]
	],
	iron: [
		['iron', 3],
		['cast iron', 3],
		['cast', 1],
		['ductile iron', 1],
		['nodular iron', 0.5],
		['SG iron', 0.5],
		['grey iron', 0.6],
		['gray iron', 0.5],
		['GG25', 0.4],
		['wrought iron', 0.8],
		['DI', 0.3],
		['c/i', 0.3],
		['CI', 0.2]
	]
};

/** Material and condition words by language, for field lists with foreign labels (index as FIELD_LABELS). */
export const FOREIGN_MATERIAL_FORMS: ReadonlyArray<Partial<Record<Material | 'other', readonly string[]>>> = [
	{},
	{
		steel: ['Stahl', 'Edelstahl', 'Baustahl'],
		'carbon fiber': ['Kohlefaser', 'CFK'],
		plastic: ['Kunststoff', 'Polyamid'],
		iron: ['Gusseisen', 'Grauguss', 'Sphäroguss'],
		other: ['Aluminium', 'Gummi', 'Messing']
	},
	{
		steel: ['acier', 'acier inoxydable', 'inox'],
		'carbon fiber': ['fibre de carbone', 'carbone'],
		plastic: ['plastique', 'polyamide'],
		iron: ['fonte', 'fonte ductile'],
		other: ['aluminium', 'caoutchouc', 'laiton']
	},
	{
		steel: ['acero', 'acero inoxidable'],
		'carbon fiber': ['fibra de carbono'],
		plastic: ['plástico', 'poliamida'],
		iron: ['hierro fundido', 'fundición'],
		other: ['aluminio', 'caucho', 'latón']
	},
	{
		steel: ['acciaio', 'acciaio inox'],
		'carbon fiber': ['fibra di carbonio'],
		plastic: ['plastica'],
		iron: ['ghisa'],
		other: ['alluminio', 'gomma', 'ottone']
	},
	{
		steel: ['staal', 'roestvrij staal'],
		'carbon fiber': ['koolstofvezel'],
		plastic: ['kunststof'],
		iron: ['gietijzer'],
		other: ['aluminium', 'rubber', 'messing']
	}
];

export const FOREIGN_CONDITION_FORMS: ReadonlyArray<Partial<Record<Condition, readonly string[]>>> = [
	{},
	{
		new: ['neu', 'neuwertig'],
		good: ['gut', 'sehr gut'],
		fair: ['abgenutzt', 'gebraucht mit Verschleiß'],
		poor: ['beschädigt', 'verrostet', 'defekt']
	},
	{
		new: ['neuf', 'neuve'],
		good: ['bon', 'très bon', 'bon état'],
		fair: ['usé', 'usure visible'],
		poor: ['endommagé', 'rouillé', 'cassé']
	},
	{
		new: ['nuevo', 'nueva'],
		good: ['bueno', 'muy bueno', 'buen estado'],
		fair: ['desgastado', 'usado con desgaste'],
		poor: ['dañado', 'oxidado', 'roto']
	},
	{ new: ['nuovo'], good: ['buono', 'ottimo'], fair: ['usurato'], poor: ['danneggiato', 'arrugginito'] },
	{ new: ['nieuw'], good: ['goed', 'zeer goed'], fair: ['versleten'], poor: ['beschadigd', 'verroest'] }
];

/** Real materials the regulation does not list: a verdict needs a person. */
export const OTHER_MATERIAL_FORMS: Forms = [
	['aluminium', 3],
	['aluminum', 2],
	['cast aluminium', 0.8],
	['rubber', 2.5],
	['brass', 1.5],
	['bronze', 1],
	['copper', 1],
	['titanium', 1],
	['glass', 0.8],
	['fiberglass', 0.8],
	['glass fibre', 0.6],
	['GFRP', 0.5],
	['wood', 0.5],
	['leather', 0.5],
	['magnesium', 0.6],
	['zinc die-cast', 0.5],
	['ceramic', 0.5],
	['silicone', 0.5],
	['felt', 0.3],
	['EPDM rubber', 0.3],
	['Kevlar', 0.2],
	['Zamak', 0.2]
];

export const WIDE_CONDITION_FORMS: Record<Condition, Forms> = {
	new: [
		['new', 5],
		['brand new', 2],
		['unused', 1.5],
		['new old stock', 0.8],
		['NOS', 0.6],
		['sealed in box', 0.5],
		['factory new', 0.6],
		['mint', 0.5],
		['barely used', 0.4],
		['fresh from the box', 0.3]
	],
	good: [
		['good', 5],
		['very good', 1.5],
		['excellent', 1.5],
		['like new', 1.2],
		['as new', 0.6],
		['serviceable', 1],
		['no defects', 0.8],
		['in good order', 0.6],
		['fine', 0.5],
		['gd', 0.4],
		['vg', 0.3],
		['exc', 0.2],
		['in perfect order', 0.3],
		['as good as new', 0.3]
	],
	fair: [
		['fair', 4],
		['worn', 2.5],
		['some wear', 1.2],
		['moderate wear', 1],
		['scratched', 1],
		['faded', 0.6],
		['average', 0.6],
		['visible wear', 0.8],
		['tired', 0.4],
		['scuffed', 0.5],
		['well used', 0.3]
	],
	poor: [
		['poor', 4],
		['bad', 1.5],
		['damaged', 1.5],
		['cracked', 1.5],
		['corroded', 1.5],
		['rusted', 1.2],
		['rusty', 1],
		['broken', 1],
		['bent', 0.8],
		['seized', 0.6],
		['pitted', 0.6],
		['worn out', 0.8],
		['heavily worn', 0.8],
		['needs replacement', 0.6],
		['scrap', 0.5],
		['dented', 0.5],
		['perished', 0.3],
		['delaminated', 0.3],
		['chipped', 0.3],
		['warped', 0.3],
		['u/s', 0.3]
	]
};

/** A bad condition word for history clauses ("was corroded when removed"). */
export const PAST_BAD_CONDITIONS: readonly string[] = [
	'corroded',
	'cracked',
	'rusted',
	'damaged',
	'worn',
	'bent',
	'seized',
	'in poor shape'
];

export interface FieldLabels {
	material: readonly string[];
	condition: readonly string[];
	year: readonly string[];
	part: readonly string[];
}

/** Field labels by language; English ones vary too. */
export const FIELD_LABELS: readonly FieldLabels[] = [
	{
		material: ['Material', 'Mat', 'mat.', 'Material spec'],
		condition: ['Condition', 'Cond', 'cond.', 'State', 'Status'],
		year: ['Year', 'Yr', 'Mfg year', 'Year of mfg', 'Production year', 'Mfd', 'DOM', 'Built'],
		part: ['Part', 'Item', 'Component', 'Desc']
	},
	{
		material: ['Werkstoff', 'Material'],
		condition: ['Zustand'],
		year: ['Baujahr', 'Herstelljahr', 'Herstellungsjahr'],
		part: ['Bauteil', 'Teil']
	},
	{
		material: ['Matériau', 'Matière'],
		condition: ['État', 'Etat'],
		year: ['Année de fabrication', 'Année', 'Fabriqué en'],
		part: ['Pièce', 'Composant']
	},
	{
		material: ['Material'],
		condition: ['Estado'],
		year: ['Año de fabricación', 'Año', 'Fabricado en'],
		part: ['Pieza', 'Componente']
	},
	{ material: ['Materiale'], condition: ['Stato', 'Condizione'], year: ['Anno di fabbricazione', 'Anno'], part: ['Pezzo', 'Componente'] },
	{ material: ['Materiaal'], condition: ['Staat', 'Conditie'], year: ['Bouwjaar', 'Productiejaar'], part: ['Onderdeel'] }
];

/** Ways people say a fact is not known (the fact stays missing). */
export const UNKNOWN_FACT: Record<'year' | 'material' | 'condition', readonly string[]> = {
	year: [
		'manufacture year not known',
		'no date stamp',
		'year unknown',
		'yr unk',
		'year ?',
		'date n/k',
		'mfg date not legible',
		'age unknown'
	],
	material: ['material not specified', 'mat unk', 'material ?', 'material to be confirmed', 'unknown alloy'],
	condition: ['condition not given', 'cond n/k', 'cond ?', 'condition not checked', 'state unknown', 'not inspected yet']
};

/** Process verbs for prose: "machined from steel in 2014". */
export const PROCESS_VERBS: readonly string[] = [
	'machined',
	'moulded',
	'forged',
	'welded',
	'stamped',
	'pressed',
	'fabricated',
	'made',
	'produced',
	'built'
];

/** Part names technicians abbreviate, and more parts than lexicon.ts. */
export const MORE_PARTS: readonly string[] = [
	'brkt',
	'hsng',
	'manifold',
	'bushing',
	'sprocket',
	'fuel rail',
	'valve cover',
	'seat frame',
	'intake duct',
	'bumper beam',
	'skid plate',
	'steering knuckle',
	'sway bar link',
	'timing cover',
	'water pump impeller',
	'brake drum',
	'wheel rim',
	'mirror housing',
	'battery tray',
	'radiator cap',
	'shift fork',
	'thermostat housing',
	'pedal box',
	'tow hitch',
	'differential cover',
	'exhaust clamp',
	'dashboard bracket',
	'fender liner',
	'hood hinge',
	'trailing arm',
	'engine cover',
	'bell housing',
	'cylinder head',
	'flywheel',
	'caliper bracket',
	'roof rack',
	'headlamp bezel',
	'gear lever',
	'air filter box',
	'strut mount'
];

export const VEHICLES: readonly string[] = [
	'tractor',
	'truck',
	'van',
	'bus',
	'forklift',
	'Land Rover',
	'Mercedes',
	'Ford',
	'excavator',
	'trailer',
	'car'
];

/** Things that are not component descriptions at all. */
export const NON_DESCRIPTIONS: readonly string[] = [
	'see attached',
	'N/A',
	'tbd',
	'test',
	'hello?',
	'can you call me back about this',
	'photo only, details to follow',
	'same as above',
	'ask Mike',
	'no info',
	'lorem ipsum dolor sit amet',
	'thanks, will check tomorrow',
	'where do these go?',
	'??',
	'shift handover notes',
	'box 3 of 7',
	'label unreadable',
	'please ignore this entry'
];
