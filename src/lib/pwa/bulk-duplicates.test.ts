import { describe, expect, it } from 'vitest';
import { duplicateIndexes } from './bulk-duplicates.ts';

describe('bulk duplicates', () => {
	const existing = [
		{ description: 'Steel pipe 1999 good', partNumber: 'P-1' },
		{ description: 'Iron gear 1980', partNumber: null },
		{ description: 'Plastic cap 2001', partNumber: 'P-9', deleted: true }
	];

	it('matches the same part number and description, ignoring case and outer spaces', () => {
		const rows = [
			{ description: 'steel pipe 1999 good ', partNumber: 'P-1' },
			{ description: 'Steel pipe 1999 good', partNumber: 'P-2' },
			{ description: 'Iron gear 1980', partNumber: undefined },
			{ description: 'Plastic cap 2001', partNumber: 'P-9' }
		];
		expect([...duplicateIndexes(rows, existing)]).toEqual([0, 2]);
	});

	it('finds nothing in an empty inventory', () => {
		expect(duplicateIndexes([{ description: 'x', partNumber: null }], []).size).toBe(0);
	});
});
