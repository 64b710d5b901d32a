/** Classified passages as findings: what the CLI writes and the PWA lists. */
import { REVIEW_REASON_TEXT } from '../bundle/model-contract.ts';
import type { Finding, Passage } from './types.ts';

export interface Verdict {
	label: 0 | 1;
	probability: number;
	needsReview: boolean;
	reviewReasons: string[];
}

const NOT_A_DESCRIPTION = REVIEW_REASON_TEXT['not-a-description'];

/** The model says this passage is not about a component (boilerplate, a title): not a finding. */
export function isNotAComponent(verdict: Pick<Verdict, 'reviewReasons'>): boolean {
	return verdict.reviewReasons.includes(NOT_A_DESCRIPTION);
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
