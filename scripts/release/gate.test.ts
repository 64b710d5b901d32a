import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../training/src/eval/metrics.ts';
import type { VersionEvaluation } from './evaluate.ts';
import { decide, DEFAULT_POLICY } from './gate.ts';

function evaluation(
	accuracy: number,
	slices: EvaluationReport['slices'] = {},
	overrides: Partial<VersionEvaluation> = {}
): VersionEvaluation {
	return {
		version: 'v',
		featurizerVersion: '1',
		regulation: 'cutoff-1995',
		report: {
			count: 2000,
			decidable: 2000,
			accuracy,
			precision: 1,
			recall: 1,
			f1: 1,
			confusion: { tp: 0, fp: 0, tn: 0, fn: 0 },
			ece: 0,
			threshold: 0.5,
			slices
		},
		realistic: null,
		golden: { count: 12, correct: 12, accuracy: 1, failures: [] },
		modelBytes: 60_000,
		p50Ms: 0.4,
		parity: { samples: 1000, maxAbsDiffNode: 1e-7, maxAbsDiffWeb: 2e-7, labelChanges: 0 },
		manifestGolden: [],
		...overrides
	};
}

const failed = (d: ReturnType<typeof decide>) => d.checks.filter((c) => !c.ok).map((c) => c.name);

describe('release gate', () => {
	it('promotes a candidate within the accuracy tolerance of the champion', () => {
		const d = decide(evaluation(0.9985), evaluation(0.999));
		expect(d.pass).toBe(true);
	});

	it('rejects a candidate that loses more than the tolerance overall', () => {
		const d = decide(evaluation(0.995), evaluation(0.999));
		expect(d.pass).toBe(false);
		expect(failed(d)).toEqual(['accuracy']);
		expect(d.reason).toMatch(/accuracy 99\.50% vs champion 99\.90%/);
	});

	it('rejects a candidate that is better overall but worse on one large slice', () => {
		const candidate = evaluation(0.999, { year: { '1994': { count: 40, accuracy: 0.95 } } });
		const champion = evaluation(0.998, { year: { '1994': { count: 40, accuracy: 1 } } });
		const d = decide(candidate, champion);
		expect(d.pass).toBe(false);
		expect(failed(d)).toEqual(['slice year=1994']);
	});

	it('ignores slices too small to compare', () => {
		const candidate = evaluation(0.999, { year: { '1994': { count: 10, accuracy: 0.5 } } });
		const champion = evaluation(0.999, { year: { '1994': { count: 10, accuracy: 1 } } });
		expect(decide(candidate, champion).pass).toBe(true);
	});

	it('enforces size, latency and parity budgets even when accuracy is better', () => {
		const d = decide(
			evaluation(
				1,
				{},
				{ modelBytes: 2 * 1024 * 1024, p50Ms: 5, parity: { samples: 1000, maxAbsDiffNode: 1e-3, maxAbsDiffWeb: 0, labelChanges: 2 } }
			),
			evaluation(0.99)
		);
		expect(failed(d).sort()).toEqual(['latency budget', 'onnx parity', 'size budget']);
	});

	it('applies absolute floors when there is no champion', () => {
		expect(decide(evaluation(0.995), null).pass).toBe(true);
		const low = decide(evaluation(0.98), null);
		expect(failed(low)).toEqual(['accuracy floor']);
		const weakSlice = decide(evaluation(0.995, { material: { iron: { count: 300, accuracy: 0.9 } } }), null, DEFAULT_POLICY);
		expect(failed(weakSlice)).toEqual(['slice floor']);
	});

	it('rejects a candidate that gets more golden examples wrong than the champion', () => {
		const d = decide(
			evaluation(0.999, {}, { golden: { count: 24, correct: 22, accuracy: 22 / 24, failures: ['a', 'b'] } }),
			evaluation(0.999, {}, { golden: { count: 24, correct: 24, accuracy: 1, failures: [] } })
		);
		expect(failed(d)).toEqual(['golden']);
	});

	it('applies floors on the realistic hand-written set: unflagged error, flagged share, undecidable flagged, phenomena', () => {
		const realistic = (unflaggedError: number, flaggedShareDecidable: number, undecidableFlagged: number, negation = 0.02) =>
			({
				...evaluation(0.99).report,
				review: { flaggedShare: 0.2, flaggedShareDecidable, unflaggedError, unflagged: 800, undecidable: 200, undecidableFlagged },
				slices: { phenomenon: { negation: { count: 40, accuracy: 0.9, flagged: 0.1, unflaggedError: negation, silentError: negation } } }
			}) as EvaluationReport;
		const good = decide(evaluation(0.995, {}, { realistic: realistic(0.01, 0.1, 0.9) }), null);
		expect(failed(good)).toEqual([]);
		const bad = decide(evaluation(0.995, {}, { realistic: realistic(0.2, 0.5, 0.1, 0.4) }), null);
		expect(failed(bad).sort()).toEqual([
			'realistic: error among unflagged',
			'realistic: flagged',
			'realistic: phenomena',
			'realistic: undecidable flagged'
		]);
		// Against a champion with the same featurizer: no worse beyond the tolerance.
		const worse = decide(
			evaluation(0.995, {}, { realistic: realistic(0.04, 0.1, 0.9) }),
			evaluation(0.995, {}, { realistic: realistic(0.01, 0.1, 0.9) })
		);
		expect(failed(worse)).toEqual(['realistic vs champion']);
	});

	it('refuses a regulation change without an explicit approval, and records the approved one', () => {
		const change = { from: 'cutoff-1995', to: 'cutoff-2000-fair' };
		const refused = decide(evaluation(0.995), null, DEFAULT_POLICY, change);
		expect(failed(refused)).toEqual(['regulation change approved']);
		expect(refused.reason).toMatch(/--approve-regulation-change/);
		const approved = decide(evaluation(0.995), null, { ...DEFAULT_POLICY, approveRegulationChange: 'new directive 2027/14' }, change);
		expect(approved.pass).toBe(true);
		expect(approved.checks.find((c) => c.name === 'regulation change approved')?.detail).toBe(
			'cutoff-1995 -> cutoff-2000-fair: new directive 2027/14'
		);
	});
});
