import { describe, expect, it } from 'vitest';
import { REVIEW_REASON_TEXT } from '../bundle/model-contract.ts';
import { reviewReasonCodes, signalReasons } from './review-policy.ts';

const text = (words: number, oov = 0, truncated = false) => ({
	tokens: Array.from({ length: words }, () => ({ kind: 'word' as const, text: 'w', start: 0, end: 1, vocabIndex: 0 })),
	oovCount: oov,
	truncated
});
const policy = { minConfidence: 0.8, maxUnknownShare: 0.34, undecidableThreshold: 0.5 };

describe('review policy', () => {
	it('names the missing facts of an undecidable text in plain words', () => {
		expect(signalReasons([0.9, 0.8, 0.1, 0.2])).toEqual(['no-year']);
		expect(signalReasons([0.9, 0.1, 0.7, 0.6])).toEqual(['no-material', 'no-condition']);
		expect(signalReasons([0.9, 0.9, 0.9, 0.9])).toEqual(['not-a-description']);
		expect(signalReasons([0.9, 0.1, 0.1, 0.1])).toEqual(['undecidable']);
		expect(REVIEW_REASON_TEXT['no-year']).toBe('no manufacture year found');
	});

	it('says nothing for a decidable text, whatever the fact signals', () => {
		// A cast iron bracket with no year is decided (non-compliant): the missing year is no reason to review.
		expect(signalReasons([0.1, 0.95, 0.05, 0.9])).toEqual([]);
		expect(reviewReasonCodes(text(5), 0.99, [0.1, 0.95, 0.05, 0.9], policy)).toEqual([]);
	});

	it('flags low confidence, many unknown words and a cut description, with or without review signals', () => {
		expect(reviewReasonCodes(text(5), 0.6, null, policy)).toEqual(['low-confidence']);
		expect(reviewReasonCodes(text(3, 2), 0.99, null, policy)).toEqual(['many-unknown-words']);
		expect(reviewReasonCodes(text(3, 0, true), 0.01, [0.2, 0, 0, 0], policy)).toEqual(['truncated']);
		expect(reviewReasonCodes(text(3), 0.55, [0.7, 0.9, 0, 0], policy)).toEqual(['no-year', 'low-confidence']);
	});

	it('uses the bundle\'s undecidable threshold', () => {
		expect(reviewReasonCodes(text(3), 0.99, [0.6, 0.9, 0, 0], { ...policy, undecidableThreshold: 0.7 })).toEqual([]);
		expect(reviewReasonCodes(text(3), 0.99, [0.6, 0.9, 0, 0], { ...policy, undecidableThreshold: 0.5 })).toEqual(['no-year']);
	});
});
