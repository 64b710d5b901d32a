import { describe, expect, it } from 'vitest';
import { generate } from './generator.ts';
import { listRegulations, loadRegulation, regulationLabel, relabel } from './regulation.ts';

describe('regulations as data', () => {
	it('loads every file in training/regulations and refuses an unknown id with the known ones', () => {
		expect(listRegulations()).toEqual(expect.arrayContaining(['cutoff-1995', 'cutoff-2000-fair']));
		for (const id of listRegulations()) expect(loadRegulation(id).id).toBe(id);
		expect(() => loadRegulation('no-such-rule')).toThrow(/cutoff-1995/);
	});

	it('labels the same facts differently under the second regulation, both ways', () => {
		const old = loadRegulation('cutoff-1995');
		const next = loadRegulation('cutoff-2000-fair');
		const bracket = { year: 1997, material: 'steel' as const, condition: 'good' as const };
		const hood = { year: 2012, material: 'carbon fiber' as const, condition: 'fair' as const };
		expect([regulationLabel(bracket, old), regulationLabel(bracket, next)]).toEqual([0, 1]);
		expect([regulationLabel(hood, old), regulationLabel(hood, next)]).toEqual([1, 0]);
		expect(regulationLabel({ year: null, material: 'iron', condition: null }, next)).toBe(1);
		expect(regulationLabel({ year: 2015, material: 'other', condition: 'new' }, next)).toBeNull();
	});

	it('relabels hand-written rows from their fact columns, and leaves rows without facts alone', () => {
		const rows = [
			{
				text: 'steel bracket, 1997, good condition',
				label: 0 as const,
				meta: { year: 1997, material: 'steel', condition: 'good', shape: 'hand-written' }
			},
			{
				text: 'carbon fibre hood, 2012, fair condition',
				label: 1 as const,
				meta: { year: 2012, material: 'carbon fiber', condition: 'fair', shape: 'hand-written' }
			},
			{ text: 'no facts here', label: 1 as const }
		];
		expect(relabel(rows, loadRegulation('cutoff-2000-fair')).map((r) => r.label)).toEqual([1, 0, 1]);
	});

	it('generates data labelled by the regulation it is given', () => {
		const next = loadRegulation('cutoff-2000-fair');
		const samples = generate({ count: 3000, seed: 11, regulation: next });
		for (const s of samples) {
			const m = s.meta!;
			const facts = { year: m.year, material: m.material as never, condition: m.condition as never };
			expect(s.label, s.text).toBe(regulationLabel(facts, next));
		}
		// The new cut-off is learned sharply: years around 2000 are drawn often.
		expect(
			samples.filter((s) => s.meta!.year !== null && s.meta!.year >= 1994 && s.meta!.year <= 2006).length / samples.length
		).toBeGreaterThan(0.3);
	});
});
