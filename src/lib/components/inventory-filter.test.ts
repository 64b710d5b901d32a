import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { InventoryItem } from '../storage/schema.ts';
import { filterItems, INVENTORY_CSV_HEADER, inventoryCsvRows } from './inventory-filter.ts';
import { toCsv } from '../pwa/csv-export.ts';
import { inventoryItem } from '../testing/inventory-item.ts';

const item = (description: string, extra: Partial<InventoryItem> = {}) => inventoryItem({ description, probability: 0.2, ...extra });

const items = [
	item('Steel bracket 1998 good'),
	item('Iron gear 1980 poor', { label: 1, probability: 0.9 }),
	item('Plastic cap 2001', { label: 1, override: { label: 0, reason: 'certified recycled' } }),
	item('Carbon fiber panel', { needsReview: true }),
	item('Deleted steel pipe', { deleted: true }),
	item('Brass pipe 2003 new', { partNumber: 'PN-4471' })
];

describe('inventory search and filters', () => {
	it('finds by every word, in any case, never showing tombstones', () => {
		expect(filterItems(items, { query: 'STEEL', label: 'all', needsReviewOnly: false }).map((i) => i.description)).toEqual([
			'Steel bracket 1998 good'
		]);
		expect(filterItems(items, { query: 'gear poor', label: 'all', needsReviewOnly: false })).toHaveLength(1);
	});

	it('finds a bulk-scanned item by its part number', () => {
		expect(filterItems(items, { query: 'pn-4471', label: 'all', needsReviewOnly: false }).map((i) => i.description)).toEqual([
			'Brass pipe 2003 new'
		]);
	});

	it('filters by the label that counts (an override beats the model)', () => {
		const compliant = filterItems(items, { query: '', label: '0', needsReviewOnly: false }).map((i) => i.description);
		expect(compliant).toContain('Plastic cap 2001');
		expect(filterItems(items, { query: '', label: '1', needsReviewOnly: false }).map((i) => i.description)).toEqual([
			'Iron gear 1980 poor'
		]);
	});

	it('shows only items needing review when asked', () => {
		expect(filterItems(items, { query: '', label: 'all', needsReviewOnly: true }).map((i) => i.description)).toEqual([
			'Carbon fiber panel'
		]);
	});

	it('exports one CSV row per item with the override and a formula-safe description', () => {
		const evil = item('=cmd|calc, "quoted"');
		const csv = toCsv(INVENTORY_CSV_HEADER, inventoryCsvRows([items[2], evil, items[5]]));
		const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
		expect(rows[0]).toMatchObject({
			label: 'compliant',
			model_label: 'non-compliant',
			overridden: 'yes',
			override_reason: 'certified recycled'
		});
		expect(rows[1].description).toBe(`'=cmd|calc, "quoted"`);
		expect(rows[2]).toMatchObject({ part_number: 'PN-4471', overridden: 'no' });
	});
});
