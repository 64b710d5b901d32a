import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import { recordInput } from '#tests/support/sync-records.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import type { RecordInput } from '../../sync/protocol.ts';
import { sync } from '../sync/sync.ts';
import { decide } from '../review/store.ts';
import { estimatedByModel, realizedAlerts, realizedByModel, realizedStats, wilson, type ReviewedRow } from './realized.ts';
import { performanceSummary } from './realized-store.ts';

const row = (modelLabel: 0 | 1, label: 0 | 1 | null, o: Partial<ReviewedRow> = {}): ReviewedRow => ({
	modelVersion: 'v1',
	source: 'audit',
	modelLabel,
	modelProbability: modelLabel === 1 ? 0.9 : 0.1,
	label,
	...o
});

describe('Wilson interval', () => {
	it('matches the textbook values', () => {
		// 8 of 10: 0.4902-0.9433 (Wilson 1927; e.g. Newcombe 1998, method 3).
		const [lo, hi] = wilson(8, 10)!;
		expect(lo).toBeCloseTo(0.4902, 4);
		expect(hi).toBeCloseTo(0.9433, 4);
		// 0 of 10 keeps a real upper bound: 0-0.2775.
		expect(wilson(0, 10)![0]).toBe(0);
		expect(wilson(0, 10)![1]).toBeCloseTo(0.2775, 4);
		// 95 of 100: 0.8882-0.9785.
		expect(wilson(95, 100)![0]).toBeCloseTo(0.8882, 3);
		expect(wilson(95, 100)![1]).toBeCloseTo(0.9785, 3);
		expect(wilson(0, 0)).toBeNull();
	});
});

describe('realized performance', () => {
	it('counts accuracy, precision and recall against the reviewed labels; rejected items are left out', () => {
		// Model 1 / truth 1: 3 (TP); model 1 / truth 0: 1 (FP); model 0 / truth 1: 2 (FN); model 0 / truth 0: 4 (TN).
		const rows = [
			...Array.from({ length: 3 }, () => row(1, 1)),
			row(1, 0),
			...Array.from({ length: 2 }, () => row(0, 1)),
			...Array.from({ length: 4 }, () => row(0, 0)),
			row(1, null)
		];
		const s = realizedStats(rows);
		expect(s).toMatchObject({ reviewed: 10, correct: 7, accuracy: 0.7, precision: 0.75, recall: 0.6 });
		expect(s.expectedAccuracy).toBeCloseTo(0.9, 10);
		expect(s.ci95![0]).toBeCloseTo(0.3968, 3);
	});

	it('keeps the audit sample apart from overrides, per model version', () => {
		const rows = [
			row(0, 0),
			row(1, 1),
			row(0, 1, { source: 'override' }),
			row(1, 1, { modelVersion: 'v2' }),
			row(0, null, { source: 'override' })
		];
		const [v1, v2] = realizedByModel(rows);
		expect(v1).toMatchObject({ modelVersion: 'v1', reviewed: 3, correct: 2, rejected: 1 });
		expect(v1.audit).toMatchObject({ reviewed: 2, correct: 2, accuracy: 1 });
		expect(v1.overrides).toMatchObject({ reviewed: 1, correct: 0, accuracy: 0 });
		expect(v2).toMatchObject({ modelVersion: 'v2', reviewed: 1, correct: 1 });
	});

	it('alerts when the audit accuracy is below the threshold, critical when the whole interval is', () => {
		const audit = (correct: number, n: number) => realizedByModel(Array.from({ length: n }, (_, i) => row(1, i < correct ? 1 : 0)));
		expect(realizedAlerts(audit(19, 20), { accuracy: 0.9, minReviewed: 20 })).toEqual([]);
		expect(realizedAlerts(audit(16, 20), { accuracy: 0.9, minReviewed: 20 })[0]).toMatchObject({
			code: 'REALIZED_ACCURACY',
			severity: 'warning'
		});
		expect(realizedAlerts(audit(50, 100), { accuracy: 0.9, minReviewed: 20 })[0]).toMatchObject({ severity: 'critical' });
		expect(realizedAlerts(audit(5, 10), { accuracy: 0.9, minReviewed: 20 })).toEqual([]);
	});
});

describe('CBPE estimate', () => {
	it('expects accuracy, precision and recall from calibrated probabilities', () => {
		// Label 1: 4 verdicts, sum p 3.2 -> E[TP] 3.2, E[FP] 0.8. Label 0: 6 verdicts, sum p 0.6 -> E[FN] 0.6, E[TN] 5.4.
		const [m] = estimatedByModel([
			{ modelVersion: 'v1', label: 1, count: 4, probabilitySum: 3.2 },
			{ modelVersion: 'v1', label: 0, count: 6, probabilitySum: 0.6 }
		]);
		expect(m.items).toBe(10);
		expect(m.accuracy).toBeCloseTo(0.86, 10);
		expect(m.precision).toBeCloseTo(0.8, 10);
		expect(m.recall).toBeCloseTo(3.2 / 3.8, 10);
	});
});

describe.each(testDatabases())('realized performance from the database on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());

	it('reads reviews and inventory sums per model version', async () => {
		handle = await open();
		const rec = (o: Partial<RecordInput>) => recordInput({ description: `Steel part ${crypto.randomUUID().slice(0, 6)} 1999 good`, ...o });
		const records = [
			rec({}),
			rec({ label: 1, probability: 0.8 }),
			rec({ override: { label: 1, reason: 'iron' } }),
			rec({ modelVersion: 'v2' })
		];
		await sync(
			handle.db,
			{ cursor: null, changes: records.map((record) => ({ changeId: crypto.randomUUID(), baseVersion: 0, record })) },
			'tech'
		);
		const options = { auditRate: 1 };
		await decide(handle.db, records[0].id, { decision: 'confirm' }, 'ana', options);
		await decide(handle.db, records[1].id, { decision: 'correct', label: 0 }, 'ana', options);
		await decide(handle.db, records[2].id, { decision: 'confirm' }, 'ana', options);
		await decide(handle.db, records[3].id, { decision: 'confirm' }, 'ana', options);
		const s = await performanceSummary(handle.db, { model: null, accuracyAlert: 0.9, minReviewed: 1 });
		const v1 = s.realized.byModel.find((m) => m.modelVersion === 'v1')!;
		expect(v1).toMatchObject({ reviewed: 3, correct: 1 });
		expect(v1.audit).toMatchObject({ reviewed: 2, correct: 1, accuracy: 0.5 });
		expect(v1.overrides).toMatchObject({ reviewed: 1, correct: 0 });
		const e1 = s.estimated.byModel.find((m) => m.modelVersion === 'v1')!;
		// (0.9 + 0.8 + 0.9) / 3
		expect(e1.items).toBe(3);
		expect(e1.accuracy).toBeCloseTo(2.6 / 3, 10);
		expect(s.alerts.map((a) => a.code)).toEqual(['REALIZED_ACCURACY']);
		const only2 = await performanceSummary(handle.db, { model: 'v2', accuracyAlert: 0.9 });
		expect(only2.realized.byModel.map((m) => [m.modelVersion, m.accuracy])).toEqual([['v2', 1]]);
	});
});
