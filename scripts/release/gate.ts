/**
 * The promotion gate: a pure decision from two evaluations on the same frozen set.
 * A candidate is promoted only when every check passes; the reasons say what failed.
 */
import { percent } from '#lib/format/percent.ts';
import { PARITY_TOLERANCE } from '../../training/src/onnx/parity.ts';
import type { VersionEvaluation } from './evaluate.ts';
import type { GateCheck, GateDecision } from '#lib/registry/promotion.ts';

export interface GatePolicy {
	/** Max accuracy drop vs the champion, absolute (0.002 = 0.2 pt). */
	accuracyTolerance: number;
	/** Max accuracy drop on any slice with at least `minSliceCount` samples in both (0.01 = 1 pt). */
	sliceTolerance: number;
	minSliceCount: number;
	/** Floors used when there is no champion to compare with. */
	minAccuracy: number;
	minSliceAccuracy: number;
	/**
	 * ONNX file budget in bytes. Default 1 MB: raised from 150 KB for contextual models
	 * (stacked dilated convolutions, ~0.4-0.6 MB) that read negation, corrections and which
	 * year belongs to what; still a small download next to the 2.3 MB shared vocabulary.
	 */
	maxModelBytes: number;
	/** p50 ms per description in onnxruntime-node (default 2). */
	maxP50Ms: number;
	/** ONNX vs TF.js max |difference| recorded by training (default the training gate's 1e-5). */
	parityTolerance: number;
	/** Realistic hand-written set: most wrong-or-undecidable verdicts allowed among those NOT flagged for review. */
	maxUnflaggedError: number;
	/** Realistic set: most decidable descriptions that may be flagged for review. */
	maxFlaggedDecidable: number;
	/** Realistic set: least share of undecidable descriptions that must be flagged. */
	minUndecidableFlagged: number;
	/**
	 * Realistic set: in every phenomenon slice with at least minSliceCount rows, at most this
	 * share of rows is shown as a final verdict that is wrong (or should have been flagged).
	 */
	maxPhenomenonSilentError: number;
	/** Realistic set vs a comparable champion: max rise of the unflagged error (absolute). */
	realisticTolerance: number;
	/** Golden examples (both models' lists) the candidate may get wrong beyond the champion's count (default 0). */
	goldenTolerance: number;
	/** Field-eval set (reviewed labels, release --feedback): max accuracy drop vs the champion (default 0.01). */
	fieldTolerance?: number;
	/** The reason a release changes the regulation (`--approve-regulation-change`); without it such a candidate is refused. */
	approveRegulationChange?: string;
}

export const DEFAULT_POLICY: GatePolicy = {
	accuracyTolerance: 0.002,
	sliceTolerance: 0.01,
	minSliceCount: 30,
	minAccuracy: 0.99,
	minSliceAccuracy: 0.95,
	maxModelBytes: 1024 * 1024,
	maxP50Ms: 2,
	parityTolerance: PARITY_TOLERANCE,
	maxUnflaggedError: 0.05,
	maxFlaggedDecidable: 0.2,
	minUndecidableFlagged: 0.6,
	maxPhenomenonSilentError: 0.1,
	realisticTolerance: 0.01,
	goldenTolerance: 0,
	fieldTolerance: 0.01
};

/** The field evaluation set (reviewed labels, never trained on): not worse than a comparable champion beyond the tolerance. */
function fieldChecks(
	candidate: VersionEvaluation,
	champion: VersionEvaluation | null,
	policy: GatePolicy,
	check: (name: string, ok: boolean, detail: string) => void
): void {
	const f = candidate.field;
	if (!f || f.count === 0) return;
	const base = champion?.field;
	const tolerance = policy.fieldTolerance ?? 0.01;
	if (base && champion.featurizerVersion === candidate.featurizerVersion)
		check(
			'field-eval vs champion',
			base.accuracy - f.accuracy <= tolerance,
			`${pct(f.accuracy)} of ${f.count} reviewed field texts vs champion ${pct(base.accuracy)} (tolerance ${pct(tolerance)})`
		);
	else check('field-eval', true, `${pct(f.accuracy)} of ${f.count} reviewed field texts (no comparable champion: reported, not compared)`);
}

/** Floors on the realistic set; with a comparable champion (same featurizer), no worse than it beyond the tolerance. */
function realisticChecks(
	candidate: VersionEvaluation,
	champion: VersionEvaluation | null,
	policy: GatePolicy,
	check: (name: string, ok: boolean, detail: string) => void
): void {
	const r = candidate.realistic;
	if (!r?.review) return;
	const v = r.review;
	check(
		'realistic: error among unflagged',
		v.unflaggedError <= policy.maxUnflaggedError,
		`${pct(v.unflaggedError)} of ${v.unflagged} unflagged verdicts wrong or undecidable (floor ${pct(policy.maxUnflaggedError)})`
	);
	check(
		'realistic: flagged',
		v.flaggedShareDecidable <= policy.maxFlaggedDecidable,
		`${pct(v.flaggedShareDecidable)} of decidable descriptions flagged for review (limit ${pct(policy.maxFlaggedDecidable)})`
	);
	check(
		'realistic: undecidable flagged',
		v.undecidable === 0 || v.undecidableFlagged >= policy.minUndecidableFlagged,
		`${pct(v.undecidableFlagged)} of ${v.undecidable} undecidable descriptions flagged (floor ${pct(policy.minUndecidableFlagged)})`
	);
	const weak = Object.entries(r.slices.phenomenon ?? {})
		.filter(([, s]) => s.count >= policy.minSliceCount && (s.silentError ?? 0) > policy.maxPhenomenonSilentError)
		.map(([k, s]) => `${k} ${pct(s.silentError ?? 0)}`);
	check(
		'realistic: phenomena',
		weak.length === 0,
		weak.length
			? `silent errors (wrong and not flagged) above ${pct(policy.maxPhenomenonSilentError)} of rows: ${weak.join(', ')}`
			: `every phenomenon has at most ${pct(policy.maxPhenomenonSilentError)} of its rows shown as a wrong final verdict`
	);
	const base = champion?.realistic?.review;
	if (base && champion.featurizerVersion === candidate.featurizerVersion)
		check(
			'realistic vs champion',
			v.unflaggedError - base.unflaggedError <= policy.realisticTolerance,
			`unflagged error ${pct(v.unflaggedError)} vs champion ${pct(base.unflaggedError)} (tolerance ${pct(policy.realisticTolerance)})`
		);
}

