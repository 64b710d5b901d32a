/**
 * When a verdict needs a person, and why: one pure function used by the classifier (CLI,
 * server, browser worker) and by training, which chooses the thresholds on hand-written
 * text and reports the share flagged and the error among unflagged verdicts with it.
 */
import type { AnalyzedText } from '../text/featurize.ts';
import type { Manifest } from '../bundle/manifest.ts';
import { REVIEW_SIGNALS, type ReviewReasonCode } from '../bundle/model-contract.ts';

export type ReviewPolicy = Manifest['review'];

/** A fact signal at or above this counts as "missing" when naming the reasons of an undecidable verdict. */
export const SIGNAL_THRESHOLD = 0.5;
export const DEFAULT_UNDECIDABLE_THRESHOLD = 0.5;

/** Reasons from the review signals of one text (REVIEW_SIGNALS order), empty when it can be decided. */
export function signalReasons(signals: ArrayLike<number>, undecidableThreshold = DEFAULT_UNDECIDABLE_THRESHOLD): ReviewReasonCode[] {
	if (signals.length !== REVIEW_SIGNALS.length || !(signals[0] >= undecidableThreshold)) return [];
	const missing = (['no-year', 'no-material', 'no-condition'] as const).filter((_, k) => signals[k + 1] >= SIGNAL_THRESHOLD);
	if (missing.length === 3) return ['not-a-description'];
	return missing.length > 0 ? missing : ['undecidable'];
}

/** Every reason one verdict needs review; empty = a verdict the app can show as final. */
export function reviewReasonCodes(
	text: Pick<AnalyzedText, 'tokens' | 'oovCount' | 'truncated'>,
	probability: number,
	signals: ArrayLike<number> | null | undefined,
	policy: ReviewPolicy
): ReviewReasonCode[] {
	const codes: ReviewReasonCode[] = signals ? signalReasons(signals, policy.undecidableThreshold) : [];
	const confidence = Math.max(probability, 1 - probability);
	if (confidence < policy.minConfidence) codes.push('low-confidence');
	const words = text.tokens.filter((t) => t.kind !== 'number' && t.kind !== 'year').length;
	if (words > 0 && text.oovCount / words > policy.maxUnknownShare) codes.push('many-unknown-words');
	if (text.truncated) codes.push('truncated');
	return codes;
}
