/** Classified passages as findings: what the CLI writes and the PWA lists. */
import { REVIEW_REASON_TEXT } from '../bundle/model-contract.ts';
import type { Finding, Passage } from './types.ts';

/** Passages per inference job of a document scan: a cancel keeps every job done. */
export const JOB_PASSAGES = 500;

export interface Verdict {
	label: 0 | 1;
	probability: number;
	needsReview: boolean;
	reviewReasons: string[];
}

const NOT_A_DESCRIPTION = REVIEW_REASON_TEXT['not-a-description'];
const NO_YEAR = REVIEW_REASON_TEXT['no-year'];
const NO_MATERIAL = REVIEW_REASON_TEXT['no-material'];

/**
 * The model says this passage is not about a component: "not a component description", or
 * it cannot decide and finds neither a manufacture year nor a material (boilerplate such as
 * "This document is confidential", a title, a bare part name). Not a finding in a document.
 */
export function isNotAComponent(verdict: Pick<Verdict, 'reviewReasons'>): boolean {
	const r = verdict.reviewReasons;
	return r.includes(NOT_A_DESCRIPTION) || (r.includes(NO_YEAR) && r.includes(NO_MATERIAL));
}

export function toFinding(document: string, passage: Passage, verdict: Verdict): Finding {
	return {
		document,
		page: passage.page,
		passage: passage.passage,
		text: passage.text,
		label: verdict.label,
		probability: verdict.probability,
		needsReview: verdict.needsReview,
		reviewReasons: verdict.reviewReasons
	};
}

/** Non-compliant first, then needs review, then by place in the document. */
export function compareFindings(a: Finding, b: Finding): number {
	return b.label - a.label || Number(b.needsReview) - Number(a.needsReview) || a.page - b.page || a.passage - b.passage;
}
