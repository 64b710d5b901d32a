import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.ts';
import { findYears, shortYearCandidate, writeYearFeatures, YEAR_FEATURES } from './years.ts';

const yearsIn = (text: string) => [...findYears(tokenize(text), text).values()];

describe('findYears', () => {
	it.each([
		['Steel component manufactured in 1995 in fair condition', 1995],
		['fair cond. steel bracket, mfd 1995', 1995],
		["Brake caliper (cast iron), built '94, very poor shape", 1994],
		['built ’05, like new', 2005],
		['mfg date 03/1994', 1994],
		['DOM 1994-06', 1994],
		['produced 12.03.1994', 1994],
		['produced 03.1994', 1994],
		['produced 1.3.1994', 1994],
		['dated 12,03,1994', 1994],
		['made June 1994', 1994],
		['1995-built axle', 1995],
		['year: (1996)', 1996],
		['yr=1993;', 1993],
		['made in １９９４', 1994]
	])('finds the year in %j', (text, year) => {
		expect(yearsIn(text)).toEqual([year]);
	});

	it.each([
		'serial 1987',
		'serial no. 1987',
		'S/N 1987',
		's/n: 1987',
		'P/N 1994',
		'part no. 1994',
		'part number 1994',
		'PN-1994',
		'SN1994',
		'#1994',
		'# 1994',
		'$1995',
		'$1,995',
		'€1995',
		'1995 USD',
		'1995 mm',
		'1995mm',
		'1995.5 mm',
		'ratio 2.1995',
		'tolerance 0,1995',
		'gauge 103.1995',
		'1,995 units',
		'12000 km',
		'1998 km on the clock',
		'1994 hours',
		'qty 1994',
		'1994 pcs',
		'lot 1996',
		'price 1995',
		'cost: 1994',
		'odo 1998',
		'the 1990s',
		"rock'n'roll 94",
		'1899 and 2100',
		'94 bolts'
	])('finds no year in %j', (text) => {
		expect(yearsIn(text)).toEqual([]);
	});

	it('tells the manufacturing year from the distractors in one description', () => {
		expect(yearsIn('Steel bracket S/N 1987, PN-4471, 12000 km, 1995 mm, built 1996, #1994')).toEqual([1996]);
		expect(yearsIn("2024-03-11 checked axle: iron, poor, manufactured '93")).toEqual([2024, 1993]);
	});
});

describe('writeYearFeatures', () => {
	it('writes a distinct code for neighbouring years and nothing for a non-year', () => {
		const a = new Float32Array(YEAR_FEATURES);
		const b = new Float32Array(YEAR_FEATURES);
		writeYearFeatures(1994, a, 0);
		writeYearFeatures(1995, b, 0);
		expect(a[0]).toBe(1);
		expect(b[0]).toBe(1);
		expect([...a]).not.toEqual([...b]);
		expect(b[1]).toBeGreaterThan(a[1]);
		const none = new Float32Array(YEAR_FEATURES);
		writeYearFeatures(null, none, 0);
		expect(none.every((x) => x === 0)).toBe(true);
	});
});

describe('year-like groups of identifiers and two-digit years', () => {
	it.each(['part 4411-1991', 'batch 1987-44A', 'drawing 1990-B', 'PO 2019-0047', '1,960 km since overhaul'])(
		'finds no year in %j',
		(text) => {
			expect(yearsIn(text)).toEqual([]);
		}
	);

	it.each([
		['mfd 11/92', 1992],
		['made 3/94', 1994],
		["built '45", 1945],
		["hsng PP '03 like new", 2003],
		['mid-1994', 1994],
		['DOM 1994-06', 1994],
		['12-03-1994', 1994]
	])('finds the year in %j', (text, year) => {
		expect(yearsIn(text)).toEqual([year]);
	});

	it('offers a bare two-digit number as a candidate year, never a part of a date or a decimal', () => {
		const candidates = (text: string) =>
			tokenize(text)
				.map((t) => (t.kind === 'number' ? shortYearCandidate(t, text) : null))
				.filter((y) => y !== null);
		expect(candidates('built 94, qty 12')).toEqual([1994, 2012]);
		expect(candidates('2019-03-14 checked, 1.25 mm, 11/92')).toEqual([]);
	});
});
