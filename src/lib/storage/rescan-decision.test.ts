import { describe, expect, it } from 'vitest';
import { countChanges, rescanOutcome, type RescanVerdict } from './rescan-decision.ts';
import type { InventoryItem } from './schema.ts';

const now = new Date('2026-11-29T12:00:00.000Z');

function item(overrides: Partial<InventoryItem> = {}): InventoryItem {
	return {
		id: 'i1',
		description: 'steel bracket, 1997, good condition',
		partNumber: 'P-7',
		label: 0,
		probability: 0.03,
		modelVersion: 'old',
		needsReview: false,
		reviewReasons: [],
		override: null,
		createdBy: 'alice',
		createdAt: '2026-11-01T00:00:00.000Z',
		updatedAt: '2026-11-01T00:00:00.000Z',
		deleted: false,
		version: 3,
		eventId: null,
		tokenCount: 6,
		oovCount: 0,
		...overrides
	};
}

const verdict = (overrides: Partial<RescanVerdict> = {}): RescanVerdict => ({
	id: 'i1',
	description: 'steel bracket, 1997, good condition',
	label: 1,
	probability: 0.97,
	needsReview: false,
	reviewReasons: [],
	...overrides
});

describe('what a re-scan does to one item', () => {
	it('replaces a flipped model verdict and lists it with the old and new label', () => {
		const out = rescanOutcome(item(), verdict(), 'new', now);
		expect(out.item).toMatchObject({ label: 1, probability: 0.97, modelVersion: 'new', updatedAt: now.toISOString(), version: 3 });
		expect(out.change).toEqual({
			id: 'i1',
			model: 'new',
			description: 'steel bracket, 1997, good condition',
			partNumber: 'P-7',
			from: 0,
			to: 1,
			probability: 0.97,
			human: false
		});
	});

	it('writes nothing for an unchanged verdict (no sync traffic)', () => {
		expect(rescanOutcome(item(), verdict({ label: 0, probability: 0.1 }), 'new', now)).toEqual({ item: null, change: null });
	});

	it('keeps a human label: the model verdict is updated underneath, the item listed as a disagreement', () => {
		const overridden = item({ override: { label: 0, reason: 'checked the date plate' } });
		const out = rescanOutcome(overridden, verdict(), 'new', now);
		expect(out.item?.override).toEqual({ label: 0, reason: 'checked the date plate' });
		expect(out.item?.label).toBe(1);
		expect(out.change).toMatchObject({ from: 0, to: 1, human: true });
	});

	it("treats an analyst's reviewed label as the human label, ahead of an override", () => {
		const reviewed = item({
			override: { label: 1, reason: 'looked old' },
			review: { decision: 'correct', label: 0, note: null, reviewer: 'ana', reviewedAt: now.toISOString(), modelVersion: 'old' }
		});
		const out = rescanOutcome(reviewed, verdict({ label: 1 }), 'new', now);
		expect(out.change).toMatchObject({ from: 0, to: 1, human: true });
		// A rejected review carries no label: the override is the human label again.
		const rejected = item({
			override: { label: 1, reason: 'looked old' },
			review: { decision: 'reject', label: null, note: null, reviewer: 'ana', reviewedAt: now.toISOString(), modelVersion: 'old' }
		});
		expect(rescanOutcome(rejected, verdict({ label: 1 }), 'new', now).change).toBeNull();
	});

	it('does not list an item whose human label the new model now agrees with', () => {
		const overridden = item({ label: 0, override: { label: 1, reason: 'rust' } });
		const out = rescanOutcome(overridden, verdict({ label: 1 }), 'new', now);
		expect(out.change).toBeNull();
		expect(out.item?.label).toBe(1);
	});

	it('leaves items deleted or edited since the batch was read', () => {
		expect(rescanOutcome(item({ deleted: true }), verdict(), 'new', now)).toEqual({ item: null, change: null });
		expect(rescanOutcome(item({ description: 'edited meanwhile' }), verdict(), 'new', now)).toEqual({ item: null, change: null });
		expect(rescanOutcome(undefined, verdict(), 'new', now)).toEqual({ item: null, change: null });
	});

	it('counts the changes both ways, disagreements apart', () => {
		const a = rescanOutcome(item(), verdict(), 'new', now).change!;
		const b = rescanOutcome(item({ id: 'i2', label: 1 }), verdict({ id: 'i2', label: 0 }), 'new', now).change!;
		const c = rescanOutcome(item({ id: 'i3', override: { label: 0, reason: 'x' } }), verdict({ id: 'i3' }), 'new', now).change!;
		expect(countChanges([a, b, c])).toEqual({ toNonCompliant: 1, toCompliant: 1, disagreeWithHuman: 1 });
	});
});