// The decision's shape is shared with the promotion flow the admin page uses.
export type { GateCheck, GateDecision } from '#lib/registry/promotion.ts';

const pct = (x: number) => percent(x, 2);

/**
 * @param regulationChange the champion was trained for another regulation: no comparison with
 *   its labels (pass `champion` null); the floors decide, and the change needs an approval.
 */
export function decide(
	candidate: VersionEvaluation,
	champion: VersionEvaluation | null,
	policy: GatePolicy = DEFAULT_POLICY,
	regulationChange: { from: string; to: string } | null = null
): GateDecision {
	const checks: GateCheck[] = [];
	const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
	if (regulationChange) {
		const reason = policy.approveRegulationChange?.trim();
		check(
			'regulation change approved',
			Boolean(reason),
			reason
				? `${regulationChange.from} -> ${regulationChange.to}: ${reason}`
				: `${regulationChange.from} -> ${regulationChange.to} needs an explicit approval: --approve-regulation-change "reason"`
		);
	}
	const c = candidate.report;

	if (champion) {
		const drop = champion.report.accuracy - c.accuracy;
		check(
			'accuracy',
			drop <= policy.accuracyTolerance,
			`${pct(c.accuracy)} vs champion ${pct(champion.report.accuracy)} (tolerance ${pct(policy.accuracyTolerance)})`
		);
		for (const [dimension, values] of Object.entries(c.slices)) {
			for (const [value, slice] of Object.entries(values)) {
				const base = champion.report.slices[dimension]?.[value];
				if (!base || slice.count < policy.minSliceCount || base.count < policy.minSliceCount) continue;
				const sliceDrop = base.accuracy - slice.accuracy;
				if (sliceDrop > policy.sliceTolerance)
					check(
						`slice ${dimension}=${value}`,
						false,
						`${pct(slice.accuracy)} vs champion ${pct(base.accuracy)} (n=${slice.count}, tolerance ${pct(policy.sliceTolerance)})`
					);
			}
		}
		if (!checks.some((k) => k.name.startsWith('slice ')))
			check('slices', true, `no slice with >= ${policy.minSliceCount} samples dropped more than ${pct(policy.sliceTolerance)}`);
		check(
			'golden',
			candidate.golden.correct + policy.goldenTolerance >= champion.golden.correct,
			`${candidate.golden.correct}/${candidate.golden.count} golden examples vs champion ${champion.golden.correct}/${champion.golden.count}`
		);
	} else {
		check('accuracy floor', c.accuracy >= policy.minAccuracy, `${pct(c.accuracy)} (no champion; floor ${pct(policy.minAccuracy)})`);
		const weak = Object.entries(c.slices).flatMap(([d, values]) =>
			Object.entries(values)
				.filter(([, s]) => s.count >= policy.minSliceCount && s.accuracy < policy.minSliceAccuracy)
				.map(([v, s]) => `${d}=${v} ${pct(s.accuracy)}`)
		);
		check(
			'slice floor',
			weak.length === 0,
			weak.length ? `below ${pct(policy.minSliceAccuracy)}: ${weak.join(', ')}` : `every slice >= ${pct(policy.minSliceAccuracy)}`
		);
		check(
			'golden',
			candidate.golden.correct === candidate.golden.count,
			`${candidate.golden.correct}/${candidate.golden.count} golden examples`
		);
	}
	realisticChecks(candidate, champion, policy, check);
	fieldChecks(candidate, champion, policy, check);
	const parityDiff = Math.max(candidate.parity.maxAbsDiffNode, candidate.parity.maxAbsDiffWeb);
	check(
		'onnx parity',
		candidate.parity.samples > 0 && parityDiff < policy.parityTolerance && candidate.parity.labelChanges === 0,
		`max |TF.js - ONNX| ${parityDiff.toExponential(2)} on ${candidate.parity.samples} samples, ${candidate.parity.labelChanges} label changes`
	);
	check(
		'size budget',
		candidate.modelBytes <= policy.maxModelBytes,
		`${(candidate.modelBytes / 1024).toFixed(1)} KB (budget ${(policy.maxModelBytes / 1024).toFixed(0)} KB)`
	);
	check(
		'latency budget',
		candidate.p50Ms <= policy.maxP50Ms,
		`p50 ${candidate.p50Ms.toFixed(3)} ms per description (budget ${policy.maxP50Ms} ms)`
	);

	const failed = checks.filter((k) => !k.ok);
	return {
		pass: failed.length === 0,
		checks,
		// The full list is in `checks` (and the log); the reason stays one readable line.
		reason: failed.length
			? `failed: ${failed
					.slice(0, 4)
					.map((k) => `${k.name} ${k.detail}`)
					.join('; ')}${failed.length > 4 ? `; and ${failed.length - 4} more checks` : ''}`
			: `passed: ${checks.map((k) => k.name).join(', ')}`
	};
}
