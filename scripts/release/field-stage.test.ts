import { describe, expect, it } from 'vitest';
import type { VersionEvaluation } from './evaluate.ts';
import { decide, DEFAULT_POLICY } from './gate.ts';
import { compareField, fieldReport } from './field-stage.ts';

function evaluation(field: VersionEvaluation['field']): VersionEvaluation {
	return {
		version: 'v',
		featurizerVersion: '2',
		regulation: 'cutoff-1995',
		report: {
			count: 2000,
			decidable: 2000,
			accuracy: 0.999,
			precision: 1,
			recall: 1,
			f1: 1,
			confusion: { tp: 0, fp: 0, tn: 0, fn: 0 },
			ece: 0,
			threshold: 0.5,
			slices: {}
		},
		realistic: null,
		golden: { count: 12, correct: 12, accuracy: 1, failures: [] },
		modelBytes: 60_000,
		p50Ms: 0.4,
		parity: { samples: 1000, maxAbsDiffNode: 1e-7, maxAbsDiffWeb: 2e-7, labelChanges: 0 },
		manifestGolden: [],
		field
	};
}

const field = (correct: number, count: number) => ({ count, correct, accuracy: correct / count });
const check = (d: ReturnType<typeof decide>, name: string) => d.checks.find((c) => c.name === name);

describe('gate: field evaluation set', () => {
	it('passes a candidate no worse than the champion on the reviewed field texts', () => {
		const d = decide(evaluation(field(40, 40)), evaluation(field(31, 40)));
		expect(d.pass).toBe(true);
		expect(check(d, 'field-eval vs champion')).toMatchObject({
			ok: true,
			detail: '100.00% of 40 reviewed field texts vs champion 77.50% (tolerance 1.00%)'
		});
	});

	it('rejects a candidate worse than the champion beyond the tolerance', () => {
		const d = decide(evaluation(field(38, 40)), evaluation(field(40, 40)));
		expect(d.pass).toBe(false);
		expect(d.reason).toMatch(/field-eval vs champion 95\.00% of 40/);
		// A looser tolerance lets it through.
		expect(decide(evaluation(field(38, 40)), evaluation(field(40, 40)), { ...DEFAULT_POLICY, fieldTolerance: 0.06 }).pass).toBe(true);
	});

	it('without field labels or a champion, the check is absent or only reported', () => {
		expect(check(decide(evaluation(undefined), evaluation(undefined)), 'field-eval vs champion')).toBeUndefined();
		const floors = decide(evaluation(field(3, 4)), null, { ...DEFAULT_POLICY, minAccuracy: 0.5 });
		expect(check(floors, 'field-eval')).toMatchObject({ ok: true });
	});
});

describe('field report', () => {
	it('lists the phrasings fixed, newly broken and still wrong', () => {
		const rows = [
			{ text: 'Bracket FE-37 stamped, 2011, good', label: 1 as const },
			{ text: 'Steel hinge 2003 good', label: 0 as const },
			{ text: 'Cap PP-2 2015 new', label: 1 as const },
			{ text: 'Steel pin 2001 new', label: 0 as const }
		];
		const c = compareField(rows, [1, 1, 0, 0], [0, 0, 0, 0]);
		expect(c.fixed.map((v) => v.text)).toEqual(['Bracket FE-37 stamped, 2011, good']);
		expect(c.broken.map((v) => v.text)).toEqual(['Steel hinge 2003 good']);
		expect(c.stillWrong.map((v) => v.text)).toEqual(['Cap PP-2 2015 new']);
		const lines = fieldReport({ count: 4, candidate: field(2, 4), champion: field(2, 4), ...c });
		expect(lines).toContain('Corrected phrasings the champion got wrong and the candidate gets right (1):');
		expect(lines).toContain('  - "Bracket FE-37 stamped, 2011, good": reviewed non-compliant, champion compliant, candidate non-compliant');
		expect(lines).toContain('Phrasings the candidate now gets wrong (the champion got them right) (1):');
	});
});
