import { describe, expect, it } from 'vitest';
import { loadEvalCsv, normalizeEvalText } from './eval-set.ts';

describe('frozen evaluation set', () => {
	it('has unique descriptions, valid labels and enough rows per slice for the gate', async () => {
		const rows = await loadEvalCsv();
		expect(rows.length).toBeGreaterThanOrEqual(2000);
		expect(new Set(rows.map((r) => normalizeEvalText(r.text))).size).toBe(rows.length);
		expect(rows.every((r) => r.label === 0 || r.label === 1)).toBe(true);
		const hand = rows.filter((r) => r.source === 'hand-written');
		expect(hand.length).toBeGreaterThanOrEqual(100);
		// Both classes among the hand-written rows, so the slice is not trivially passed by a constant model.
		expect(new Set(hand.map((r) => r.label)).size).toBe(2);
		for (const dimension of ['material', 'condition'] as const) {
			const counts = new Map<string, number>();
			for (const r of rows) counts.set(r.meta![dimension]!, (counts.get(r.meta![dimension]!) ?? 0) + 1);
			for (const [, n] of counts) expect(n).toBeGreaterThanOrEqual(30);
		}
	});

	it('treats case and spacing variants as the same description', () => {
		expect(normalizeEvalText('  Steel  BRACKET\t1998 ')).toBe(normalizeEvalText('steel bracket 1998'));
		expect(normalizeEvalText('steel bracket 1998')).not.toBe(normalizeEvalText('steel bracket 1999'));
	});
});
